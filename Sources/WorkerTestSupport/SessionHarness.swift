public import Foundation
import Logging
import Synchronization
public import WorkerCore
public import WorkerProtocol

/// Drives a ``WorkerSession`` in memory through a ``LocalConnection`` and collects what it writes.
///
/// Waits sleep the task instead of blocking a thread, so handlers on the shared cooperative pool
/// keep running while a test waits for them.
public final class SessionHarness: Sendable {
  /// The messages received so far, shared with the connection's queue.
  private final class Inbox: Sendable {
    let messages = Mutex<[JSONValue]>([])
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
    }
  }

  /// Sends one line (a newline is not needed).
  public func send(_ line: String) { connection.send(line) }

  /// Sends an over-long-line event, as the framer reports it.
  public func sendOversized(byteCount: Int) { connection.sendOversized(byteCount: byteCount) }

  /// Tells the session that input ended.
  public func endInput() { connection.endInput() }

  /// Waits until at least `count` messages arrived in total, or `timeout` passes; returns all so far.
  ///
  /// The timeout is only a safety net: handlers share the cooperative pool (two threads on a two-core machine)
  /// with every CPU-bound test running in parallel, and on a loaded machine they may not run for tens of seconds.
  public func waitForMessages(_ count: Int, timeout: TimeInterval = 180) async -> [JSONValue] {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let snapshot = messages
      if snapshot.count >= count || Date() >= deadline { return snapshot }
      try? await Task.sleep(nanoseconds: 5_000_000)
    }
  }

  /// Every message received so far.
  public var messages: [JSONValue] { inbox.messages.withLock { $0 } }

  /// Lets pending work run, then returns the messages so far (for asserting that nothing came).
  public func settle(milliseconds: Int = 100) async -> [JSONValue] {
    try? await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
    return messages
  }

  /// The session's outcome, reply count and running requests.
  public var state: (outcome: WorkerSession.Outcome?, replies: Int, inFlight: Int) { connection.state }
}
