import Foundation
import Testing
import WorkerProtocol

@testable import EstateModel

/// The load's hook (``EstateLoadSteps``): one step per file read for the whole estate and per cloud service, and a
/// load that stops at the hook's cancellation.
@Suite struct LoadStepsTests {
  /// What a hook heard: each report's `done`, `total` and message.
  final class Heard: Sendable {
    let reports = LockedValue<[(done: Int, total: Int, message: String)]>([])
    let cancelled = LockedValue(false)
    /// Whether the hook cancels the load at its first report.
    let cancelAtFirstReport: Bool

    init(cancelAtFirstReport: Bool = false) { self.cancelAtFirstReport = cancelAtFirstReport }

    var steps: EstateLoadSteps {
      EstateLoadSteps(
        report: { done, total, message in
          self.reports.withLock { $0.append((done, total, message)) }
          if self.cancelAtFirstReport { self.cancelled.withLock { $0 = true } }
        },
        isCancelled: { self.cancelled.withLock { $0 } })
    }
  }

  /// Every service is one step, on the serial and on the parallel path; an inline `.netcfg` is one more, first.
  @Test(arguments: [3, 100])
  func everyServiceAndTheNetworkFileIsOneStep(services: Int) throws {
    let netcfg =
      #"<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">"#
      + "<VirtualNetworkConfiguration/></NetworkConfiguration>"
    let netcfgReference = try String(decoding: JSONEncoder().encode(["inline": netcfg]), as: UTF8.self)
    let text = try HostileInputTests.document(services: services)
      .replacingOccurrences(of: #"{"version": 1, "#, with: #"{"version": 1, "netcfg": \#(netcfgReference), "#)
    let heard = Heard()
    let load = HostileInputTests.loader().load(documentText: text, baseDirectory: nil, steps: heard.steps)
    #expect(!load.stoppedEarly)
    #expect(load.estate.cloudServices.count == services)
    let reports = heard.reports.withLock { $0 }
    #expect(reports.map(\.done).sorted() == Array(1...(services + 1)))
    #expect(reports.allSatisfy { $0.total == services + 1 })
    #expect(reports.first?.message == "read the network configuration")
    let serviceMessages = Set(reports.dropFirst().map(\.message))
    #expect(serviceMessages == Set((0..<services).map { "assembled the cloud service s\($0)" }))
  }

  /// A hook that cancels at the first report stops the load: it is marked as stopped early and, on the serial
  /// path, no service after the first is assembled (on the parallel path, only those already under way).
  @Test(arguments: [3, 100])
  func theHooksCancellationStopsTheLoad(services: Int) throws {
    let text = try HostileInputTests.document(services: services)
    let heard = Heard(cancelAtFirstReport: true)
    let load = HostileInputTests.loader().load(documentText: text, baseDirectory: nil, steps: heard.steps)
    #expect(load.stoppedEarly)
    #expect(load.estate.cloudServices.isEmpty)
    let reported = heard.reports.withLock { $0.count }
    let assembler = EstateAssembler(files: HostileInputTests.loader().files, documentFile: nil, baseDirectory: "")
    if services < assembler.parallelFromServices {
      #expect(reported == 1)
    } else {
      #expect(reported >= 1 && reported < services)
    }
  }
}
