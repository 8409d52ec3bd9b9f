import PluginAPI
import WorkerProtocol

/// MCP prompts: `prompts/list` and `prompts/get`, answered at once from ``MCPPrompt`` data.
extension WorkerSession {
  /// The prompts whose tools are all enabled.
  var availablePrompts: [MCPPrompt] {
    let tools = Set(toolEntries.map(\.tool.name))
    return MCPPrompt.all.filter { $0.tools.allSatisfy(tools.contains) }
  }

  /// The `prompts/list` result.
  func promptsListResult() -> Result<JSONValue, ResponseError> {
    let prompts: [JSONValue] = availablePrompts.map { prompt in
      [
        "name": .string(prompt.name), "title": .string(prompt.title), "description": .string(prompt.description),
        "arguments": .array(
          prompt.arguments.map { argument in
            [
              "name": .string(argument.name), "description": .string(argument.description),
              "required": .bool(argument.required),
            ]
          }),
      ]
    }
    return .success(["prompts": .array(prompts)])
  }

  /// The `prompts/get` result: the prompt's messages with the arguments filled in.
  func promptGetResult(_ params: JSONValue?) -> Result<JSONValue, ResponseError> {
    guard let name = params?["name"]?.stringValue else {
      return .failure(.invalidParams("name must be the prompt's name", field: "name"))
    }
    guard let prompt = availablePrompts.first(where: { $0.name == name }) else {
      return .failure(.invalidParams("no prompt is named '\(name)'", field: "name"))
    }
    var arguments: [String: String] = [:]
    if let given = params?["arguments"], given != .null {
      guard let object = given.objectValue else {
        return .failure(.invalidParams("arguments must be an object of strings", field: "arguments"))
      }
      for (key, value) in object {
        guard let text = value.stringValue else {
          return .failure(.invalidParams("prompt arguments are strings", field: "arguments.\(key)"))
        }
        arguments[key] = text
      }
    }
    return prompt.messages(arguments).map { messages in
      ["description": .string(prompt.description), "messages": messages]
    }
  }
}
