/// Whether the task running a piece of synchronous work was cancelled, readable from the threads the work fans out
/// to (`DispatchQueue.concurrentPerform` iterations run outside any task, where `Task.isCancelled` is always false).
///
/// Handlers run in a task that the worker cancels when the client cancels the request; long loops of the estate
/// model and the engine ask the probe between steps and stop early. A cancelled result is never kept: the caller
/// checks `Task.isCancelled` before caching or answering.
public struct CancellationProbe: @unchecked Sendable {
  // @unchecked: the task is only asked for its cancellation bit, and only while the synchronous call that made the
  // probe (inside that task) is still running, so the task outlives every use.
  private let task: UnsafeCurrentTask?

  /// Runs `body` with a probe of the current task (a probe that is never cancelled outside a task).
  public static func withCurrentTask<T>(_ body: (CancellationProbe) throws -> T) rethrows -> T {
    try withUnsafeCurrentTask { task in try body(CancellationProbe(task: task)) }
  }

  /// Whether the task was cancelled.
  public var isCancelled: Bool { task?.isCancelled ?? false }
}
