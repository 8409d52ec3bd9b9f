import WorkerProtocol

/// The hook through which an estate load reports its steps and learns that it should stop: the estate model's own,
/// since it cannot see the plugin API (the engine adapts a request's progress and cancellation to it).
///
/// A load has one step per file it reads for the whole estate (the `.netcfg`, each ASM export) and one per cloud
/// service it assembles (with the files that service names). It asks ``isCancelled`` before each step and reports
/// each finished one; once cancelled it stops, and what it returns is marked ``EstateLoadResult/stoppedEarly``.
/// Services are assembled on several threads at once, so both closures must be safe to call from any thread.
public struct EstateLoadSteps: Sendable {
  /// Hears that `done` of `total` steps are finished; `message` says what the last one was.
  public let report: @Sendable (_ done: Int, _ total: Int, _ message: String) -> Void
  /// Whether the caller wants the load to stop.
  public let isCancelled: @Sendable () -> Bool

  /// Makes a hook from its two closures.
  public init(
    report: @escaping @Sendable (_ done: Int, _ total: Int, _ message: String) -> Void,
    isCancelled: @escaping @Sendable () -> Bool
  ) {
    self.report = report
    self.isCancelled = isCancelled
  }
}

/// One load's count of finished steps, shared by the threads that assemble its services, reported through the
/// caller's ``EstateLoadSteps`` (a load without a hook only counts).
final class EstateLoadProgress: Sendable {
  private let steps: EstateLoadSteps?
  private let total: Int
  private let done = LockedValue(0)

  /// Starts counting the `total` steps of a load.
  init(steps: EstateLoadSteps?, total: Int) {
    self.steps = steps
    self.total = total
  }

  /// Whether the caller's hook asks the load to stop (the task's own cancellation is checked beside it).
  var isCancelled: Bool { steps?.isCancelled() ?? false }

  /// Counts one finished step and reports it.
  func finished(_ message: @autoclosure () -> String) {
    guard let steps else { return }
    let count = done.withLock { count in
      count += 1
      return count
    }
    steps.report(count, total, message())
  }
}
