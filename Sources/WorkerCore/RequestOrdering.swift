/// Keeps requests that share state in arrival order: the readers-writer rule, first come first served.
///
/// A request that writes starts only when every earlier reader and writer has finished, and every later
/// reader or writer waits for it; readers with no writer between them run side by side. Requests that touch
/// no shared state never come here. A request waiting here may be cancelled (``finish(_:)`` drops it).
///
/// - Important: Loop thread only (the session owns it).
struct RequestOrdering {
  /// Admitted requests not yet released, in arrival order.
  private var queue: [(token: UInt64, writes: Bool)] = []
  /// Released requests that have not finished, and whether each writes.
  private var running: [UInt64: Bool] = [:]
  private var runningWriter = false

  /// The number of requests held back.
  var heldCount: Int { queue.count }

  /// Admits a request; returns whether it may start now (otherwise ``finish(_:)`` releases it later).
  mutating func admit(_ token: UInt64, writes: Bool) -> Bool {
    if queue.isEmpty, canStart(writes: writes) {
      markRunning(token, writes: writes)
      return true
    }
    queue.append((token, writes))
    return false
  }

  /// Records that a request finished or was dropped; returns the held requests that may start now, in order.
  mutating func finish(_ token: UInt64) -> [UInt64] {
    if let writes = running.removeValue(forKey: token) {
      if writes { runningWriter = false }
    } else if let index = queue.firstIndex(where: { $0.token == token }) {
      queue.remove(at: index)
    } else {
      return []
    }
    var released: [UInt64] = []
    var taken = 0
    while taken < queue.count, canStart(writes: queue[taken].writes) {
      markRunning(queue[taken].token, writes: queue[taken].writes)
      released.append(queue[taken].token)
      taken += 1
    }
    queue.removeFirst(taken)
    return released
  }

  private func canStart(writes: Bool) -> Bool {
    writes ? running.isEmpty : !runningWriter
  }

  private mutating func markRunning(_ token: UInt64, writes: Bool) {
    running[token] = writes
    if writes { runningWriter = true }
  }
}
