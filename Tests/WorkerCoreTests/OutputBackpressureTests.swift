import Diagnostics
import Logging
import PluginAPI
import Testing
import WorkerCore
import WorkerProtocol

/// Replies piling up unread stop the session from starting handlers; they start again once the output drains.
struct OutputBackpressureTests {
  static func receive(_ session: WorkerSession, _ line: String) {
    Array(line.utf8).withUnsafeBytes { session.receive(line: $0) }
  }

  @Test func heldOutputStopsNewHandlersUntilItDrains() throws {
    var configuration = WorkerConfiguration()
    configuration.writeHighWaterBytes = 1_000
    configuration.writeLowWaterBytes = 100
    let registry = try MethodRegistry(plugins: [DiagnosticsPlugin()], enabled: ["diagnostics"])
    let session = WorkerSession(
      registry: registry, configuration: configuration, logger: Logger(label: "test"), wake: {})
    let slow = #""method":"diagnostics/slow","params":{"steps":10000,"stepMilliseconds":50}"#
    Self.receive(session, #"{"jsonrpc":"2.0","id":1,\#(slow)}"#)
    #expect(session.inFlightCount == 1 && session.waitingCount == 0)

    // Between the marks nothing changes; above the high-water mark new requests are admitted but not started.
    session.outputBacklogChanged(queuedBytes: 500)
    #expect(!session.launchesHeld)
    session.outputBacklogChanged(queuedBytes: 1_001)
    #expect(session.launchesHeld)
    for id in 2...6 { Self.receive(session, #"{"jsonrpc":"2.0","id":\#(id),\#(slow)}"#) }
    #expect(session.inFlightCount == 6)
    #expect(session.waitingCount == 5)
    // Built-ins are still answered at once.
    Self.receive(session, #"{"jsonrpc":"2.0","id":"p","method":"ping"}"#)
    var written = 0
    session.drainOutput { written += $0.count }
    #expect(written > 0)

    // Still above the low-water mark: held. At the low-water mark: every waiting request starts.
    session.outputBacklogChanged(queuedBytes: 101)
    #expect(session.waitingCount == 5)
    session.outputBacklogChanged(queuedBytes: 100)
    #expect(!session.launchesHeld)
    #expect(session.waitingCount == 0 && session.inFlightCount == 6)

    Self.receive(session, #"{"jsonrpc":"2.0","method":"exit"}"#)
    #expect(session.inFlightCount == 0)
  }
}
