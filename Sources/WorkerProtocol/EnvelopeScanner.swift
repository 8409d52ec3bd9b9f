#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The fast path for the commonest message: a request or notification with no params.
///
/// A `ping`, a `shutdown` or a parameterless notification is a flat object of short ASCII
/// strings and integers. The scanner reads such a line in one pass over its bytes, without
/// building a ``JSONValue`` tree or any `String` until the method is looked up, and returns
/// where the id and method are. It accepts only a strict subset of valid JSON and declines
/// everything else (`nil`): params, escapes, non-ASCII, fractions, unknown or duplicate
/// members, anything malformed. Declined lines go through ``JSONParser``, so every verdict and
/// every error is the general parser's; the scanner can make a line faster, never different.
/// A test compares the two on random and mutated input.
public enum EnvelopeScanner {
  /// Where the parts of an accepted line are, as byte ranges into the line.
  public struct Envelope: Equatable, Sendable {
    /// The id's JSON text (quotes included for a string id), or `nil` for a notification.
    public var id: Range<Int>?
    /// The method name, without its quotes.
    public var method: Range<Int>

    /// Whether the method, read from the `line` this envelope was scanned from, is `name`, byte for byte.
    public func method(in line: UnsafeRawBufferPointer, is name: StaticString) -> Bool {
      method.count == name.utf8CodeUnitCount
        && memcmp(line.baseAddress! + method.lowerBound, name.utf8Start, method.count) == 0
    }
  }

  /// Scans `line`; returns `nil` when the line needs the general parser.
  public static func scan(_ line: UnsafeRawBufferPointer) -> Envelope? {
    if let envelope = canonical(line) { return envelope }
    return scanMemberByMember(line)
  }

  /// Scans `line` one member at a time, in any order and spacing; what ``scan(_:)`` does for every line that
  /// is not in the canonical layout.
  static func scanMemberByMember(_ line: UnsafeRawBufferPointer) -> Envelope? {
    var scanner = Cursor(bytes: line)
    return scanner.envelope()
  }

  /// Reads a line in the layout most clients write, `{"jsonrpc":"2.0","id":123,"method":"name"}` with an
  /// integer id and no spaces, as two fixed texts around the id and the name; `nil` for anything else, which
  /// then goes member by member. A pipelined `ping` costs about half as much this way (bench/README.md,
  /// "Pipelined ping"); a test compares the two ways on the same random lines.
  static func canonical(_ line: UnsafeRawBufferPointer) -> Envelope? {
    let opening: StaticString = #"{"jsonrpc":"2.0","id":"#
    let middle: StaticString = #","method":""#
    let count = line.count
    guard let base = line.baseAddress, count > opening.utf8CodeUnitCount + middle.utf8CodeUnitCount + 3,
      memcmp(base, opening.utf8Start, opening.utf8CodeUnitCount) == 0
    else { return nil }
    let idStart = opening.utf8CodeUnitCount
    var index = idStart
    if line[index] == 0x2D { index += 1 }  // -
    let digitsStart = index
    while index < count, line[index] &- 0x30 < 10 { index += 1 }
    let digits = index - digitsStart
    // No digits, or a leading zero: the general path gives the verdict.
    guard digits > 0, digits == 1 || line[digitsStart] != 0x30 else { return nil }
    let idEnd = index
    guard count - index > middle.utf8CodeUnitCount,
      memcmp(base + index, middle.utf8Start, middle.utf8CodeUnitCount) == 0
    else { return nil }
    index += middle.utf8CodeUnitCount
    let methodStart = index
    while index < count {
      let byte = line[index]
      if byte == 0x22 { break }
      guard byte &- 0x20 < 0x5F, byte != 0x5C else { return nil }  // a control character, non-ASCII, an escape
      index += 1
    }
    guard index + 2 == count, line[index] == 0x22, line[index + 1] == 0x7D else { return nil }
    return Envelope(id: idStart..<idEnd, method: methodStart..<index)
  }

  /// The members the fast path knows.
  private enum Member {
    case jsonrpc, id, method
  }

  private struct Cursor {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func envelope() -> Envelope? {
      var sawVersion = false
      var id: Range<Int>?
      var method: Range<Int>?
      if startsWith(Self.versionFirst) {
        // The layout every client we know writes: the version member first, no spaces. Its 17 bytes are
        // matched at once instead of being read as a key and a value; the members after it go the usual way.
        index = Self.versionFirst.utf8CodeUnitCount
        sawVersion = true
      } else {
        skipWhitespace()
        guard take(0x7B) else { return nil }  // {
        skipWhitespace()
        if peek == 0x7D { return nil }  // {} is not a request; let the general path say so
      }
      while true {
        skipWhitespace()
        let member: Member?
        if let known = literalKey() {
          member = known
        } else {
          guard let key = plainString() else { return nil }
          skipWhitespace()
          guard take(0x3A) else { return nil }  // :
          member = self.member(named: key)
        }
        skipWhitespace()
        switch member {
        case .jsonrpc?:
          guard !sawVersion, let version = plainString(), equals(version, "2.0") else { return nil }
          sawVersion = true
        case .id?:
          guard id == nil, let value = idValue() else { return nil }
          id = value
        case .method?:
          guard method == nil, let value = plainString() else { return nil }
          method = value
        case nil:
          return nil
        }
        skipWhitespace()
        if take(0x2C) { continue }  // ,
        guard take(0x7D) else { return nil }  // }
        break
      }
      skipWhitespace()
      guard index == bytes.count, sawVersion, let method else { return nil }
      return Envelope(id: id, method: method)
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func take(_ byte: UInt8) -> Bool {
      guard peek == byte else { return false }
      index += 1
      return true
    }

    mutating func skipWhitespace() {
      while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    /// A string of printable ASCII without escapes; returns the range inside the quotes.
    mutating func plainString() -> Range<Int>? {
      guard take(0x22) else { return nil }
      let start = index
      var position = index
      while position < bytes.count {
        let byte = bytes[position]
        if byte == 0x22 {
          index = position + 1
          return start..<position
        }
        // Below 0x20 or from 0x7F up wraps to 0x5F or more: a control character or non-ASCII.
        guard byte &- 0x20 < 0x5F, byte != 0x5C else { return nil }
        position += 1
      }
      return nil
    }

    /// An id: a plain string, an integer without fraction or exponent, or `null`; returns its JSON text.
    mutating func idValue() -> Range<Int>? {
      let start = index
      switch peek {
      case 0x22?:
        guard plainString() != nil else { return nil }
      case 0x6E?:  // n
        guard bytes.count - index >= 4, bytes[index + 1] == 0x75, bytes[index + 2] == 0x6C, bytes[index + 3] == 0x6C
        else { return nil }
        index += 4
      default:
        _ = take(0x2D)  // -
        guard let first = peek, first &- 0x30 < 10 else { return nil }
        index += 1
        if first == 0x30 {
          if let next = peek, next &- 0x30 < 10 { return nil }  // a leading zero: the general path reports it
        } else {
          while let byte = peek, byte &- 0x30 < 10 { index += 1 }
        }
        if let next = peek, next == 0x2E || next | 0x20 == 0x65 { return nil }  // fraction or exponent
      }
      return start..<index
    }

    /// The opening of a line whose first member is the version, written without spaces.
    static let versionFirst: StaticString = #"{"jsonrpc":"2.0","#

    /// A known key written with its colon straight after it (`"id":`), read in one comparison; `nil`
    /// leaves the cursor where it was, for the key to be read as a string.
    mutating func literalKey() -> Member? {
      guard index + 1 < bytes.count, bytes[index] == 0x22 else { return nil }
      let member: Member
      let text: StaticString
      switch bytes[index + 1] {
      case 0x69: (member, text) = (.id, #""id":"#)  // i
      case 0x6D: (member, text) = (.method, #""method":"#)  // m
      case 0x6A: (member, text) = (.jsonrpc, #""jsonrpc":"#)  // j
      default: return nil
      }
      guard bytes.count - index >= text.utf8CodeUnitCount, equals(index..<(index + text.utf8CodeUnitCount), text)
      else { return nil }
      index += text.utf8CodeUnitCount
      return member
    }

    func member(named key: Range<Int>) -> Member? {
      // The three names differ in length, so the length picks the one candidate to compare.
      switch key.count {
      case 2: equals(key, "id") ? .id : nil
      case 6: equals(key, "method") ? .method : nil
      case 7: equals(key, "jsonrpc") ? .jsonrpc : nil
      default: nil
      }
    }

    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
      range.count == text.utf8CodeUnitCount
        && memcmp(bytes.baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0
    }

    /// Whether the line starts with `text`.
    func startsWith(_ text: StaticString) -> Bool {
      bytes.count >= text.utf8CodeUnitCount && equals(0..<text.utf8CodeUnitCount, text)
    }
  }
}
