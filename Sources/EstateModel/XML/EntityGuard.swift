/// Refuses documents whose DOCTYPE declares entities or names an external DTD, before any XML parser sees them.
///
/// libxml2 already leaves external entities unresolved and stops entity amplification, but an estate never
/// needs a DTD, so any `<!ENTITY` in the prolog and any `SYSTEM`/`PUBLIC` identifier on a `<!DOCTYPE` (an external
/// subset can declare entities the document never spells out) is reported as an error and the document is not
/// parsed. The scan cannot be steered off course: keywords are matched without regard to case, quoted literals,
/// comments and processing instructions are skipped whole (so a `]>` or `<r` inside them ends nothing), and UTF-16
/// and UTF-32 documents are scanned after transcoding, as libxml2 would read them. A DOCTYPE can only stand in the
/// prolog, so the scan ends at the root element's start tag: its cost is the prolog's length.
enum EntityGuard {
  /// The position of the first entity declaration or external DTD reference, or nil when there is none.
  static func firstEntityDeclaration(in bytes: [UInt8]) -> (line: Int, column: Int)? {
    var scanner = ByteScanner(bytes: Self.utf8(bytes))
    var insideDoctype = false
    var insideSubset = false
    while let byte = scanner.current {
      if byte == UInt8(ascii: "<") {
        if scanner.hasPrefix(Pattern.comment) {
          scanner.skip(past: Pattern.commentEnd)
          continue
        }
        if scanner.hasPrefix(Pattern.processingInstruction) {
          scanner.skip(past: Pattern.processingInstructionEnd)
          continue
        }
        if scanner.hasPrefix(Pattern.entity, ignoringCase: true) {
          return (scanner.line, scanner.column)
        }
        if !insideDoctype, scanner.hasPrefix(Pattern.doctype, ignoringCase: true) {
          insideDoctype = true
          scanner.advance(Pattern.doctype.count)
          continue
        }
        if !insideDoctype, scanner.peek(1) != UInt8(ascii: "!") {
          return nil  // the root element: no DOCTYPE can follow
        }
      } else if insideDoctype {
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
          scanner.advance(1)
          scanner.skip(past: [byte])
          continue
        }
        if !insideSubset, Pattern.isSpace(byte),
          scanner.hasPrefix(Pattern.system, ignoringCase: true, at: 1)
            || scanner.hasPrefix(Pattern.public, ignoringCase: true, at: 1)
        {
          scanner.advance(1)
          return (scanner.line, scanner.column)
        }
        if byte == UInt8(ascii: "[") {
          insideSubset = true
        } else if byte == UInt8(ascii: "]") {
          insideSubset = false
        } else if byte == UInt8(ascii: ">"), !insideSubset {
          insideDoctype = false
        }
      }
      scanner.advance(1)
    }
    return nil
  }

  /// The document as UTF-8: UTF-16 and UTF-32 (told by their byte-order mark or by the zero bytes around the first
  /// `<`) are transcoded; anything else is returned as it is.
  static func utf8(_ bytes: [UInt8]) -> [UInt8] {
    let head = Array(bytes.prefix(4)) + [1, 1, 1, 1]
    let width: Int
    let bigEndian: Bool
    switch (head[0], head[1], head[2], head[3]) {
    case (0x00, 0x00, 0xFE, 0xFF), (0x00, 0x00, 0x00, 0x3C): (width, bigEndian) = (4, true)
    case (0xFF, 0xFE, 0x00, 0x00), (0x3C, 0x00, 0x00, 0x00): (width, bigEndian) = (4, false)
    case (0xFE, 0xFF, _, _), (0x00, 0x3C, _, _): (width, bigEndian) = (2, true)
    case (0xFF, 0xFE, _, _), (0x3C, 0x00, _, _): (width, bigEndian) = (2, false)
    default: return bytes
    }
    var text = String.UnicodeScalarView()
    var index = 0
    while index + width <= bytes.count {
      let unit = bytes[index..<index + width].enumerated().reduce(UInt32(0)) { value, pair in
        value | UInt32(pair.element) << (8 * UInt32(bigEndian ? width - 1 - pair.offset : pair.offset))
      }
      index += width
      if width == 2, (0xD800...0xDBFF).contains(unit), index + 2 <= bytes.count {
        let low =
          bigEndian
          ? UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1]) : UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index])
        if (0xDC00...0xDFFF).contains(low) {
          index += 2
          text.append(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}")
          continue
        }
      }
      text.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
    }
    // The byte-order mark is not part of the text (and would shift every column of the first line).
    if text.first == "\u{FEFF}" { text.removeFirst() }
    return Array(String(text).utf8)
  }

  /// The byte patterns the guard looks for.
  private enum Pattern {
    static let comment = Array("<!--".utf8)
    static let commentEnd = Array("-->".utf8)
    static let processingInstruction = Array("<?".utf8)
    static let processingInstructionEnd = Array("?>".utf8)
    static let doctype = Array("<!DOCTYPE".utf8)
    static let entity = Array("<!ENTITY".utf8)
    static let system = Array("SYSTEM".utf8)
    static let `public` = Array("PUBLIC".utf8)

    static func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
  }
}

/// Walks bytes while counting lines and columns (1-based, columns in bytes).
private struct ByteScanner {
  let bytes: [UInt8]
  var index = 0
  var line = 1
  var column = 1

  var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

  /// Whether `pattern` starts `offset` bytes ahead; letters compared without case when `ignoringCase`.
  func hasPrefix(_ pattern: [UInt8], ignoringCase: Bool = false, at offset: Int = 0) -> Bool {
    let start = index + offset
    guard start + pattern.count <= bytes.count else { return false }
    for position in pattern.indices {
      let byte = bytes[start + position]
      let folded = ignoringCase && byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
      if folded != pattern[position] { return false }
    }
    return true
  }

  mutating func advance(_ count: Int) {
    for _ in 0..<count {
      guard let byte = current else { return }
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
      index += 1
    }
  }

  mutating func skip(past pattern: [UInt8]) {
    while current != nil, !hasPrefix(pattern) { advance(1) }
    advance(pattern.count)
  }
}
