public import WorkerProtocol

/// An error that knows the JSON-RPC error it becomes.
///
/// This is the one place where handler errors meet the wire: the worker asks
/// every thrown error for its ``responseError``; errors that do not conform
/// become `-32603 Internal error` and their text stays in the log.
public protocol WorkerError: Error {
  /// The JSON-RPC error sent to the client.
  var responseError: ResponseError { get }
}

/// A plain application error with a stable code, message and structured data.
public struct PluginError: WorkerError, Sendable, Hashable {
  /// The JSON-RPC error sent to the client.
  public let responseError: ResponseError

  /// Makes an error from its parts; `data` should name the field, file and line where they are known.
  public init(code: ErrorCode, message: String, data: JSONValue? = nil) {
    responseError = ResponseError(code: code, message: message, data: data)
  }

  /// Params that do not fit the method, naming the offending field as a JSON path.
  public static func invalidParams(_ reason: String, field: String) -> PluginError {
    PluginError(wrapping: .invalidParams(reason, field: field))
  }

  /// Wraps an existing response error.
  public init(wrapping error: ResponseError) { responseError = error }
}

extension ResponseError: WorkerError {
  public var responseError: ResponseError { self }
}

extension ResponseError {
  /// Maps any error thrown by a handler to the error sent on the wire.
  public init(mapping error: any Error) {
    if let known = error as? any WorkerError {
      self = known.responseError
    } else if error is CancellationError {
      self = .requestCancelled
    } else {
      self = .internalError(String(describing: type(of: error)))
    }
  }
}
