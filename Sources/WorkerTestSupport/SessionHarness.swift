public import Foundation
import Logging
public import WorkerCore
public import WorkerProtocol

/// Drives a ``WorkerSession`` in memory through a ``LocalConnection`` and collects what it writes.
///
/// Waits suspend the task until the awaited messages or state arrive (never for a fixed time), so handlers on the
/// shared cooperative pool keep running while a test waits for them.
public final class SessionHarness: Sendable {
  /// The messages received so far, shared with the connection's queue.
  private final class Inbox: Sendable {
    let messages = LockedValue<[JSONValue]>([])
    let arrivals = ChangeNotifier()
  }

  private let inbox = Inbox()
  private let connection: LocalConnection

  /// Makes a harness around a fresh session.
  public init(registry: MethodRegistry, configuration: WorkerConfiguration = WorkerConfiguration()) {
    var logger = Logger(label: "csmigrate.test")
    logger.logLevel = .critical
    let inbox = self.inbox
    connection = LocalConnection(registry: registry, configuration: configuration, logger: logger) { message in
      inbox.messages.withLock { $0.append(message) }
      inbox.arrivals.signal()
    }
  }

  /// Sends one line (a newline is not needed).
  public func send(_ line: String) { connection.send(line) }

  /// Sends an over-long-line event, as the framer reports it.
  public func sendOversized(byteCount: Int) { connection.sendOversized(byteCount: byteCount) }

  /// Tells the session that input ended.
  public func endInput() { connection.endInput() }

  /// Waits until at least `count` messages arrived in total (or, as a safety net, `timeout` seconds passed);
  /// returns all so far.
  public func waitForMessages(_ count: Int, timeout: TimeInterval = 300) async -> [JSONValue] {
    _ = await inbox.arrivals.wait(timeout: timeout) { messages.count >= count }
    return messages
  }

  /// Every message received so far.
  public var messages: [JSONValue] { inbox.messages.withLock { $0 } }

  /// Waits until every line sent so far was handled and no request is running, then returns every message (for
  /// asserting that nothing more came).
  public func settle() async -> [JSONValue] {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      connection.whenIdle { continuation.resume() }
    }
    return messages
  }

  /// How many requests the session started without a task, through their method's ``MethodStarter``.
  public var startedWithoutTask: Int { connection.startedWithoutTask }

  /// The session's outcome, reply count and running requests.
  public var state: (outcome: WorkerSession.Outcome?, replies: Int, inFlight: Int) { connection.state }
}
