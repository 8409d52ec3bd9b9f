import PluginAPI
import Synchronization
import WorkerProtocol

/// A handler's result as it reaches the loop thread.
enum HandlerResult: Sendable {
  /// A result the loop thread writes itself (small: writing it costs less than copying it).
  case value(JSONValue)
  /// A large result already written as JSON text on the handler's thread, so that writing it never holds up
  /// the loop (and the pings and cancellations it answers).
  case encoded([UInt8])

  /// The node count from which a result is written on the handler's thread.
  static let encodeOnHandlerFromNodes = 4096

  /// Wraps a handler's value, writing it out first when it is large.
  init(_ value: JSONValue) {
    if value.hasMoreNodes(than: Self.encodeOnHandlerFromNodes) {
      self = .encoded(value.serialized())
    } else {
      self = .value(value)
    }
  }
}

/// What handler threads hand back to the loop thread.
enum Completion: Sendable {
  /// A handler finished with a result or an error.
  case finished(token: UInt64, result: Result<HandlerResult, ResponseError>)
  /// A handler reported progress.
  case progress(token: UInt64, update: ProgressUpdate)
}

/// A many-producer, one-consumer queue from handler threads to the loop thread.
///
/// Producers push and then call the transport's wake-up (`uv_async_send`), which
/// coalesces; the loop therefore always drains the whole queue at once.
final class CompletionQueue: Sendable {
  private let items = Mutex<[Completion]>([])
  private let wake: @Sendable () -> Void

  init(wake: @escaping @Sendable () -> Void) { self.wake = wake }

  /// Adds an item and wakes the loop. Callable from any thread.
  func push(_ item: Completion) {
    items.withLock { $0.append(item) }
    wake()
  }

  /// Takes every queued item in arrival order. Loop thread only.
  func drain() -> [Completion] {
    items.withLock { queue in
      let taken = queue
      queue = []  // hands the storage over instead of copying it
      return taken
    }
  }
}
