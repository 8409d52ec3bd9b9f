/// Why a JSON text was rejected.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The class of rejection, stable for tests and for `data.reason` on the wire.
  public enum Kind: String, Sendable, Hashable {
    /// The input ended inside a value (an unclosed string, array, object or escape).
    case unexpectedEnd
    /// A byte that cannot appear at this point, such as a missing comma or colon or a non-string key.
    case unexpectedCharacter
    /// Bytes that are not well-formed UTF-8 (overlong, surrogate, above U+10FFFF, stray or truncated).
    case invalidUTF8
    /// A backslash escape other than `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` or `\u` with four hex digits.
    case invalidEscape
    /// A raw U+0000-U+001F inside a string; these must be escaped.
    case controlCharacterInString
    /// A malformed number, such as `1.`, `.5`, `+1`, `-` or `1e`.
    case invalidNumber
    /// A number with a superfluous leading zero, such as `01` or `-00`.
    case leadingZero
    /// A comma directly before `]` or `}`.
    case trailingComma
    /// Anything but whitespace after the value.
    case trailingGarbage
    /// More arrays and objects open at once than the parser's `maxDepth` allows.
    case tooDeep
    /// A word that is not `true`, `false` or `null`, such as `tru`, `NaN` or `Infinity`.
    case invalidLiteral
    /// Nothing but whitespace, or nothing at all.
    case emptyInput
  }

  /// The class of rejection.
  public let kind: Kind
  /// The byte offset in the input where the problem was found.
  public let offset: Int

  /// Makes an error of the given kind at a byte offset.
  public init(_ kind: Kind, at offset: Int) {
    self.kind = kind
    self.offset = offset
  }

  /// A short human-readable form, such as `trailingComma at byte 3`.
  public var description: String { "\(kind.rawValue) at byte \(offset)" }
}

/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// The parser accepts exactly one JSON value surrounded by optional whitespace (space, tab, line feed,
/// carriage return) and rejects everything else, including invalid UTF-8 anywhere in the input, a byte
/// order mark, trailing commas and non-standard number forms such as `NaN`. Numbers keep their exact text;
/// objects keep every member in document order, duplicates included. A `\u` escape of an unpaired surrogate
/// (such as `"\ud800"`) decodes as U+FFFD rather than failing, since a Swift `String` cannot hold it.
///
/// The parser is iterative: nesting is tracked on heap-allocated stacks and bounded by `maxDepth`, so deeply
/// nested input can never overflow the call stack. Error offsets are byte offsets from the start of the
/// buffer (or slice) that was passed in.
public enum JSONParser {
  /// The default nesting limit; deeper input is rejected with ``JSONParseError/Kind/tooDeep``.
  public static let defaultMaxDepth = 256

  /// Parses exactly one JSON text (surrounding whitespace allowed).
  ///
  /// - Parameters:
  ///   - bytes: The UTF-8 encoded text.
  ///   - maxDepth: The greatest number of arrays and objects that may be open at once; a scalar at the top
  ///     level has depth 0, `[]` has depth 1.
  public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(JSONParseError)
    -> JSONValue
  {
    var state = JSONParserState(input: bytes, maxDepth: maxDepth)
    return try state.parseDocument()
  }

  /// Parses one JSON-RPC line, also returning the exact text of every request `id` that a `String` cannot hold.
  ///
  /// An id such as `"\ud800"` (a lone surrogate escape) decodes lossily; `rawIDs` maps the message's position
  /// (0 for a single object, the element index in a batch) to the id's text between the quotes, as received,
  /// so the reply can carry the original bytes.
  public static func parseMessage(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth)
    throws(JSONParseError) -> (value: JSONValue, rawIDs: [Int: String])
  {
    var state = JSONParserState(input: bytes, maxDepth: maxDepth)
    state.recordsLossyIDs = true
    let value = try state.parseDocument()
    return (value, state.lossyIDs)
  }

  /// Parses exactly one JSON text from a byte array.
  public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(JSONParseError) in try parse(raw, maxDepth: maxDepth) }
    }
    return try result.get()
  }

  /// Parses exactly one JSON text from a slice of bytes; error offsets are relative to the slice's start.
  public static func parse(_ bytes: ArraySlice<UInt8>, maxDepth: Int = defaultMaxDepth) throws(JSONParseError)
    -> JSONValue
  {
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(JSONParseError) in try parse(raw, maxDepth: maxDepth) }
    }
    return try result.get()
  }

  /// Parses exactly one JSON text from a string's UTF-8 form.
  public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
    let contiguous = text.utf8.withContiguousStorageIfAvailable { buffer in
      Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer), maxDepth: maxDepth) }
    }
    if let contiguous {
      return try contiguous.get()
    }
    return try parse(Array(text.utf8), maxDepth: maxDepth)
  }
}

// MARK: - Parser state

/// ASCII bytes the parser dispatches on.
enum ASCII {
  static let tab: UInt8 = 0x09
  static let lineFeed: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let quote: UInt8 = 0x22
  static let plus: UInt8 = 0x2B
  static let comma: UInt8 = 0x2C
  static let minus: UInt8 = 0x2D
  static let period: UInt8 = 0x2E
  static let slash: UInt8 = 0x2F
  static let zero: UInt8 = 0x30
  static let colon: UInt8 = 0x3A
  static let openBracket: UInt8 = 0x5B
  static let backslash: UInt8 = 0x5C
  static let closeBracket: UInt8 = 0x5D
  static let openBrace: UInt8 = 0x7B
  static let closeBrace: UInt8 = 0x7D
}

/// The cursor and scratch space of one parse.
struct JSONParserState {
  /// The whole input.
  let input: UnsafeRawBufferPointer
  /// `input.count`, cached.
  let end: Int
  /// The greatest number of open containers allowed.
  let maxDepth: Int
  /// The offset of the next byte to read.
  var index = 0
  /// Reused buffer for strings that contain escapes.
  var scratch: [UInt8] = []
  /// Whether to note `id` members whose string decoded lossily (see ``JSONParser/parseMessage(_:maxDepth:)``).
  var recordsLossyIDs = false
  /// Set when a lone surrogate escape was replaced in the string being decoded.
  var stringWasLossy = false
  /// The key of the member whose value is being read.
  var lastKey = ""
  /// The raw text of lossy `id` members, by message position.
  var lossyIDs: [Int: String] = [:]

  init(input: UnsafeRawBufferPointer, maxDepth: Int) {
    self.input = input
    self.end = input.count
    self.maxDepth = maxDepth
  }

  /// Parses the whole input as one value with optional surrounding whitespace.
  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    skipWhitespace()
    guard index < end else { throw JSONParseError(.emptyInput, at: index) }
    let value = try parseValueTree()
    skipWhitespace()
    if index < end {
      throw error(.trailingGarbage, at: index)
    }
    return value
  }

  @inline(__always)
  mutating func skipWhitespace() {
    while index < end {
      let byte = input[index]
      guard byte == ASCII.space || byte == ASCII.lineFeed || byte == ASCII.carriageReturn || byte == ASCII.tab
      else { return }
      index += 1
    }
  }

  /// Makes an error at `offset`, reporting a byte that starts no valid UTF-8 sequence as `.invalidUTF8`.
  func error(_ kind: JSONParseError.Kind, at offset: Int) -> JSONParseError {
    if offset < end, input[offset] >= 0x80, utf8SequenceLength(at: offset) == nil {
      return JSONParseError(.invalidUTF8, at: offset)
    }
    return JSONParseError(kind, at: offset)
  }

  /// Parses one value, nested containers included, without recursion.
  ///
  /// Each open container has a frame that records its kind and where its elements start: array elements
  /// gather on `elements` and object members on `members`, and closing a container moves its slice of the
  /// stack into a new exact-size array. A member is pushed as soon as its key is read, with a `null`
  /// placeholder that its value replaces.
  mutating func parseValueTree() throws(JSONParseError) -> JSONValue {
    var frames: [ContainerFrame] = []
    var elements = MoveStack<JSONValue>()
    var members = MoveStack<(key: String, value: JSONValue)>()

    readValue: while true {
      skipWhitespace()
      guard index < end else { throw JSONParseError(.unexpectedEnd, at: end) }
      var value: JSONValue
      let byte = input[index]
      switch byte {
      case ASCII.quote:
        let quote = index
        index += 1
        stringWasLossy = false
        value = .string(try parseStringBody())
        if stringWasLossy, recordsLossyIDs { noteLossyID(quote: quote, frames: frames, elementCount: elements.count) }
      case ASCII.minus, ASCII.zero...0x39:
        value = .number(try parseNumber())
      case ASCII.openBracket:
        guard frames.count < maxDepth else { throw JSONParseError(.tooDeep, at: index) }
        index += 1
        skipWhitespace()
        if index < end, input[index] == ASCII.closeBracket {
          index += 1
          value = .array([])
        } else {
          frames.append(ContainerFrame(isObject: false, start: elements.count))
          continue readValue
        }
      case ASCII.openBrace:
        guard frames.count < maxDepth else { throw JSONParseError(.tooDeep, at: index) }
        index += 1
        skipWhitespace()
        if index < end, input[index] == ASCII.closeBrace {
          index += 1
          value = .object(JSONObject())
        } else {
          frames.append(ContainerFrame(isObject: true, start: members.count))
          members.push((key: try parseMemberKey(), value: .null))
          continue readValue
        }
      case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
        value = try parseLiteral()
      default:
        throw errorForValueStart(byte)
      }

      // A value is complete: add it to the innermost open container, closing containers as they end.
      while let frame = frames.last {
        if frame.isObject {
          members.setTopValue(value)
        } else {
          elements.push(value)
        }
        skipWhitespace()
        guard index < end else { throw JSONParseError(.unexpectedEnd, at: end) }
        let next = input[index]
        let closer = frame.isObject ? ASCII.closeBrace : ASCII.closeBracket
        if next == ASCII.comma {
          let comma = index
          index += 1
          skipWhitespace()
          if index < end, input[index] == closer { throw JSONParseError(.trailingComma, at: comma) }
          if frame.isObject { members.push((key: try parseMemberKey(), value: .null)) }
          continue readValue
        }
        guard next == closer else { throw error(.unexpectedCharacter, at: index) }
        index += 1
        frames.removeLast()
        if frame.isObject {
          value = .object(JSONObject(members.popArray(from: frame.start)))
        } else {
          value = .array(elements.popArray(from: frame.start))
        }
      }
      return value
    }
  }

  /// Notes the raw text of a lossy string that is the `id` of a request object at the top level or in a batch.
  private mutating func noteLossyID(quote: Int, frames: [ContainerFrame], elementCount: Int) {
    guard lastKey == "id", frames.last?.isObject == true else { return }
    let position: Int
    if frames.count == 1 {
      position = 0
    } else if frames.count == 2, !frames[0].isObject {
      position = elementCount - frames[0].start
    } else {
      return
    }
    lossyIDs[position] = String(
      decoding: UnsafeRawBufferPointer(rebasing: input[(quote + 1)..<(index - 1)]), as: UTF8.self)
  }

  /// Parses `"key" :` (leading whitespace allowed) and returns the key.
  mutating func parseMemberKey() throws(JSONParseError) -> String {
    skipWhitespace()
    guard index < end else { throw JSONParseError(.unexpectedEnd, at: end) }
    guard input[index] == ASCII.quote else { throw error(.unexpectedCharacter, at: index) }
    index += 1
    let key = try parseStringBody()
    lastKey = key
    skipWhitespace()
    guard index < end else { throw JSONParseError(.unexpectedEnd, at: end) }
    guard input[index] == ASCII.colon else { throw error(.unexpectedCharacter, at: index) }
    index += 1
    return key
  }

  /// Classifies a byte that cannot start a value.
  func errorForValueStart(_ byte: UInt8) -> JSONParseError {
    switch byte {
    case ASCII.plus, ASCII.period:
      return JSONParseError(.invalidNumber, at: index)
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
      return JSONParseError(.invalidLiteral, at: index)
    default:
      return error(.unexpectedCharacter, at: index)
    }
  }

  // MARK: Scalars

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte &- ASCII.zero < 10 }

  /// Parses `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` and keeps its text.
  mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
    let start = index
    var cursor = index
    if input[cursor] == ASCII.minus { cursor += 1 }
    guard cursor < end else { throw JSONParseError(.invalidNumber, at: cursor) }
    let first = input[cursor]
    if first == ASCII.zero {
      cursor += 1
      if cursor < end, Self.isDigit(input[cursor]) { throw JSONParseError(.leadingZero, at: cursor - 1) }
    } else if Self.isDigit(first) {
      cursor += 1
      while cursor < end, Self.isDigit(input[cursor]) { cursor += 1 }
    } else {
      throw JSONParseError(.invalidNumber, at: cursor)
    }
    if cursor < end, input[cursor] == ASCII.period {
      cursor += 1
      guard cursor < end, Self.isDigit(input[cursor]) else { throw JSONParseError(.invalidNumber, at: cursor) }
      cursor += 1
      while cursor < end, Self.isDigit(input[cursor]) { cursor += 1 }
    }
    if cursor < end, input[cursor] | 0x20 == UInt8(ascii: "e") {
      cursor += 1
      if cursor < end, input[cursor] == ASCII.plus || input[cursor] == ASCII.minus { cursor += 1 }
      guard cursor < end, Self.isDigit(input[cursor]) else { throw JSONParseError(.invalidNumber, at: cursor) }
      cursor += 1
      while cursor < end, Self.isDigit(input[cursor]) { cursor += 1 }
    }
    index = cursor
    let text = UnsafeRawBufferPointer(rebasing: input[start..<cursor])
    return JSONNumber(unchecked: String(decoding: text, as: UTF8.self))
  }

  /// Parses `true`, `false` or `null`.
  mutating func parseLiteral() throws(JSONParseError) -> JSONValue {
    let start = index
    let literal: JSONValue
    let length: Int
    switch input[start] {
    case UInt8(ascii: "t"):
      (literal, length) = (.bool(true), matches("true", at: start) ? 4 : 0)
    case UInt8(ascii: "f"):
      (literal, length) = (.bool(false), matches("false", at: start) ? 5 : 0)
    default:
      (literal, length) = (.null, matches("null", at: start) ? 4 : 0)
    }
    guard length > 0 else { throw JSONParseError(.invalidLiteral, at: start) }
    index = start + length
    return literal
  }

  /// Whether the input holds `word` (ASCII) at `offset`.
  @inline(__always)
  func matches(_ word: StaticString, at offset: Int) -> Bool {
    let count = word.utf8CodeUnitCount
    guard end - offset >= count else { return false }
    let bytes = word.utf8Start
    for position in 0..<count where input[offset + position] != bytes[position] {
      return false
    }
    return true
  }
}

// MARK: - Stacks

/// An open array or object while its elements are being parsed.
struct ContainerFrame {
  /// Whether the container is an object (else an array).
  var isObject: Bool
  /// The stack height at which the container's elements or members begin.
  var start: Int
}

/// A growable stack that hands its top elements over to a new array by moving them, without copies.
///
/// `Array` would retain every element when a slice is copied out and release it again when the slice is
/// removed; moving avoids both. Storage is allocated on the first push only.
struct MoveStack<Element>: ~Copyable {
  private var storage: UnsafeMutablePointer<Element>?
  private var capacity = 0
  /// The number of elements on the stack.
  private(set) var count = 0

  init() {}

  deinit {
    if let storage {
      storage.deinitialize(count: count)
      storage.deallocate()
    }
  }

  /// Pushes an element.
  @inline(__always)
  mutating func push(_ element: consuming Element) {
    if count == capacity { grow() }
    guard let storage else { return }
    (storage + count).initialize(to: element)
    count += 1
  }

  /// Moves the elements from `start` to the top into a new array and removes them from the stack.
  mutating func popArray(from start: Int) -> [Element] {
    guard count > start, let storage else { return [] }
    // `reserveCapacity` and `append` specialize in this module; `Array(unsafeUninitializedCapacity:)` would
    // look up the storage class's generic metadata at run time on every call.
    var array: [Element] = []
    array.reserveCapacity(count - start)
    for offset in start..<count {
      array.append((storage + offset).move())
    }
    count = start
    return array
  }

  private mutating func grow() {
    let newCapacity = Swift.max(16, capacity * 2)
    let newStorage = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    if let storage {
      newStorage.moveInitialize(from: storage, count: count)
      storage.deallocate()
    }
    storage = newStorage
    capacity = newCapacity
  }
}

extension MoveStack where Element == (key: String, value: JSONValue) {
  /// Replaces the value of the top member.
  @inline(__always)
  mutating func setTopValue(_ value: consuming JSONValue) {
    guard count > 0, let storage else { return }
    storage[count - 1].value = value
  }
}
