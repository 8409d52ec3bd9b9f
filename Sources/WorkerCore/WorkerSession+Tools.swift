import PluginAPI
import WorkerProtocol

/// The Model Context Protocol face of the worker: methods marked as tools become `tools/list` entries,
/// and `tools/call` runs them through the same dispatch, ordering, progress and cancellation as any request.
extension WorkerSession {
  /// The method name MCP clients use to run a tool.
  static let toolsCallMethod = "tools/call"

  /// Every method exposed as a tool, by tool name.
  var toolEntries: [(tool: ToolExposure, spec: MethodSpec)] {
    registry.sortedEntries.compactMap { entry in entry.spec.tool.map { ($0, entry.spec) } }
  }

  /// How tool results and errors are written, with every tool's method name known.
  var toolContent: ToolContent {
    let entries = toolEntries
    return ToolContent(tools: entries.map(\.tool), methods: entries.map(\.spec.name))
  }

  /// The `tools/list` result: name, title, description, input schema, output schema (for object results) and
  /// the hints MCP clients use to decide whether a call needs confirmation.
  func toolsListResult() -> Result<JSONValue, ResponseError> {
    let content = toolContent
    let tools: [JSONValue] = toolEntries.map { tool, spec in
      var object = JSONObject()
      object["name"] = .string(tool.name)
      object["title"] = .string(tool.title)
      object["description"] = .string(content.renaming(spec.summary + " " + tool.use))
      object["inputSchema"] = Self.objectSchema(spec.paramsSchema) ?? ["type": "object"]
      if let output = Self.objectSchema(spec.resultSchema) { object["outputSchema"] = output }
      object["annotations"] = Self.annotations(tool: tool, access: spec.access)
      return .object(object)
    }
    return .success(["tools": .array(tools)])
  }

  /// Builds the handler that runs a tool: the method's own handler on `arguments`, its result wrapped for MCP.
  ///
  /// Failures of the tool itself come back as a result with `isError: true` (MCP's rule, so a model can read
  /// them); only an unknown tool or malformed call is a JSON-RPC error.
  func toolCall(_ params: JSONValue?) -> Result<MethodSpec, ResponseError> {
    guard let name = params?["name"]?.stringValue else {
      return .failure(.invalidParams("name must be the tool's name", field: "name"))
    }
    guard let (tool, spec) = toolEntries.first(where: { $0.tool.name == name }) else {
      return .failure(.invalidParams("no tool is named '\(name)'", field: "name"))
    }
    let arguments = params?["arguments"]
    if let arguments, arguments.objectValue == nil {
      return .failure(.invalidParams("arguments must be an object", field: "arguments"))
    }
    let forwarded = arguments ?? .object(JSONObject())
    let handler = spec.handler
    let content = toolContent
    let wrapped = MethodSpec(
      name: spec.name, summary: spec.summary, paramsSchema: spec.paramsSchema, resultSchema: spec.resultSchema
    ) { _, context in
      do {
        return content.success(try await handler(forwarded, context), tool: tool)
      } catch is CancellationError {
        throw ResponseError.requestCancelled
      } catch {
        let failure = ResponseError(mapping: error)
        if failure.code == .requestCancelled { throw failure }
        return content.failure(failure)
      }
    }
    return .success(wrapped.accessing(spec.access))
  }

  /// MCP's tool hints, from what the method does to shared state; csmigrate never reaches outside the machine.
  static func annotations(tool: ToolExposure, access: MethodAccess) -> JSONValue {
    let effect: WriteEffect? =
      switch access {
      case .writes(let effect): effect
      case .reads, .independent: nil
      }
    return [
      "title": .string(tool.title),
      "readOnlyHint": .bool(effect == nil),
      "destructiveHint": .bool(effect?.destructive ?? false),
      "idempotentHint": .bool(effect?.idempotent ?? true),
      "openWorldHint": false,
    ]
  }

  /// A schema usable as an MCP input or output schema: it must describe an object.
  private static func objectSchema(_ schema: JSONValue) -> JSONValue? {
    schema["type"] == "object" ? schema : nil
  }
}
