import PluginAPI
import WorkerProtocol

/// The Model Context Protocol face of the worker: methods marked as tools become `tools/list` entries,
/// and `tools/call` runs them through the same dispatch, progress and cancellation as any request.
extension WorkerSession {
  /// The method name MCP clients use to run a tool.
  static let toolsCallMethod = "tools/call"

  /// Every method exposed as a tool, by tool name.
  var toolEntries: [(tool: ToolExposure, spec: MethodSpec)] {
    registry.sortedEntries.compactMap { entry in entry.spec.tool.map { ($0, entry.spec) } }
  }

  /// The `tools/list` result: name, title, description, input schema and (for object results) output schema.
  func toolsListResult() -> Result<JSONValue, ResponseError> {
    let tools: [JSONValue] = toolEntries.map { tool, spec in
      var object = JSONObject()
      object["name"] = .string(tool.name)
      object["title"] = .string(tool.title)
      object["description"] = .string(spec.summary)
      object["inputSchema"] = Self.objectSchema(spec.paramsSchema) ?? ["type": "object"]
      if let output = Self.objectSchema(spec.resultSchema) { object["outputSchema"] = output }
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
    let handler = spec.handler
    let summarize = tool.summarize
    let wrapped = MethodSpec(
      name: spec.name, summary: spec.summary, paramsSchema: spec.paramsSchema, resultSchema: spec.resultSchema
    ) { _, context in
      do {
        let result = try await handler(arguments ?? .object(JSONObject()), context)
        var object = JSONObject()
        object["content"] = [["type": "text", "text": .string(summarize(result))]]
        if result.objectValue != nil { object["structuredContent"] = result }
        object["isError"] = false
        return .object(object)
      } catch is CancellationError {
        throw ResponseError.requestCancelled
      } catch {
        let failure = ResponseError(mapping: error)
        if failure.code == .requestCancelled { throw failure }
        var object = JSONObject()
        object["content"] = [["type": "text", "text": .string("\(failure.message) (code \(failure.code))")]]
        object["structuredContent"] = ["error": failure.jsonValue]
        object["isError"] = true
        return .object(object)
      }
    }
    return .success(wrapped)
  }

  /// A schema usable as an MCP input or output schema: it must describe an object.
  private static func objectSchema(_ schema: JSONValue) -> JSONValue? {
    schema["type"] == "object" ? schema : nil
  }
}
