import PluginAPI
import WorkerProtocol

/// What a `tools/call` result says to a model: a readable summary, then the complete result as JSON text; for a
/// failure, what went wrong and what to do. Method names in texts become tool names.
struct ToolContent: Sendable {
  /// Results longer than this (in UTF-8 bytes of JSON) are still sent whole, with a note saying so.
  static let largeResultBytes = 100_000

  /// Every method exposed as a tool, as (method name, tool name), longest method names first.
  let vocabulary: [(method: String, tool: String)]

  /// Builds the vocabulary from the tools.
  init(tools: [ToolExposure], methods: [String]) {
    vocabulary = zip(methods, tools.map(\.name)).sorted { $0.0.count > $1.0.count }
  }

  /// The result of a successful call: text content, and the structured content when the result is an object.
  func success(_ result: JSONValue, tool: ToolExposure) -> JSONValue {
    let named = renamingMethods(in: result)
    let json = named.jsonText
    var text = tool.summarize.map { renaming($0(result)) } ?? Self.genericSummary(named, tool: tool.name)
    if json.utf8.count > Self.largeResultBytes {
      text +=
        "\n\nThe complete result follows (\(json.utf8.count) bytes of JSON); the same data is in structuredContent. "
        + "Narrow the request (one target, one virtual network) for a shorter answer."
    }
    var object = JSONObject()
    object["content"] = [["type": "text", "text": .string(text + "\n\n" + json)]]
    if named.objectValue != nil { object["structuredContent"] = named }
    object["isError"] = false
    return .object(object)
  }

  /// The result of a failed call: `isError: true` and a text naming the problem, the field, the reason and
  /// what to do; never structured content (it would not match the tool's output schema).
  func failure(_ error: ResponseError) -> JSONValue {
    var lines = ["Error \(error.code): \(renaming(error.message))"]
    if let data = error.data?.objectValue {
      for key in ["field", "reason", "file", "line", "column", "method", "platformCode", "target", "holder"] {
        guard let value = data[key], value != .null else { continue }
        lines.append("\(key): \(value.stringValue.map(renaming) ?? value.jsonText)")
      }
      if let messages = data["validationMessages"]?.arrayValue, !messages.isEmpty {
        lines.append("validation messages:")
        for message in messages.prefix(20) {
          let severity = message["severity"]?.stringValue ?? message["category"]?.stringValue ?? ""
          lines.append("  - \(severity) \(renaming(message["message"]?.stringValue ?? message.jsonText))")
        }
        if messages.count > 20 { lines.append("  … \(messages.count - 20) more") }
      }
    }
    lines.append("What to do: \(renaming(Self.advice(for: error.code)))")
    var object = JSONObject()
    object["content"] = [["type": "text", "text": .string(lines.joined(separator: "\n"))]]
    object["isError"] = true
    return .object(object)
  }

  /// A text with every method name that is a tool written as the tool's name (`estate/import` → `estate_import`).
  func renaming(_ text: String) -> String {
    guard text.contains("/") else { return text }
    var result = text
    for (method, tool) in vocabulary where result.contains(method) {
      result = Self.replacingWholeNames(method, with: tool, in: result)
    }
    return result
  }

  /// A JSON value with ``renaming(_:)`` applied to every string in it (keys stay as they are).
  func renamingMethods(in value: JSONValue) -> JSONValue {
    switch value {
    case .string(let text): .string(renaming(text))
    case .array(let elements): .array(elements.map(renamingMethods))
    case .object(let object): .object(JSONObject(object.map { ($0.key, renamingMethods(in: $0.value)) }))
    default: value
    }
  }

  /// What the caller should do about an error of `code`.
  static func advice(for code: ErrorCode) -> String {
    adviceByCode[code.rawValue]
      ?? "Read the message; if it names a field, correct that argument and call the tool again."
  }

  private static let adviceByCode: [Int: String] = [
    ErrorCode.invalidParams.rawValue:
      "Correct the named argument (see the tool's inputSchema) and call the tool again.",
    ErrorCode.internalError.rawValue: "This is a fault in csmigrate; its log (stderr) has the details.",
    ErrorCode.invalidInput.rawValue:
      "Fix the file or estate document at the named place (or choose another file), then call again.",
    ErrorCode.pathOutsideRoot.rawValue: "Use a path inside the worker's --root directory.",
    ErrorCode.notFound.rawValue:
      "Check the name against estate/load, classic/list or migration/status and call again with one that exists.",
    ErrorCode.operationNotAllowed.rawValue:
      "The target's migration state does not allow this; check migration/status and follow the message.",
    ErrorCode.conflict.rawValue: "Another operation holds the target; wait for it to finish and call again.",
    ErrorCode.validationFailed.rawValue:
      "Fix the validation errors listed (validation/explain gives each rule's fix), then call again.",
  ]

  /// A summary for tools that give none: each top-level member with its size.
  static func genericSummary(_ result: JSONValue, tool: String) -> String {
    guard let object = result.objectValue else { return "\(tool) returned \(result.kindDescription)." }
    let parts = object.map { key, value -> String in
      switch value {
      case .array(let elements): "\(key): \(elements.count) item\(elements.count == 1 ? "" : "s")"
      case .object(let members): "\(key): an object with \(members.count) member\(members.count == 1 ? "" : "s")"
      case .string(let text) where text.count <= 120: "\(key): \(text)"
      case .string(let text): "\(key): \(text.count) characters"
      default: "\(key): \(value.jsonText)"
      }
    }
    return "\(tool) returned " + (parts.isEmpty ? "an empty object." : parts.joined(separator: "; ") + ".")
  }

  /// Replaces `name` where it stands as a whole name: not inside a longer path or word.
  private static func replacingWholeNames(_ name: String, with replacement: String, in text: String) -> String {
    var result = ""
    var rest = text[...]
    while let range = rest.firstRange(of: name) {
      let before = range.lowerBound == rest.startIndex ? result.last : rest[rest.index(before: range.lowerBound)]
      let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
      result += rest[..<range.lowerBound]
      if isNameCharacter(before) || isNameCharacter(after) {
        result += name
      } else {
        result += replacement
      }
      rest = rest[range.upperBound...]
    }
    return result + rest
  }

  private static func isNameCharacter(_ character: Character?) -> Bool {
    guard let character else { return false }
    return character.isLetter || character.isNumber || character == "_" || character == "/" || character == "-"
  }
}
