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
  /// How the method appears as a Model Context Protocol tool, when it does (see ``asTool(title:summarize:)``).
  public private(set) var tool: ToolExposure?

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

/// How a method appears to MCP clients in `tools/list`.
public struct ToolExposure: Sendable {
  /// The tool name: the method name with `/` replaced by `_` (MCP tool names avoid slashes).
  public let name: String
  /// A short human-readable title.
  public let title: String
  /// Turns the method's result into the one-paragraph text summary that accompanies the structured content.
  public let summarize: @Sendable (JSONValue) -> String
}

extension MethodSpec {
  /// Returns this method exposed as an MCP tool.
  ///
  /// - Parameters:
  ///   - title: a short title for tool pickers.
  ///   - summarize: the text summary of a result; by default the result's compact JSON, cut at 1,000 characters.
  public func asTool(title: String, summarize: (@Sendable (JSONValue) -> String)? = nil) -> MethodSpec {
    var copy = self
    copy.tool = ToolExposure(
      name: name.replacingSlashes(), title: title,
      summarize: summarize ?? { result in String(result.jsonText.prefix(1_000)) })
    return copy
  }
}

extension String {
  fileprivate func replacingSlashes() -> String {
    String(map { $0 == "/" ? "_" : $0 })
  }
}
