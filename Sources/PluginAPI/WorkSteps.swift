import WorkerProtocol

/// Progress and cancellation for the long loops over an estate (ARM mapping, artifact rewrite, the plugins' loops
/// over services and deployments), wherever they run: each step is reported as the request's progress and the
/// loop stops with the cancellation error once the client cancelled the request.
///
/// A handler that wants its loops' steps reported runs them inside ``RequestContext/reportingSteps(_:)``;
/// without that, ``step(_:of:_:)`` only checks the current task's cancellation (the worker cancels a request's
/// task too), so engine code called from anywhere stops early all the same.
public enum WorkSteps {
  /// The request whose loops run in the current task, set by ``RequestContext/reportingSteps(_:)``.
  @TaskLocal public static var current: RequestContext?

  /// The error a cancelled loop stops with.
  public static let cancelled = PluginError(wrapping: .requestCancelled)

  /// Whether the request (or, outside ``RequestContext/reportingSteps(_:)``, the task) was cancelled.
  public static var isCancelled: Bool { current?.isCancelled ?? Task.isCancelled }

  /// Throws ``cancelled`` when the request was cancelled.
  public static func check() throws(PluginError) {
    if isCancelled { throw cancelled }
  }

  /// Checks for cancellation, then reports `done` of `total` steps as the request's progress.
  public static func step(_ done: Int, of total: Int, _ message: @autoclosure () -> String) throws(PluginError) {
    try check()
    current?.reportProgress(Double(done), total: Double(total), message: message())
  }
}

extension RequestContext {
  /// Runs `body` with the steps of its loops (``WorkSteps/step(_:of:_:)``) reported as this request's progress
  /// and stopped by its cancellation.
  public func reportingSteps<T>(_ body: () throws(PluginError) -> T) throws(PluginError) -> T {
    try WorkSteps.$current.withValue(self) { Result { () throws(PluginError) in try body() } }.get()
  }

  /// Checks for cancellation, then reports `done` of `total` steps as progress: one step of a handler's loop.
  public func step(_ done: Int, of total: Int, _ message: @autoclosure () -> String) throws(PluginError) {
    try stopIfCancelled()
    reportProgress(Double(done), total: Double(total), message: message())
  }

  /// Throws the cancellation error (``WorkSteps/cancelled``) when the request was cancelled.
  public func stopIfCancelled() throws(PluginError) {
    if isCancelled { throw WorkSteps.cancelled }
  }
}
