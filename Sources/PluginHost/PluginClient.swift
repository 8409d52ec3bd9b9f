import Dispatch
public import Logging
public import PluginAPI
public import WorkerProtocol

/// The worker's client for one process plugin: starts it, shakes hands, forwards calls with ids of its own,
/// relays progress and cancellation, and isolates and restarts the plugin when it misbehaves.
///
/// Every failure of the plugin (a crash, an early exit, a line that is not JSON-RPC, an answer to an id it was
/// never sent, a call past its timeout, a full input queue) ends only that plugin's calls, each with a
/// ``PluginFailure`` naming the plugin; the next call restarts it after a full-jitter exponential backoff, which
/// that call waits out. Too many failures in a short window leave the plugin broken: calls then fail at once.
///
/// Thread-safe: calls come from handler tasks, events from the transport's loop thread.
public final class PluginClient: Sendable {
  /// Where the plugin stands, for `plugins list` and the log.
  public enum Phase: Sendable, Hashable {
    case idle, starting, ready, failed, broken, stopped
  }

  /// The manifest entry the plugin runs from.
  public let entry: PluginEntry
  let launcher: any PluginLauncher
  let settings: PluginSettings
  let logger: Logger
  let state = LockedValue(State())

  /// Makes a client; nothing starts until ``start()`` or the first call.
  public init(entry: PluginEntry, launcher: any PluginLauncher, settings: PluginSettings, logger: Logger) {
    self.entry = entry
    self.launcher = launcher
    self.settings = settings
    var logger = logger
    logger[metadataKey: "plugin"] = "\(entry.name)"
    self.logger = logger
  }

  /// The plugin's current phase.
  public var phase: Phase { state.withLock(\.phase) }

  /// What the plugin said about itself in its last handshake.
  public var description: PluginDescription? { state.withLock(\.description) }

  /// Starts the plugin (if it is not running) and returns its handshake answer.
  ///
  /// - Throws: ``PluginFailure`` when it cannot be started or its answer does not fit the protocol.
  @discardableResult
  public func start() async throws -> PluginDescription {
    try await ensureRunning()
    guard let description = state.withLock(\.description) else {
      throw failure(.handshake, "it has no description")
    }
    return description
  }

  /// Forwards one call and returns the plugin's result.
  ///
  /// - Parameters:
  ///   - progress: receives the plugin's `notifications/progress` for this call.
  /// - Throws: the plugin's own error object as sent, a ``PluginFailure``, or `CancellationError`.
  public func call(
    _ method: String, params: JSONValue?, timeout: Duration? = nil,
    progress: (@Sendable (ProgressUpdate) -> Void)? = nil
  ) async throws -> JSONValue {
    try await ensureRunning()
    let id = reserveID()
    let limit = timeout ?? entry.callTimeout ?? settings.callTimeout
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        begin(id: id, method, params: params, deadline: limit, progress: progress) { continuation.resume(with: $0) }
      }
    } onCancel: {
      abandon(id, because: nil)
    }
  }

  /// Forwards one call for a request started without a task (a ``MethodStarter``): returns at once, and
  /// `completion` runs exactly once, on the thread that has the outcome (the plugin loop thread for the plugin's
  /// answer), so the reply needs no task to be resumed.
  ///
  /// The same call as ``call(_:params:timeout:progress:)``: the same line and deadline, the plugin's progress goes
  /// to `context`, and the client's cancellation (``RequestContext/onCancel(_:)``) abandons the call and tells the
  /// plugin. When the plugin is not running (lazy, or restarting after a failure), a task starts it first.
  public func forward(
    _ method: String, params: JSONValue?, context: RequestContext,
    completion: @escaping @Sendable (Result<JSONValue, any Error>) -> Void
  ) {
    guard state.withLock({ $0.phase == .ready }) else {
      let starting = Task {
        do {
          try await ensureRunning()
        } catch {
          completion(.failure(error))
          return
        }
        send(method, params: params, context: context, completion: completion)
      }
      context.onCancel { starting.cancel() }
      return
    }
    send(method, params: params, context: context, completion: completion)
  }

  /// Sends a forwarded call to the running plugin and lets the request's cancellation abandon it.
  private func send(
    _ method: String, params: JSONValue?, context: RequestContext,
    completion: @escaping @Sendable (Result<JSONValue, any Error>) -> Void
  ) {
    let id = reserveID()
    let limit = entry.callTimeout ?? settings.callTimeout
    begin(id: id, method, params: params, deadline: limit, progress: context.relayProgress, completion: completion)
    context.onCancel { [weak self] in self?.abandon(id, because: nil) }
  }

  /// Forwards one call and blocks the calling thread until the answer (for synchronous callers such as rule
  /// evaluation); it needs no task of the concurrency pool, so blocking cannot starve it.
  public func callBlocking(_ method: String, params: JSONValue?, timeout: Duration? = nil) -> Result<
    JSONValue, any Error
  > {
    if let failure = ensureRunningBlocking() { return .failure(failure) }
    let id = reserveID()
    let limit = timeout ?? entry.callTimeout ?? settings.callTimeout
    let done = DispatchSemaphore(value: 0)
    let outcome = LockedValue<Result<JSONValue, any Error>?>(nil)
    begin(id: id, method, params: params, deadline: nil, progress: nil) { result in
      outcome.withLock { $0 = result }
      done.signal()
    }
    if done.wait(timeout: .now() + .milliseconds(Self.milliseconds(limit))) == .timedOut {
      abandon(id, because: failure(.timeout, "no answer to '\(method)' within \(limit)"))
      done.wait()
    }
    return outcome.withLock { $0 } ?? .failure(failure(.exited, "no outcome for '\(method)'"))
  }

  /// A fresh id for a call.
  func reserveID() -> Int {
    state.withLock { state in
      defer { state.nextID += 1 }
      return state.nextID
    }
  }

  /// Registers call `id` and sends it; `completion` runs exactly once, with the answer or a failure.
  ///
  /// - Parameters:
  ///   - deadline: how long the call may wait for its answer before it fails with `plugin.timeout` (see
  ///     ``armDeadlineTimer(at:)``); `nil` when the caller keeps its own time.
  func begin(
    id: Int, _ method: String, params: JSONValue?, deadline limit: Duration?,
    progress: (@Sendable (ProgressUpdate) -> Void)?,
    completion: @escaping @Sendable (Result<JSONValue, any Error>) -> Void
  ) {
    var sent = params
    if params?.arrayValue == nil {
      var object = params?.objectValue ?? JSONObject()
      var meta = object["_meta"]?.objectValue ?? JSONObject()
      meta["progressToken"] = .number(JSONNumber(id))
      object["_meta"] = .object(meta)
      sent = .object(object)
    }
    let line = Self.request(id: id, method: method, params: sent)
    let outcome: SendOutcome = state.withLock { state in
      guard state.phase == .ready, let channel = state.channel else {
        return .failed(failure(.exited, "it stopped before '\(method)' could be sent"))
      }
      if Task.isCancelled { return .cancelled }
      let deadline = limit.map { ContinuousClock.now + $0 }
      state.calls[id] = Call(method: method, complete: completion, progress: progress, limit: limit, deadline: deadline)
      guard channel.send(line) else {
        state.calls[id] = nil
        return .failed(failure(.notReading, "it is not reading its input; '\(method)' was not sent"))
      }
      return .sent(arming: deadline.flatMap { state.armDeadline($0) })
    }
    switch outcome {
    case .sent(let arming): if let arming { armDeadlineTimer(at: arming) }
    case .cancelled: completion(.failure(CancellationError()))
    case .failed(let failure): completion(.failure(failure))
    }
  }

  /// Whole milliseconds of a duration, for dispatch timeouts.
  static func milliseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds) * 1000 + Int(duration.components.attoseconds / 1_000_000_000_000_000)
  }

  /// Stops the plugin: `shutdown` and `exit`, end of input, then SIGTERM and SIGKILL to its process group, each
  /// after ``PluginSettings/stopGrace`` without an exit. In-flight calls fail with `plugin.stopped`.
  public func stop() async {
    let channel: (any PluginChannel)? = state.withLock { state in
      let running = state.phase == .ready || state.phase == .starting
      state.phase = .stopped
      return running ? state.channel : nil
    }
    failAll(failure(.stopped, "the worker is shutting it down"))
    guard let channel else { return }
    _ = channel.send(Self.request(id: 0, method: "shutdown", params: nil))
    _ = channel.send(Self.notification(method: "exit", params: nil))
    channel.closeInput()
    if await waitForExit(within: settings.stopGrace) { return }
    logger.warning("plugin did not exit after shutdown; sending SIGTERM")
    channel.signal(.terminate)
    if await waitForExit(within: settings.stopGrace) { return }
    logger.warning("plugin did not exit after SIGTERM; sending SIGKILL")
    channel.signal(.kill)
    _ = await waitForExit(within: settings.stopGrace)
  }

  // MARK: - Messages

  static func request(id: Int, method: String, params: JSONValue?) -> [UInt8] {
    var object = JSONObject([("jsonrpc", "2.0"), ("id", .number(JSONNumber(id))), ("method", .string(method))])
    if let params { object["params"] = params }
    return Array(JSONValue.object(object).jsonText.utf8)
  }

  static func notification(method: String, params: JSONValue?) -> [UInt8] {
    var object = JSONObject([("jsonrpc", "2.0"), ("method", .string(method))])
    if let params { object["params"] = params }
    return Array(JSONValue.object(object).jsonText.utf8)
  }

  func failure(_ reason: PluginFailure.Reason, _ detail: String) -> PluginFailure {
    PluginFailure(plugin: entry.name, reason: reason, detail: detail)
  }
}

extension PluginClient {
  /// A forwarded call waiting for its answer.
  struct Call {
    let method: String
    let complete: @Sendable (Result<JSONValue, any Error>) -> Void
    let progress: (@Sendable (ProgressUpdate) -> Void)?
    /// How long the call may wait, and the instant that ends its wait; `nil` when the caller keeps its own time.
    var limit: Duration? = nil
    var deadline: ContinuousClock.Instant? = nil
  }

  /// What happened to a call at the moment it was to be sent.
  enum SendOutcome {
    /// Sent; `arming` is the instant a new deadline timer must be armed for, if any.
    case sent(arming: ContinuousClock.Instant?)
    case cancelled
    case failed(PluginFailure)
  }

  /// Everything that changes, under one lock.
  struct State {
    var phase: Phase = .idle
    var channel: (any PluginChannel)?
    /// Bumped at every launch and isolation, so events of an earlier process are ignored.
    var generation = 0
    var nextID = 1
    var calls: [Int: Call] = [:]
    /// Ids whose callers gave up (cancelled or timed out); a late answer to one is not an error.
    var abandoned: Set<Int> = []
    var handshakeID: Int?
    /// Callers waiting for the handshake; each gets `nil` when the plugin is ready, or the failure.
    var startWaiters: [@Sendable (PluginFailure?) -> Void] = []
    var description: PluginDescription?
    /// Estate keys whose model this process has been sent (reset at every start).
    var knownEstates: Set<String> = []
    var failures: [ContinuousClock.Instant] = []
    var lastFailure: PluginFailure?
    var exited = true
    var exitWaiters: [Int: CheckedContinuation<Bool, Never>] = [:]
    var nextWaiter = 0
    /// The instant the one deadline timer is armed for, if one is.
    var deadlineTimer: ContinuousClock.Instant?

    /// Notes a new call's deadline; returns it when the timer must be armed for it (none is, or a later one is).
    mutating func armDeadline(_ deadline: ContinuousClock.Instant) -> ContinuousClock.Instant? {
      if let armed = deadlineTimer, armed <= deadline { return nil }
      deadlineTimer = deadline
      return deadline
    }
  }
}
