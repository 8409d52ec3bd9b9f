import PluginAPI
import Synchronization
import WorkerProtocol

/// What handler threads hand back to the loop thread.
enum Completion: Sendable {
  /// A handler finished with a result or an error.
  case finished(token: UInt64, result: Result<JSONValue, ResponseError>)
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
