public import Logging
import Synchronization
import WorkerProtocol

/// What a handler may use while it runs: cancellation, progress and a logger.
public struct RequestContext: Sendable {
  /// The method being run.
  public let method: String
  /// A logger that writes to stderr, tagged with the request.
  public let logger: Logger
  /// The core's services (estate resolution, the rule engine, the ARM mapper, ...).
  public let services: PluginServices
  private let cancellation: CancellationFlag
  private let progressSink: @Sendable (ProgressUpdate) -> Void

  /// Makes a context; the worker does this for every request.
  public init(
    method: String, logger: Logger, services: PluginServices = PluginServices(), cancellation: CancellationFlag,
    progressSink: @escaping @Sendable (ProgressUpdate) -> Void
  ) {
    self.method = method
    self.logger = logger
    self.services = services
    self.cancellation = cancellation
    self.progressSink = progressSink
  }

  /// Whether the client cancelled this request; long loops should check it.
  public var isCancelled: Bool { cancellation.isCancelled || Task.isCancelled }

  /// Throws `CancellationError` when the request was cancelled.
  public func checkCancellation() throws {
    if isCancelled { throw CancellationError() }
  }

  /// Reports progress; sent only when the request carried `_meta.progressToken`, and never after the reply.
  ///
  /// - Parameters:
  ///   - progress: work done so far; values that do not increase are dropped.
  ///   - total: the total amount of work, when known.
  ///   - message: a short human-readable status.
  public func reportProgress(_ progress: Double, total: Double? = nil, message: String? = nil) {
    progressSink(ProgressUpdate(progress: progress, total: total, message: message))
  }

  /// Runs `body` once when the client cancels this request: at once, on this thread, when it already did;
  /// otherwise on the thread that cancels it (the worker's loop thread, which `body` must not block).
  ///
  /// For handlers that wait on something other than a task (see ``MethodStarter``); an `async` handler sees
  /// cancellation through ``isCancelled`` and its task.
  public func onCancel(_ body: @escaping @Sendable () -> Void) {
    cancellation.onCancel(body)
  }
}

/// One progress report from a handler.
public struct ProgressUpdate: Sendable, Hashable {
  public let progress: Double
  public let total: Double?
  public let message: String?

  /// Makes a report.
  public init(progress: Double, total: Double?, message: String?) {
    self.progress = progress
    self.total = total
    self.message = message
  }
}

/// A thread-safe, one-way flag set when a request is cancelled, with the actions to run when it is.
public final class CancellationFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  /// What runs when the flag is set, under the one lock type ThreadSanitizer sees.
  private let handlers = LockedValue<[@Sendable () -> Void]>([])

  /// Makes an unset flag.
  public init() {}

  /// Whether the flag was set.
  public var isCancelled: Bool { flag.load(ordering: .acquiring) }

  /// Sets the flag and runs the actions registered with ``onCancel(_:)``, on this thread; later calls do nothing.
  public func cancel() {
    guard !flag.exchange(true, ordering: .acquiringAndReleasing) else { return }
    let taken = handlers.withLock { handlers in
      defer { handlers = [] }
      return handlers
    }
    for handler in taken { handler() }
  }

  /// Runs `body` exactly once when the flag is set: at once, on this thread, when it already is.
  public func onCancel(_ body: @escaping @Sendable () -> Void) {
    // The flag is read under the lock that `cancel()` takes after setting it, so `body` is either taken by
    // `cancel()` or run here, never both and never neither.
    let runNow = handlers.withLock { handlers in
      guard !flag.load(ordering: .acquiring) else { return true }
      handlers.append(body)
      return false
    }
    if runNow { body() }
  }
}
