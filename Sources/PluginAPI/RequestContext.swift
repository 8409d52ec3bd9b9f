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

/// A thread-safe, one-way flag set when a request is cancelled.
public final class CancellationFlag: Sendable {
  private let flag = Atomic<Bool>(false)

  /// Makes an unset flag.
  public init() {}

  /// Whether the flag was set.
  public var isCancelled: Bool { flag.load(ordering: .acquiring) }

  /// Sets the flag; later calls do nothing.
  public func cancel() { flag.store(true, ordering: .releasing) }
}
