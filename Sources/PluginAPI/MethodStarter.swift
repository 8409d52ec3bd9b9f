public import WorkerProtocol

/// Where a handler started by a ``MethodStarter`` hands its one outcome.
///
/// Callable from any thread, once: the worker writes the first outcome and drops any later one (as it drops the
/// outcome of a request that was cancelled first).
public struct ReplySink: Sendable {
  private let deliver: @Sendable (Result<MethodReply, any Error>) -> Void

  /// Makes a sink; the worker does this for every request it starts through a ``MethodStarter``.
  public init(_ deliver: @escaping @Sendable (Result<MethodReply, any Error>) -> Void) {
    self.deliver = deliver
  }

  /// Hands over the outcome: a reply, or an error mapped to a JSON-RPC error as an `async` handler's is.
  public func finish(_ outcome: Result<MethodReply, any Error>) { deliver(outcome) }

  /// Hands over a result to be written as a value, or an error.
  public func finish(_ outcome: Result<JSONValue, any Error>) { deliver(outcome.map(MethodReply.value)) }
}

/// A handler that completes through a ``ReplySink`` instead of returning from an `async` function.
///
/// The worker calls it on the thread that dispatches the request (its I/O loop), with no task: it must start the
/// work and return at once, never block. The outcome reaches the sink from whatever thread produces it, and the
/// worker writes it from there without resuming a task, which saves a thread hand-off on every call (process
/// plugins forward calls this way). Progress goes through the context as usual, and so does cancellation
/// (``RequestContext/onCancel(_:)``).
public typealias MethodStarter =
  @Sendable (_ params: JSONValue?, _ context: RequestContext, _ reply: ReplySink) -> Void
