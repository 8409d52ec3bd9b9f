/// Which elements of two sequences a shortest edit script removes and inserts, found by Myers' O(ND) algorithm
/// with the linear-space refinement (“An O(ND) Difference Algorithm and Its Variations”, 1986, section 4b).
///
/// Time is O((N + M) · D) for D differences; memory is O(N + M): the two flag arrays plus two diagonal vectors
/// of at most 2·min(N, M) + 2 entries, reused by every step of the divide and conquer, whose depth is
/// logarithmic in D because each middle snake halves the differences left on either side.
struct MyersDiff {
  /// `removed[i]` is true when element `i` of the old sequence is not kept.
  private(set) var removed: [Bool]
  /// `inserted[j]` is true when element `j` of the new sequence is new.
  private(set) var inserted: [Bool]
  /// The number of diagonal-vector cells allocated, the algorithm's working storage beyond the flags.
  private(set) var workspaceCells = 0

  private let old: [Int]
  private let new: [Int]
  private var forward: [Int] = []
  private var backward: [Int] = []

  /// Compares two sequences of element identities (equal identities mean equal elements).
  init(old: [Int], new: [Int]) {
    self.old = old
    self.new = new
    removed = [Bool](repeating: false, count: old.count)
    inserted = [Bool](repeating: false, count: new.count)
    var start = 0
    while start < old.count && start < new.count && old[start] == new[start] { start += 1 }
    var oldEnd = old.count
    var newEnd = new.count
    while oldEnd > start && newEnd > start && old[oldEnd - 1] == new[newEnd - 1] {
      oldEnd -= 1
      newEnd -= 1
    }
    let size = 2 * min(oldEnd - start, newEnd - start) + 2
    forward = [Int](repeating: 0, count: size)
    backward = [Int](repeating: 0, count: size)
    workspaceCells = 2 * size
    compare(start, oldEnd, start, newEnd)
  }

  /// Compares two sequences of lines.
  init(oldLines: [String], newLines: [String]) {
    var identities: [String: Int] = [:]
    func identity(_ line: String) -> Int {
      if let known = identities[line] { return known }
      identities[line] = identities.count
      return identities.count - 1
    }
    self.init(old: oldLines.map(identity), new: newLines.map(identity))
  }

  /// Marks the differences between `old[oldLow..<oldHigh]` and `new[newLow..<newHigh]`.
  private mutating func compare(_ oldLow: Int, _ oldHigh: Int, _ newLow: Int, _ newHigh: Int) {
    let n = oldHigh - oldLow
    let m = newHigh - newLow
    if n == 0 {
      for j in newLow..<newHigh { inserted[j] = true }
      return
    }
    if m == 0 {
      for i in oldLow..<oldHigh { removed[i] = true }
      return
    }
    let snake = middleSnake(oldLow, n, newLow, m)
    if snake.differences > 1 || (snake.x != snake.u && snake.y != snake.v) {
      compare(oldLow, oldLow + snake.x, newLow, newLow + snake.y)
      compare(oldLow + snake.u, oldHigh, newLow + snake.v, newHigh)
    } else if m > n {
      // One insertion at most, the rest a common run: the old range is kept whole.
      compare(oldHigh, oldHigh, newLow + n, newHigh)
    } else if m < n {
      compare(oldLow + m, oldHigh, newHigh, newHigh)
    }
  }

  /// The middle snake of the edit graph of the two ranges: its start (x, y), its end (u, v), and the length D
  /// of the shortest edit script through it.
  private mutating func middleSnake(_ oldLow: Int, _ n: Int, _ newLow: Int, _ m: Int) -> (
    differences: Int, x: Int, y: Int, u: Int, v: Int
  ) {
    let total = n + m
    let cells = 2 * min(n, m) + 2
    let delta = n - m
    for index in 0..<cells {
      forward[index] = 0
      backward[index] = 0
    }
    func slot(_ diagonal: Int) -> Int {
      let rest = diagonal % cells
      return rest < 0 ? rest + cells : rest
    }
    for h in 0...((total + 1) / 2) {
      for pass in 0..<2 {
        let isForward = pass == 0
        let lowest = -(h - 2 * max(0, h - m))
        let highest = h - 2 * max(0, h - n)
        var k = lowest
        while k <= highest {
          var a: Int
          if isForward {
            a =
              (k == -h || (k != h && forward[slot(k - 1)] < forward[slot(k + 1)]))
              ? forward[slot(k + 1)] : forward[slot(k - 1)] + 1
          } else {
            a =
              (k == -h || (k != h && backward[slot(k - 1)] < backward[slot(k + 1)]))
              ? backward[slot(k + 1)] : backward[slot(k - 1)] + 1
          }
          var b = a - k
          let (s, t) = (a, b)
          if isForward {
            while a < n && b < m && old[oldLow + a] == new[newLow + b] {
              a += 1
              b += 1
            }
            forward[slot(k)] = a
          } else {
            while a < n && b < m && old[oldLow + n - 1 - a] == new[newLow + m - 1 - b] {
              a += 1
              b += 1
            }
            backward[slot(k)] = a
          }
          let z = -(k - delta)
          let other = isForward ? backward[slot(z)] : forward[slot(z)]
          let reached = (isForward ? forward[slot(k)] : backward[slot(k)]) + other >= n
          let parity = isForward ? 1 : 0
          if total % 2 == parity && z >= -(h - parity) && z <= h - parity && reached {
            return isForward
              ? (2 * h - 1, s, t, a, b)
              : (2 * h, n - a, m - b, n - s, m - t)
          }
          k += 2
        }
      }
    }
    // Unreachable: the two searches always meet by D = n + m.
    return (total, 0, 0, n, m)
  }
}
