import Certificates
import EstateModel
import Extensions
import Foundation
import Gateways
import Logging
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol
import WorkerTestSupport

/// Every long loop over an estate stops when its request is cancelled: each method below is run as the worker runs
/// it, and the client "cancels" on the first progress report, so the next step must end the handler with the
/// cancellation error instead of finishing (without the checks it finishes and reports every step).
struct LoopCancellationTests {
  /// `services` cloud services spread over `networks` VNets, each service with one worker role.
  static func estate(services: Int, networks: Int) -> JSONValue {
    SyntheticEstate.document(services: services, networks: networks)
  }

  /// The engine services a worker registers, over an empty root.
  static func services() -> PluginServices {
    let root = FileManager.default.temporaryDirectory
    let estates = EstateStore(root: root)
    var services = PluginServices()
    services.register(estates, as: (any EstateResolving).self)
    services.register(ARMPlanner(store: estates), as: (any ARMPlanning).self)
    services.register(RootedFileReader(root: root), as: RootedFileReader.self)
    return services
  }

  static let plugins: [any WorkerPlugin] = [ARMPlugin(), GatewaysPlugin(), ExtensionsPlugin(), CertificatesPlugin()]

  /// Runs `method` as a request that is cancelled at its first progress report; the handler's outcome and the
  /// number of reports it made.
  static func runCancelledAtFirstStep(_ method: String, _ params: JSONValue) async throws -> (
    outcome: Result<JSONValue, ResponseError>, reports: Int
  ) {
    let spec = try #require(plugins.lazy.flatMap(\.methods).first { $0.name == method }, "no method \(method)")
    let flag = CancellationFlag()
    let reports = LockedValue(0)
    let context = RequestContext(
      method: method, logger: Logger(label: "test"), services: services(), cancellation: flag,
      progressSink: { _ in
        reports.withLock { $0 += 1 }
        flag.cancel()
      })
    let outcome: Result<JSONValue, ResponseError>
    do {
      outcome = .success(try await spec.handler(params, context))
    } catch {
      outcome = .failure(ResponseError(mapping: error))
    }
    return (outcome, reports.withLock { $0 })
  }

  static let estateDocument = estate(services: 24, networks: 6)
  static let vnetTarget: JSONValue = ["virtualNetwork": "net-0"]

  /// The method, and params over the estate, of every loop that reports steps.
  static let cases: [(method: String, params: JSONValue)] = [
    ("arm/plan", ["estate": ["document": estateDocument], "target": vnetTarget]),
    ("arm/template", ["estate": ["document": estateDocument], "target": vnetTarget]),
    ("artifacts/rewrite", ["estate": ["document": estateDocument], "target": vnetTarget]),
    ("gateways/inventory", ["estate": ["document": estateDocument]]),
    ("extensions/inventory", ["estate": ["document": estateDocument]]),
    ("extensions/convert", ["estate": ["document": estateDocument], "target": vnetTarget]),
    ("certificates/match", ["estate": ["document": estateDocument], "target": vnetTarget, "files": []]),
    ("certificates/plan", ["estate": ["document": estateDocument], "target": vnetTarget]),
  ]

  @Test(arguments: cases.map(\.method))
  func aCancelledLoopStopsAtItsNextStep(method: String) async throws {
    let params = try #require(Self.cases.first { $0.method == method }?.params)
    let (outcome, reports) = try await Self.runCancelledAtFirstStep(method, params)
    guard case .failure(let error) = outcome else {
      Issue.record("\(method) finished although it was cancelled at its first step (\(reports) reports)")
      return
    }
    #expect(error.code == .requestCancelled, "\(method): \(error)")
    #expect(reports == 1, "\(method) went on after the cancel")
  }

  /// Not cancelled, the same requests finish and report one step per service or VNet.
  @Test(arguments: cases.map(\.method))
  func anUncancelledLoopReportsEveryStep(method: String) async throws {
    let params = try #require(Self.cases.first { $0.method == method }?.params)
    let spec = try #require(Self.plugins.lazy.flatMap(\.methods).first { $0.name == method })
    let reports = LockedValue<[ProgressUpdate]>([])
    let context = RequestContext(
      method: method, logger: Logger(label: "test"), services: Self.services(), cancellation: CancellationFlag(),
      progressSink: { update in reports.withLock { $0.append(update) } })
    _ = try await spec.handler(params, context)
    let updates = reports.withLock { $0 }
    #expect(updates.count > 1, "\(method)")
    #expect(
      updates.last.map { $0.progress == $0.total } ?? false,
      "\(method): \(updates.last.map(String.init(describing:)) ?? "")")
  }
}
