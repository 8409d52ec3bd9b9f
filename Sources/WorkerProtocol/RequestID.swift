/// A JSON-RPC request id, kept exactly as the client sent it.
///
/// Numeric ids keep their original text so that `9007199254740993` is echoed
/// digit for digit instead of passing through `Double`.
public enum RequestID: Sendable, Hashable, CustomStringConvertible {
  case string(String)
  case number(JSONNumber)
  case null
  /// A string id whose text a `String` cannot hold (lone surrogate escapes such as `"\ud800"`): its JSON text
  /// between the quotes, exactly as received, written back unchanged.
  case escaped(String)

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
    case .escaped(let text): .string((try? JSONParser.parse("\"\(text)\"").stringValue) ?? text)
    }
  }

  /// Writes the id: its JSON value, or for an ``escaped(_:)`` id the bytes it arrived as.
  public func write(into writer: inout JSONWriter) {
    if case .escaped(let text) = self {
      writer.writeRaw(CollectionOfOne(UInt8(ascii: "\"")))
      writer.writeRaw(text.utf8)
      writer.writeRaw(CollectionOfOne(UInt8(ascii: "\"")))
    } else {
      writer.write(jsonValue)
    }
  }

  /// This id with the text it arrived as, when that text is in `rawIDs` at `position` (see
  /// ``JSONParser/parseMessage(_:maxDepth:)``).
  public func keepingRawText(_ rawIDs: [Int: String], at position: Int) -> RequestID {
    guard case .string = self, let raw = rawIDs[position] else { return self }
    return .escaped(raw)
  }

  public var description: String {
    switch self {
    case .string(let text): "\"\(text)\""
    case .number(let number): number.text
    case .null: "null"
    case .escaped(let text): "\"\(text)\""
    }
  }
}
