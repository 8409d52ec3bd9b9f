import Dispatch
import Synchronization

/// A test hook (`serve --hold-at-first-progress`): stops a request's handler right after its first progress report
/// until the request is answered, so that a test can cancel a long method at a known point of its work instead of
/// racing it with a timer.
///
/// The handler's thread blocks in ``holdOnce()``; the session calls ``release()`` when it retires the request (a
/// cancellation, the worker's exit), and the handler then goes on to its next cancellation check.
final class ProgressHold: Sendable {
  private let released = DispatchSemaphore(value: 0)
  private let held = Atomic(false)

  /// Blocks the first caller until ``release()``; later calls return at once.
  func holdOnce() {
    guard !held.exchange(true, ordering: .acquiringAndReleasing) else { return }
    released.wait()
  }

  /// Lets a held handler go on (and one that has not reached its first report yet pass through).
  func release() { released.signal() }
}
