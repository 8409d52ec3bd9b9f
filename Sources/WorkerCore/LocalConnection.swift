import Dispatch
public import Logging
public import PluginAPI
public import WorkerProtocol

/// A ``WorkerSession`` in this process, with a serial queue standing in for the I/O loop.
///
/// The one-shot command line (`csmigrate call`) and the tests use it to run the very same
/// classification, dispatch and reply path as `csmigrate serve`, without libuv and stdio.
/// Every line the session writes is handed, parsed, to `onMessage` on the connection's queue.
public final class LocalConnection: @unchecked Sendable {
  // @unchecked: `session` is only touched on `loop`.
  private let loop = DispatchQueue(label: "csmigrate.local-connection")
  private var session: WorkerSession?
  private let onMessage: @Sendable (JSONValue) -> Void
  /// Callbacks waiting for no request to be running, run on `loop`.
  private var idleWaiters: [@Sendable () -> Void] = []

  /// Makes a connection around a fresh session.
  ///
  /// - Parameter onMessage: receives every reply and notification, in order, on the connection's queue.
  public init(
    registry: MethodRegistry, services: PluginServices = PluginServices(),
    configuration: WorkerConfiguration = WorkerConfiguration(), logger: Logger,
    onMessage: @escaping @Sendable (JSONValue) -> Void
  ) {
    self.onMessage = onMessage
    loop.sync {
      session = WorkerSession(
        registry: registry, configuration: configuration, logger: logger, services: services,
        wake: { [weak self] in
          guard let self else { return }
          self.loop.async { self.drain() }
        })
    }
  }

  /// Sends one line (one JSON text, without its newline).
  public func send(_ line: String) {
    loop.async { [self] in
      var bytes = Array(line.utf8)
      bytes.withUnsafeMutableBytes { session?.receive(line: UnsafeRawBufferPointer($0)) }
      deliver()
    }
  }

  /// Reports an over-long line, as the framer would.
  public func sendOversized(byteCount: Int) {
    loop.async { [self] in
      session?.receiveOversizedLine(byteCount: byteCount)
      deliver()
    }
  }

  /// Tells the session that input ended.
  public func endInput() {
    loop.async { [self] in
      session?.inputDidEnd()
      deliver()
    }
  }

  /// Calls `body` (on the connection's queue) once every line sent so far has been handled and no request is
  /// running: everything the session will write for them has then been handed to `onMessage`.
  public func whenIdle(_ body: @escaping @Sendable () -> Void) {
    loop.async { [self] in
      idleWaiters.append(body)
      notifyIdle()
    }
  }

  /// The session's outcome, reply count and running requests, read on the queue.
  public var state: (outcome: WorkerSession.Outcome?, replies: Int, inFlight: Int) {
    loop.sync { (session?.outcome, session?.repliesWritten ?? 0, session?.inFlightCount ?? 0) }
  }

  /// How many requests the session started on its loop through a ``MethodStarter``, read on the queue.
  public var startedWithoutTask: Int { loop.sync { session?.startedWithoutTask ?? 0 } }

  private func drain() {
    session?.drainCompletions()
    deliver()
    notifyIdle()
  }

  private func notifyIdle() {
    guard !idleWaiters.isEmpty, (session?.inFlightCount ?? 0) == 0 else { return }
    let waiters = idleWaiters
    idleWaiters = []
    for waiter in waiters { waiter() }
  }

  private func deliver() {
    session?.drainOutput { bytes in
      var start = 0
      for index in bytes.indices where bytes[index] == 0x0A {
        if let value = try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) {
          onMessage(value)
        }
        start = index + 1
      }
    }
  }
}
