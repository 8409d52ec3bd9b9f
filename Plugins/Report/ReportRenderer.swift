import Foundation
import Mustache
import PluginAPI
import WorkerProtocol

/// Renders a report's values with the page template (compiled once per process).
enum ReportRenderer {
  private static let library: Result<MustacheLibrary, PluginError> = {
    do {
      var library = MustacheLibrary()
      try library.register(ReportTemplate.style, named: "style")
      try library.register(ReportTemplate.findingsHead, named: "findingsHead")
      try library.register(ReportTemplate.finding, named: "finding")
      try library.register(ReportTemplate.planHead, named: "planHead")
      try library.register(ReportTemplate.planRow, named: "planRow")
      try library.register(ReportTemplate.services, named: "services")
      try library.register(ReportTemplate.page, named: "page")
      return .success(library)
    } catch {
      return .failure(PluginError(wrapping: .internalError("the report template does not parse: \(error)")))
    }
  }()

  /// The HTML page for `values`.
  ///
  /// - Throws: `-32603` when the built-in template does not parse (a defect, caught by the tests).
  static func render(_ values: [String: Any]) throws(PluginError) -> String {
    try render(values, template: "page")
  }

  /// `values` rendered with the library's template `name`.
  static func render(_ values: [String: Any], template name: String) throws(PluginError) -> String {
    let library = try library.get()
    guard let html = library.render(values, withTemplate: name) else {
      throw PluginError(wrapping: .internalError("the report template \(name) is missing"))
    }
    return html
  }

  /// Services rendered per slice.
  static let servicesPerSlice = 256

  /// The views of `services` (the `services` template), slices of ``servicesPerSlice`` rendered on all cores.
  ///
  /// Rendering is most of a large report's time; each slice is rendered apart and the pieces joined in order.
  static func renderServices(_ services: [[String: Any]]) throws(PluginError) -> String {
    let slices = (services.count + servicesPerSlice - 1) / servicesPerSlice
    guard slices > 1 else { return try render(["services": services], template: "services") }
    let library = try library.get()
    var pieces = [String?](repeating: nil, count: slices)
    // The values are only read, each iteration writes only its own slot, and both outlive `concurrentPerform`.
    nonisolated(unsafe) let input = services
    pieces.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let output = buffer
      DispatchQueue.concurrentPerform(iterations: slices) { slice in
        let range = (slice * servicesPerSlice)..<min((slice + 1) * servicesPerSlice, input.count)
        output[slice] = library.render(["services": Array(input[range])], withTemplate: "services")
      }
    }
    guard pieces.allSatisfy({ $0 != nil }) else {
      throw PluginError(wrapping: .internalError("the report template services is missing"))
    }
    return pieces.compactMap(\.self).joined()
  }

  /// Now, as the report's ISO 8601 timestamp (UTC, seconds).
  static func timestamp(_ date: Date = Date()) -> String {
    date.ISO8601Format()
  }
}
