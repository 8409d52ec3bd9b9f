import Dispatch
import WorkerProtocol

extension PluginClient {
  /// Arms the client's one deadline timer for `instant`.
  ///
  /// Calls do not each start a timer (a task per call that sleeps and is cancelled costs two thread wake-ups and
  /// a timer registration on every forwarded call): one timer, armed for the earliest deadline that is not
  /// already covered, ends the calls that are overdue when it fires and arms itself again for the next one.
  func armDeadlineTimer(at instant: ContinuousClock.Instant) {
    let delay = Self.nanoseconds(instant - ContinuousClock.now)
    DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(max(0, delay))) { [weak self] in
      self?.expireOverdueCalls(timerArmedFor: instant)
    }
  }

  /// Fails the calls whose deadline has passed with `plugin.timeout` (telling the plugin to cancel them), and
  /// arms the timer for the earliest deadline left when no other timer covers it.
  func expireOverdueCalls(timerArmedFor instant: ContinuousClock.Instant) {
    let (overdue, next) = state.withLock { state in
      if state.deadlineTimer == instant { state.deadlineTimer = nil }
      let now = ContinuousClock.now
      var overdue: [(id: Int, method: String, limit: Duration)] = []
      var earliest: ContinuousClock.Instant?
      for (id, call) in state.calls {
        guard let deadline = call.deadline, let limit = call.limit else { continue }
        if deadline <= now {
          overdue.append((id, call.method, limit))
        } else if earliest.map({ deadline < $0 }) ?? true {
          earliest = deadline
        }
      }
      return (overdue, earliest.flatMap { state.armDeadline($0) })
    }
    for call in overdue {
      abandon(call.id, because: failure(.timeout, "no answer to '\(call.method)' within \(call.limit)"))
    }
    if let next { armDeadlineTimer(at: next) }
  }

  /// Whole nanoseconds of a duration (at most about 136 years), for dispatch deadlines.
  static func nanoseconds(_ duration: Duration) -> Int {
    let seconds = min(Int(duration.components.seconds), Int(UInt32.max))
    return seconds * 1_000_000_000 + Int(duration.components.attoseconds / 1_000_000_000)
  }
}
