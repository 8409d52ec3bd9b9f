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
  /// The handler that may answer with a result's kept text, when the method was declared with one; the worker
  /// calls it instead of ``handler``, which then gives the same result as a value.
  public private(set) var replyHandler: MethodReplyHandler?
  /// The handler the worker starts on its loop thread instead of running ``handler`` in a task, when the method
  /// has one (see ``starting(with:)``); ``handler`` still serves MCP tools and in-process callers.
  public private(set) var starter: MethodStarter?
  /// What the method does to shared state; the session orders requests by it (see ``MethodAccess``).
  public private(set) var access: MethodAccess = .reads
  /// How the method appears as a Model Context Protocol tool, when it does (see ``asTool(title:use:summarize:)``).
  public private(set) var tool: ToolExposure?
  /// Why the method is not a tool, when it is deliberately left out (see ``withheldFromTools(because:)``).
  public private(set) var toolWithheldReason: String?

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

  /// Declares a method whose handler may answer with a result's kept JSON text (``MethodReply/encoded(_:)``),
  /// which the worker writes as it is; ``handler`` gives the same result as a value (for tools and in-process
  /// callers).
  public static func replying(
    name: String, summary: String, paramsSchema: JSONValue, resultSchema: JSONValue, errors: [ErrorCode] = [],
    handler: @escaping MethodReplyHandler
  ) -> MethodSpec {
    var spec = MethodSpec(
      name: name, summary: summary, paramsSchema: paramsSchema, resultSchema: resultSchema, errors: errors
    ) { params, context in try await handler(params, context).value }
    spec.replyHandler = handler
    return spec
  }
}

/// How a method appears to MCP clients in `tools/list`.
public struct ToolExposure: Sendable {
  /// The tool name: the method name with `/` replaced by `_` (MCP tool names avoid slashes).
  public let name: String
  /// A short human-readable title.
  public let title: String
  /// When a model should use the tool, and what to call before or after it; it follows the method's summary
  /// in the tool's description.
  public let use: String
  /// The readable summary of a result that opens the text content, or `nil` for a generic one.
  public let summarize: (@Sendable (JSONValue) -> String)?

  /// The tool name MCP clients use for a method name.
  public static func name(forMethod method: String) -> String {
    String(method.map { $0 == "/" ? "_" : $0 })
  }
}

extension MethodSpec {
  /// Returns this method exposed as an MCP tool.
  ///
  /// - Parameters:
  ///   - title: a short title for tool pickers.
  ///   - use: when to use the tool (what it answers, what comes before and after it), in the words of a hint to
  ///     a model; method names in it are written as tool names.
  ///   - summarize: the readable summary of a result; the complete result follows it as JSON text. By default
  ///     the worker describes the result's top-level members.
  public func asTool(title: String, use: String, summarize: (@Sendable (JSONValue) -> String)? = nil) -> MethodSpec {
    var copy = self
    copy.tool = ToolExposure(name: ToolExposure.name(forMethod: name), title: title, use: use, summarize: summarize)
    copy.toolWithheldReason = nil
    return copy
  }

  /// Returns this method deliberately left out of `tools/list`, with the reason `protocol.md` gives.
  public func withheldFromTools(because reason: String) -> MethodSpec {
    var copy = self
    copy.tool = nil
    copy.toolWithheldReason = reason
    return copy
  }

  /// Returns this method with a handler that completes through a callback (``MethodStarter``), which the worker
  /// then uses for requests instead of ``handler``; `nil` takes it away again. Both must give the same outcomes.
  public func starting(with starter: MethodStarter?) -> MethodSpec {
    var copy = self
    copy.starter = starter
    return copy
  }

  /// Returns this method with its effect on shared state declared (``MethodAccess/reads`` when never declared).
  public func accessing(_ access: MethodAccess) -> MethodSpec {
    var copy = self
    copy.access = access
    return copy
  }
}
