import EstateModel
import Foundation
import Gateways
import Logging
import MigrationEngine
import PluginAPI
import Validation
import WorkerProtocol

@testable import Report

/// Calls `report/html` with the engine's real services over an estate root.
struct ReportFixture {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let sampleRoot = packageRoot.appendingPathComponent("examples/sample-estate")

  let services: PluginServices
  let estates: EstateStore
  let lifecycle: LifecycleEngine

  /// Services over `root`, with an in-memory ledger.
  init(root: URL = Self.sampleRoot) {
    let plugins: [any WorkerPlugin] = [ValidationPlugin(), GatewaysPlugin()]
    estates = EstateStore(root: root)
    let validation = ValidationEngine(plugins: plugins)
    let arm = ARMPlanner(store: estates, steps: plugins.flatMap(\.armMappingSteps))
    lifecycle = LifecycleEngine(
      location: LedgerLocation(argument: ":memory:"), dependencies: .engine(validation: validation, arm: arm))
    var services = PluginServices()
    services.register(estates, as: (any EstateResolving).self)
    services.register(validation, as: (any ValidationRunning).self)
    services.register(arm, as: (any ARMPlanning).self)
    services.register(lifecycle, as: (any LedgerReading).self)
    services.register(GatewayRunbookService(), as: (any GatewayRunbookPlanning).self)
    self.services = services
  }

  /// The method's result for `params`.
  func call(_ params: JSONValue) async throws -> JSONValue {
    let context = RequestContext(
      method: "report/html", logger: Logger(label: "report-tests"), services: services,
      cancellation: CancellationFlag(), progressSink: { _ in })
    return try await ReportPlugin.html.handler(params, context)
  }

  /// The page for `params`.
  func html(_ params: JSONValue) async throws -> String {
    try await call(params)["html"]?.stringValue ?? ""
  }

  /// The page for `params`, its cloud services' views written as `serviceViews` says whatever their number.
  func html(_ params: JSONValue, serviceViews: ServiceViewRendering) async throws -> String {
    let decoded = try JSONValueDecoder().decode(ReportPlugin.Params.self, from: params)
    let context = RequestContext(
      method: "report/html", logger: Logger(label: "report-tests"), services: services,
      cancellation: CancellationFlag(), progressSink: { _ in })
    return try await ReportPage(params: decoded, context: context, serviceViews: serviceViews).render().html
  }

  /// The validation report of one target, as the report's source.
  func validation(_ target: MigrationTarget, estate: EstateReference) throws -> ValidationReport {
    let resolved = try estates.resolve(estate, field: "estate")
    let engine = ValidationEngine(plugins: [ValidationPlugin(), GatewaysPlugin()])
    return try engine.run(ValidationRequest(load: resolved.load, target: target))
  }

  /// `text` as the page's template escapes it.
  static func escaped(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "&": out += "&amp;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }
}
