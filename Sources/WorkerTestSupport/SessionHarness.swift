import Dispatch
public import Foundation
import Logging
public import WorkerCore
public import WorkerProtocol

/// Drives a ``WorkerSession`` in memory, with a serial queue standing in for the loop thread.
///
/// Lines go in as strings; every line the session writes comes back parsed. This runs the whole
/// classification, dispatch and reply path except libuv.
public final class SessionHarness: @unchecked Sendable {
  // @unchecked: `session` and `received` are only touched on `loop`.
  private let loop = DispatchQueue(label: "csmigrate.test.loop")
  private var session: WorkerSession?
  private var received: [JSONValue] = []

  /// Makes a harness around a fresh session.
  public init(registry: MethodRegistry, configuration: WorkerConfiguration = WorkerConfiguration()) {
    var logger = Logger(label: "csmigrate.test")
    logger.logLevel = .critical
    loop.sync {
      session = WorkerSession(
        registry: registry, configuration: configuration, logger: logger,
        wake: { [weak self] in
          guard let self else { return }
          self.loop.async { self.drain() }
        })
    }
  }

  /// Sends one line (a newline is not needed).
  public func send(_ line: String) {
    loop.async { [self] in
      var bytes = Array(line.utf8)
      bytes.withUnsafeMutableBytes { session?.receive(line: UnsafeRawBufferPointer($0)) }
      collect()
    }
  }

  /// Sends an over-long-line event, as the framer reports it.
  public func sendOversized(byteCount: Int) {
    loop.async { [self] in
      session?.receiveOversizedLine(byteCount: byteCount)
      collect()
    }
  }

  /// Tells the session that input ended.
  public func endInput() {
    loop.async { [self] in
      session?.inputDidEnd()
      collect()
    }
  }

  /// Waits until at least `count` messages arrived in total, or `timeout` passes; returns all so far.
  ///
  /// Waits by sleeping the task, never by blocking a thread, so handlers on the shared
  /// cooperative pool keep running while a test waits for them.
  public func waitForMessages(_ count: Int, timeout: TimeInterval = 10) async -> [JSONValue] {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let snapshot = loop.sync { received }
      if snapshot.count >= count || Date() >= deadline { return snapshot }
      try? await Task.sleep(nanoseconds: 5_000_000)
    }
  }

  /// Every message received so far.
  public var messages: [JSONValue] { loop.sync { received } }

  /// Lets pending loop work run, then returns the messages so far (for asserting that nothing came).
  public func settle(milliseconds: Int = 100) async -> [JSONValue] {
    try? await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
    return loop.sync { received }
  }

  /// The session's outcome and reply count, read on the loop.
  public var state: (outcome: WorkerSession.Outcome?, replies: Int, inFlight: Int) {
    loop.sync { (session?.outcome, session?.repliesWritten ?? 0, session?.inFlightCount ?? 0) }
  }

  private func drain() {
    session?.drainCompletions()
    collect()
  }

  private func collect() {
    guard let bytes = session?.takeOutput() else { return }
    var start = 0
    for index in bytes.indices where bytes[index] == 0x0A {
      let line = Array(bytes[start..<index])
      start = index + 1
      if let value = try? JSONParser.parse(line) { received.append(value) }
    }
  }
}
