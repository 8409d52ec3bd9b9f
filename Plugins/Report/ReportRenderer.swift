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
    let library = try library.get()
    guard let html = library.render(values, withTemplate: "page") else {
      throw PluginError(wrapping: .internalError("the report template is missing"))
    }
    return html
  }

  /// Now, as the report's ISO 8601 timestamp (UTC, seconds).
  static func timestamp(_ date: Date = Date()) -> String {
    date.ISO8601Format()
  }
}
