import Synchronization

/// The bytes one estate load may still read, shared by every thread that assembles its services.
///
/// Each file is limited on its own (`EstateLimits.maxFileBytes`); this bounds their sum, so a small document
/// that names the same large file again and again cannot make one load read (and hold) without end.
final class EstateReadBudget: Sendable {
  /// The most bytes the load may read, the document included.
  let limit: Int
  private let used = Atomic<Int>(0)

  init(limit: Int) { self.limit = limit }

  /// Counts `bytes` against the budget; false when they take the total past the limit (they stay counted,
  /// so every later read is refused too).
  func take(_ bytes: Int) -> Bool {
    used.add(bytes, ordering: .relaxed).newValue <= limit
  }
}
