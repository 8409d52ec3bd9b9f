public import WorkerProtocol

/// The handler behind a method: params in, result out, or a thrown error.
///
/// Runs off the loop thread. Throw a ``WorkerError`` for a specific JSON-RPC error;
/// any other error becomes `-32603 Internal error`.
public typealias MethodHandler = @Sendable (_ params: JSONValue?, _ context: RequestContext) async throws -> JSONValue

/// One JSON-RPC method: its name, contract and handler.
public struct MethodSpec: Sendable {
  /// The wire name, `area/verb` (for example `estate/load`).
  public let name: String
  /// One sentence for `rpc.discover` and `protocol.md`.
  public let summary: String
  /// JSON Schema of `params`.
  public let paramsSchema: JSONValue
  /// JSON Schema of `result`.
  public let resultSchema: JSONValue
  /// The application errors this method may return, for discovery.
  public let errors: [ErrorCode]
  /// The handler.
  public let handler: MethodHandler

  /// Declares a method.
  public init(
    name: String, summary: String, paramsSchema: JSONValue, resultSchema: JSONValue, errors: [ErrorCode] = [],
    handler: @escaping MethodHandler
  ) {
    self.name = name
    self.summary = summary
    self.paramsSchema = paramsSchema
    self.resultSchema = resultSchema
    self.errors = errors
    self.handler = handler
  }
}
