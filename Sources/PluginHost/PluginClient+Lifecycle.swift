import Dispatch
import Logging
import PluginAPI
import WorkerProtocol

extension PluginClient {
  /// What a caller must do to get a running plugin.
  private enum StartStep {
    case ready, wait
    case launch(delay: Duration)
    case fail(PluginFailure)
  }

  /// Decides, under the lock, what a caller must do to get a running plugin.
  private func nextStartStep() -> StartStep {
    state.withLock { state in
      switch state.phase {
      case .ready: return .ready
      case .starting: return .wait
      case .stopped: return .fail(failure(.stopped, "the worker is shutting it down"))
      case .broken:
        let last = state.lastFailure.map { ": \($0.detail)" } ?? ""
        return .fail(
          failure(.broken, "it failed \(settings.maxFailures) times within \(settings.failureWindow)\(last)"))
      case .idle, .failed:
        state.phase = .starting
        let now = ContinuousClock.now
        state.failures.removeAll { now - $0 > settings.failureWindow }
        return .launch(delay: settings.restartDelay(failures: state.failures.count))
      }
    }
  }

  /// Returns once the plugin is ready, starting it (after its backoff delay, which the caller waits out) when it
  /// is not.
  func ensureRunning() async throws {
    while true {
      switch nextStartStep() {
      case .ready:
        return
      case .fail(let failure):
        throw failure
      case .wait:
        let outcome = await withCheckedContinuation { continuation in
          addStartWaiter { continuation.resume(returning: $0) }
        }
        if let outcome { throw outcome }
      case .launch(let delay):
        if delay > .zero {
          logger.notice("restarting plugin after \(delay)")
          try? await Task.sleep(for: delay)
        }
        let outcome = await withCheckedContinuation { continuation in
          launch { continuation.resume(returning: $0) }
        }
        if let outcome { throw outcome }
        return
      }
    }
  }

  /// ``ensureRunning()`` for synchronous callers: blocks the thread, never a task; returns the failure, if any.
  func ensureRunningBlocking() -> PluginFailure? {
    while true {
      let step = nextStartStep()
      let done = DispatchSemaphore(value: 0)
      let outcome = LockedValue<PluginFailure?>(nil)
      let record: @Sendable (PluginFailure?) -> Void = { failure in
        outcome.withLock { $0 = failure }
        done.signal()
      }
      switch step {
      case .ready:
        return nil
      case .fail(let failure):
        return failure
      case .wait:
        addStartWaiter(record)
        done.wait()
        if let failure = outcome.withLock({ $0 }) { return failure }
      case .launch(let delay):
        if delay > .zero {
          logger.notice("restarting plugin after \(delay)")
          _ = done.wait(timeout: .now() + .milliseconds(Self.milliseconds(delay)))
        }
        launch(record)
        done.wait()
        return outcome.withLock { $0 }
      }
    }
  }

  /// Calls `waiter` with the handshake's outcome: later when the plugin is starting, at once otherwise.
  private func addStartWaiter(_ waiter: @escaping @Sendable (PluginFailure?) -> Void) {
    let immediate: PluginFailure?? = state.withLock { state in
      switch state.phase {
      case .starting:
        state.startWaiters.append(waiter)
        return .none
      case .ready: return .some(nil)
      default: return .some(state.lastFailure ?? failure(.handshake, "it did not start"))
      }
    }
    if case .some(let outcome) = immediate { waiter(outcome) }
  }

  /// Starts the process and sends `plugin/initialize`; `done` gets the handshake's outcome.
  private func launch(_ done: @escaping @Sendable (PluginFailure?) -> Void) {
    let (generation, handshakeID) = state.withLock { state in
      state.generation += 1
      state.exited = false
      state.knownEstates = []
      state.nextID += 1
      state.handshakeID = state.nextID - 1
      return (state.generation, state.nextID - 1)
    }
    logger.info("starting plugin", metadata: ["command": "\(entry.argv)"])
    let channel = launcher.launch(entry) { [weak self] event in self?.handle(event, generation: generation) }
    let current = state.withLock { state in
      guard state.generation == generation else { return false }
      state.channel = channel
      return true
    }
    if current {
      let params: JSONValue = [
        "workerVersion": .string(settings.workerVersion),
        "protocolVersion": .number(JSONNumber(PluginDescription.protocolVersion)),
        "plugin": .string(entry.name),
        "limits": ["maxLineBytes": .number(JSONNumber(settings.maxLineBytes))],
      ]
      if !channel.send(Self.request(id: handshakeID, method: "plugin/initialize", params: params)) {
        isolate(.handshake, "it did not take plugin/initialize", generation: generation)
      }
      let limit = settings.handshakeTimeout
      DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Self.milliseconds(limit))) {
        [weak self] in
        self?.isolate(
          .handshake, "no answer to plugin/initialize within \(limit)", generation: generation,
          onlyWhileStarting: true)
      }
    }
    addStartWaiter(done)
  }

  /// Handles one event from the transport for the process started as `generation`.
  func handle(_ event: PluginChannelEvent, generation: Int) {
    switch event {
    case .stderrLine(let text):
      logger.log(level: Self.level(of: text), "\(text)")
    case .line(let bytes):
      guard state.withLock({ $0.generation == generation }) else { return }
      handleLine(bytes, generation: generation)
    case .oversizedLine(let count):
      isolate(.garbage, "it wrote a line of \(count)+ bytes, over the limit", generation: generation)
    case .spawnFailed(let reason):
      isolate(.spawnFailed, "cannot run '\(entry.command)': \(reason)", generation: generation)
    case .exited(let status, let signal):
      let waiters = state.withLock { state in
        guard state.generation == generation else { return [CheckedContinuation<Bool, Never>]() }
        state.exited = true
        defer { state.exitWaiters = [:] }
        return Array(state.exitWaiters.values)
      }
      for waiter in waiters { waiter.resume(returning: true) }
      let how = signal != 0 ? "was ended by signal \(signal)" : "exited with status \(status)"
      isolate(.exited, "it \(how)", generation: generation)
    }
  }

  /// What isolation takes out of the state, to finish outside the lock.
  struct Isolated {
    let calls: [Call]
    let waiters: [@Sendable (PluginFailure?) -> Void]
    let channel: (any PluginChannel)?
  }

  /// Ends every call of the process started as `generation` with a failure, kills it, and counts the failure.
  func isolate(
    _ reason: PluginFailure.Reason, _ detail: String, generation: Int, onlyWhileStarting: Bool = false
  ) {
    let failure = failure(reason, detail)
    let taken = state.withLock {
      state -> Isolated? in
      guard state.generation == generation, state.phase != .stopped else { return nil }
      if onlyWhileStarting, state.phase != .starting { return nil }
      state.generation += 1
      let now = ContinuousClock.now
      state.failures.removeAll { now - $0 > settings.failureWindow }
      state.failures.append(now)
      state.lastFailure = failure
      state.phase = state.failures.count >= settings.maxFailures ? .broken : .failed
      defer {
        state.calls = [:]
        state.startWaiters = []
        state.channel = nil
        state.handshakeID = nil
        state.abandoned = []
      }
      return Isolated(calls: Array(state.calls.values), waiters: state.startWaiters, channel: state.channel)
    }
    guard let taken else { return }
    logger.error("plugin isolated: \(detail)", metadata: ["reason": "\(reason.rawValue)"])
    taken.channel?.signal(.kill)
    taken.channel?.closeInput()
    for call in taken.calls { call.complete(.failure(failure)) }
    for waiter in taken.waiters { waiter(failure) }
  }

  /// Fails every call in flight (at shutdown).
  func failAll(_ failure: PluginFailure) {
    let (calls, waiters) = state.withLock { state in
      defer {
        state.calls = [:]
        state.startWaiters = []
      }
      return (Array(state.calls.values), state.startWaiters)
    }
    for call in calls { call.complete(.failure(failure)) }
    for waiter in waiters { waiter(failure) }
  }

  /// Gives up on call `id` (cancelled by the client, or timed out) and tells the plugin to stop working on it.
  func abandon(_ id: Int, because failure: PluginFailure?) {
    let taken = state.withLock { state -> (Call, (any PluginChannel)?)? in
      guard let call = state.calls.removeValue(forKey: id) else { return nil }
      if state.abandoned.count >= 4096 { state.abandoned = [] }
      state.abandoned.insert(id)
      return (call, state.channel)
    }
    guard let (call, channel) = taken else { return }
    let reason = failure == nil ? "cancelled by the client" : "timed out"
    _ = channel?.send(
      Self.notification(
        method: "notifications/cancelled",
        params: ["requestId": .number(JSONNumber(id)), "reason": .string(reason)]))
    call.complete(.failure(failure ?? CancellationError()))
  }

  /// Waits until the current process has exited; `false` when `limit` passed first.
  func waitForExit(within limit: Duration) async -> Bool {
    let key: Int? = state.withLock { state in
      if state.exited { return nil }
      state.nextWaiter += 1
      return state.nextWaiter
    }
    guard let key else { return true }
    return await withCheckedContinuation { continuation in
      let exited = state.withLock { state in
        if state.exited { return true }
        state.exitWaiters[key] = continuation
        return false
      }
      if exited {
        continuation.resume(returning: true)
        return
      }
      Task { [weak self] in
        try? await Task.sleep(for: limit)
        if let waiter = self?.state.withLock({ $0.exitWaiters.removeValue(forKey: key) }) {
          waiter.resume(returning: false)
        }
      }
    }
  }

  /// The log level of a stderr line, from a leading `ERROR`, `WARN`, `DEBUG` or `TRACE` (bracketed or not).
  static func level(of line: String) -> Logger.Level {
    let head = line.drop { $0 == "[" || $0 == " " }.prefix(5).uppercased()
    let table: [(String, Logger.Level)] = [
      ("ERROR", .error), ("WARN", .warning), ("DEBUG", .debug), ("TRACE", .trace),
    ]
    return table.first { head.hasPrefix($0.0) }?.1 ?? .info
  }
}
