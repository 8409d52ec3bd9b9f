import WorkerProtocol

/// Parses bytes and returns the error, or `nil` if the input was accepted.
func parseError(_ bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONParseError? {
  do throws(JSONParseError) {
    _ = try JSONParser.parse(bytes, maxDepth: maxDepth)
    return nil
  } catch {
    return error
  }
}

/// Parses a string and returns the error, or `nil` if the input was accepted.
func parseError(_ text: String, maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONParseError? {
  parseError(Array(text.utf8), maxDepth: maxDepth)
}

/// A number value with exactly the given text.
func num(_ text: String) -> JSONValue { .number(JSONNumber(unchecked: text)) }

/// The nesting depth of a value (scalars are 0), computed without recursion.
func depth(of value: JSONValue) -> Int {
  var deepest = 0
  var pending: [(JSONValue, Int)] = [(value, 0)]
  while let (current, level) = pending.popLast() {
    deepest = max(deepest, level)
    switch current {
    case .array(let elements):
      deepest = max(deepest, level + 1)
      pending.append(contentsOf: elements.map { ($0, level + 1) })
    case .object(let object):
      deepest = max(deepest, level + 1)
      pending.append(contentsOf: object.members.map { ($0.value, level + 1) })
    default:
      break
    }
  }
  return deepest
}
