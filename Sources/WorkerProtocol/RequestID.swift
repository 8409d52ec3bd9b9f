/// A JSON-RPC request id, kept exactly as the client sent it.
///
/// Numeric ids keep their original text so that `9007199254740993` is echoed
/// digit for digit instead of passing through `Double`.
public enum RequestID: Sendable, Hashable, CustomStringConvertible {
  case string(String)
  case number(JSONNumber)
  case null

  /// Reads an id from the `id` member of a message, or `nil` when the value cannot be an id.
  public init?(_ value: JSONValue) {
    switch value {
    case .string(let text): self = .string(text)
    case .number(let number): self = .number(number)
    case .null: self = .null
    default: return nil
    }
  }

  /// The id as a JSON value, for writing it back.
  public var jsonValue: JSONValue {
    switch self {
    case .string(let text): .string(text)
    case .number(let number): .number(number)
    case .null: .null
    }
  }

  public var description: String {
    switch self {
    case .string(let text): "\"\(text)\""
    case .number(let number): number.text
    case .null: "null"
    }
  }
}
