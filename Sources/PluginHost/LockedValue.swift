import Foundation

/// A value behind a pthread mutex (`NSLock`), with the `withLock` of `Synchronization.Mutex`.
///
/// For state that several threads contend for: a contended `Mutex` is handed over in its futex slow path inside
/// the uninstrumented runtime, so ThreadSanitizer sees no ordering between the threads and reports the value as a
/// data race; it does see a pthread mutex.
final class LockedValue<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  /// Wraps an initial value.
  init(_ value: Value) { self.value = value }

  /// Runs `body` on the value with the lock held.
  func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
