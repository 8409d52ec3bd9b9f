/// Why a JSON text was rejected.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The class of rejection, stable for tests and for `data.reason` on the wire.
  public enum Kind: String, Sendable, Hashable {
    case unexpectedEnd
    case unexpectedCharacter
    case invalidUTF8
    case invalidEscape
    case controlCharacterInString
    case invalidNumber
    case leadingZero
    case trailingComma
    case trailingGarbage
    case tooDeep
    case invalidLiteral
    case emptyInput
  }

  /// The class of rejection.
  public let kind: Kind
  /// The byte offset in the input where the problem was found.
  public let offset: Int

  public init(_ kind: Kind, at offset: Int) {
    self.kind = kind
    self.offset = offset
  }

  public var description: String { "\(kind.rawValue) at byte \(offset)" }
}

/// A strict RFC 8259 parser over UTF-8 bytes.
public enum JSONParser {
  /// The default nesting limit; deeper input is rejected with ``JSONParseError/Kind/tooDeep``.
  public static let defaultMaxDepth = 256

  /// Parses exactly one JSON text (surrounding whitespace allowed).
  public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(JSONParseError)
    -> JSONValue
  {
    throw JSONParseError(.emptyInput, at: 0)  // placeholder until the parser lands
  }
}
