/// The report's HTML as it is written: markup appended as it is, estate values escaped on the way in.
///
/// Escaping works on UTF-8 bytes: `<`, `>`, `&`, `"` and `'` become the entities the Mustache templates write
/// (`&lt;`, `&gt;`, `&amp;`, `&quot;`, `&#39;`); a value without any of them is appended in one piece.
struct HTMLOutput {
  /// The HTML so far.
  private(set) var text = ""

  /// Makes an output with room for about `capacity` bytes.
  init(capacity: Int = 0) {
    text.reserveCapacity(capacity)
  }

  /// Appends each piece in order: markup as it is, values escaped.
  mutating func write(_ pieces: HTMLPiece...) {
    for piece in pieces {
      switch piece {
      case .markup(let markup): raw(markup)
      case .text(let value): escaped(value)
      }
    }
  }

  /// Appends markup as it is.
  mutating func raw(_ markup: String) {
    text.append(markup)
  }

  /// Appends an estate value, HTML-escaped.
  mutating func escaped(_ value: String) {
    let utf8 = value.utf8
    var start = utf8.startIndex
    while let found = utf8[start...].firstIndex(where: Self.needsEscape) {
      text.append(contentsOf: value[start..<found])
      text.append(Self.entity(utf8[found]))
      start = utf8.index(after: found)
    }
    text.append(contentsOf: value[start...])
  }

  private static func needsEscape(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
      || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
  }

  private static func entity(_ byte: UInt8) -> String {
    switch byte {
    case UInt8(ascii: "<"): "&lt;"
    case UInt8(ascii: ">"): "&gt;"
    case UInt8(ascii: "&"): "&amp;"
    case UInt8(ascii: "\""): "&quot;"
    default: "&#39;"
    }
  }
}

/// A piece of HTML to write: markup (a string literal) or a value to escape (`.text(value)`).
enum HTMLPiece: ExpressibleByStringLiteral {
  case markup(String)
  case text(String)

  init(stringLiteral markup: String) {
    self = .markup(markup)
  }
}
