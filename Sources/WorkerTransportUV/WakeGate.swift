import CLibUV
import WorkerProtocol

/// Lets any thread wake the loop, and stops doing so once the async handle is closed.
///
/// `uv_async_send` is the one libuv call that is safe from other threads; calling it on a
/// closed handle is not, so every send and the close take the same lock.
final class WakeGate: Sendable {
  /// The async handle, shareable because libuv only touches it under `lock` off the loop thread.
  private struct HandleRef: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<uv_async_t>
  }

  private let lock: LockedValue<HandleRef?>

  /// Makes a gate for an initialised async handle.
  init(_ handle: UnsafeMutablePointer<uv_async_t>) {
    lock = LockedValue(HandleRef(pointer: handle))
  }

  /// Wakes the loop; a no-op after ``close()``. Callable from any thread.
  func wake() {
    lock.withLock { handle in
      if let handle { _ = uv_async_send(handle.pointer) }
    }
  }

  /// Detaches the handle; returns it so the loop thread can close it.
  func close() -> UnsafeMutablePointer<uv_async_t>? {
    lock.withLock { handle in
      let taken = handle
      handle = nil
      return taken?.pointer
    }
  }
}
