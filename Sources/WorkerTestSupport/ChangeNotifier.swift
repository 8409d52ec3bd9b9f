public import Foundation
import Synchronization
import WorkerProtocol

/// Suspends tasks until a condition over some shared state holds, re-checking it each time the state changes.
///
/// Whoever changes the state calls ``signal()``; waiters wake on that event instead of polling on a timer, so a
/// test waits exactly as long as the work takes, however slow the machine (sanitizers included). The timeout of
/// ``wait(timeout:until:)`` is only a safety net that turns a hang into a failure.
public final class ChangeNotifier: Sendable {
  private struct State {
    var generation: UInt64 = 0
    var waiters: [CheckedContinuation<Void, Never>] = []
  }

  /// The state, under the one lock type ThreadSanitizer sees (a signalling thread and a waiting task contend).
  private let state = LockedValue(State())

  /// Runs `body` on the state under the lock.
  private func locked<T>(_ body: (inout State) -> T) -> T { state.withLock(body) }

  /// Set when a wait's safety timeout passed.
  private final class Expiry: Sendable {
    let flag = Atomic(false)
  }

  /// Makes a notifier with no waiters.
  public init() {}

  /// Wakes every waiting task so it re-checks its condition; call after each change of the watched state.
  public func signal() {
    let waiters = locked { state in
      state.generation &+= 1
      defer { state.waiters = [] }
      return state.waiters
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Waits until `condition` holds; false when `timeout` seconds passed first.
  public func wait(timeout: TimeInterval, until condition: () -> Bool) async -> Bool {
    let expired = Expiry()
    let timer = Task { [self] in
      try? await Task.sleep(nanoseconds: UInt64(max(timeout, 0) * 1e9))
      guard !Task.isCancelled else { return }
      expired.flag.store(true, ordering: .releasing)
      signal()
    }
    defer { timer.cancel() }
    while true {
      let generation = locked { $0.generation }
      if condition() { return true }
      if expired.flag.load(ordering: .acquiring) { return false }
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let changed = locked { state in
          guard state.generation == generation else { return true }
          state.waiters.append(continuation)
          return false
        }
        if changed { continuation.resume() }
      }
    }
  }
}

extension Process {
  /// Runs the process and waits for it to exit, woken by its termination; returns its exit status. A process
  /// still running after `timeout` seconds (a safety net) is terminated.
  public func runToExit(timeout: TimeInterval = 300) async throws -> Int32 {
    let notifier = ChangeNotifier()
    terminationHandler = { _ in notifier.signal() }
    try run()
    if !(await notifier.wait(timeout: timeout) { !isRunning }) {
      terminate()
      _ = await notifier.wait(timeout: 10) { !isRunning }
    }
    return terminationStatus
  }
}
