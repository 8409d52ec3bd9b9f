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
  }

  /// Scans `line`; returns `nil` when the line needs the general parser.
  public static func scan(_ line: UnsafeRawBufferPointer) -> Envelope? {
    var scanner = Cursor(bytes: line)
    return scanner.envelope()
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
      skipWhitespace()
      guard take(0x7B) else { return nil }  // {
      var sawVersion = false
      var id: Range<Int>?
      var method: Range<Int>?
      skipWhitespace()
      if peek == 0x7D { return nil }  // {} is not a request; let the general path say so
      while true {
        skipWhitespace()
        guard let key = plainString() else { return nil }
        skipWhitespace()
        guard take(0x3A) else { return nil }  // :
        skipWhitespace()
        switch member(named: key) {
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
      while let byte = peek {
        if byte == 0x22 {
          index += 1
          return start..<(index - 1)
        }
        guard byte >= 0x20, byte < 0x7F, byte != 0x5C else { return nil }
        index += 1
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

    func member(named key: Range<Int>) -> Member? {
      if equals(key, "method") { return .method }
      if equals(key, "id") { return .id }
      if equals(key, "jsonrpc") { return .jsonrpc }
      return nil
    }

    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
      guard range.count == text.utf8CodeUnitCount else { return false }
      let expected = text.utf8Start
      for offset in 0..<range.count where bytes[range.lowerBound + offset] != expected[offset] {
        return false
      }
      return true
    }
  }
}
