import Foundation
import Mustache
import PluginAPI
import WorkerProtocol

/// Renders a report's values with its templates (compiled once per process).
enum ReportRenderer {
  private static let library: Result<MustacheLibrary, PluginError> = {
    do {
      var library = MustacheLibrary()
      let templates = [
        ("style", ReportTemplate.style), ("findingsHead", ReportTemplate.findingsHead),
        ("finding", ReportTemplate.finding), ("planHead", ReportTemplate.planHead),
        ("planRow", ReportTemplate.planRow), ("services", ReportTemplate.services),
        ("serviceEntries", ReportTemplate.serviceEntries), ("pageStart", ReportTemplate.pageStart),
        ("targetStart", ReportTemplate.targetStart), ("pageEnd", ReportTemplate.pageEnd),
      ]
      for (name, text) in templates { try library.register(text, named: name) }
      return .success(library)
    } catch {
      return .failure(PluginError(wrapping: .internalError("the report template does not parse: \(error)")))
    }
  }()

  /// `values` rendered with the library's template `name`.
  ///
  /// - Throws: `-32603` when a built-in template does not parse or is missing (a defect, caught by the tests).
  static func render(_ values: [String: Any], template name: String) throws(PluginError) -> String {
    let library = try library.get()
    guard let html = library.render(values, withTemplate: name) else {
      throw PluginError(wrapping: .internalError("the report template \(name) is missing"))
    }
    return html
  }

  /// Now, as the report's ISO 8601 timestamp (UTC, seconds).
  static func timestamp(_ date: Date = Date()) -> String {
    date.ISO8601Format()
  }
}

/// How a report writes its cloud services' views and their contents entries.
enum ServiceViewRendering: Sendable {
  /// With the `services` and `serviceEntries` templates.
  case templates
  /// With ``ServiceViewWriter``, which writes the same HTML without the templates' look-ups.
  case writer

  /// The templates up to ``ReportPlugin/templatedServicesUpTo`` services, the writer above.
  init(services count: Int) {
    self = count <= ReportPlugin.templatedServicesUpTo ? .templates : .writer
  }
}

/// Writes a report's page in order: summary and contents, each target's section with its cloud services' views,
/// the footer. Each part goes into the output as it is made; no part holds another's HTML.
struct ReportPageWriter {
  let serviceViews: ServiceViewRendering

  /// Room to reserve for a page of `services` cloud services (about 1.9 KB each in large reports).
  static func estimatedBytes(services: Int) -> Int {
    64 * 1024 + 2 * 1024 * services
  }

  /// Writes the page of `page` (the summary's values) and `sections`.
  func write(page: [String: Any], sections: [TargetSection], to output: inout HTMLOutput) throws(PluginError) {
    var start = page
    var targets: [[String: Any]] = []
    targets.reserveCapacity(sections.count)
    for section in sections {
      var values = section.values
      values["serviceEntries"] = try entries(section.services)
      targets.append(values)
    }
    start["targets"] = targets
    output.raw(try ReportRenderer.render(start, template: "pageStart"))
    for section in sections {
      output.raw(try ReportRenderer.render(section.values, template: "targetStart"))
      try write(section.services, to: &output)
      output.raw(ReportTemplate.targetEnd)
    }
    output.raw(try ReportRenderer.render(page, template: "pageEnd"))
  }

  /// The contents' entries of one target's cloud services.
  func entries(_ views: [ServiceView]) throws(PluginError) -> String {
    switch serviceViews {
    case .templates:
      return try ReportRenderer.render(["services": views.map(\.templateValues)], template: "serviceEntries")
    case .writer:
      var entries = HTMLOutput(capacity: 160 * views.count)
      for view in views { ServiceViewWriter.writeEntry(view, to: &entries) }
      return entries.text
    }
  }

  /// The views of one target's cloud services.
  func write(_ views: [ServiceView], to output: inout HTMLOutput) throws(PluginError) {
    switch serviceViews {
    case .templates:
      output.raw(try ReportRenderer.render(["services": views.map(\.templateValues)], template: "services"))
    case .writer:
      for view in views { ServiceViewWriter.write(view, to: &output) }
    }
  }
}
