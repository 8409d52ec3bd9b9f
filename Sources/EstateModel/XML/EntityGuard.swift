/// Refuses documents whose DOCTYPE declares entities, before any XML parser sees them.
///
/// libxml2 already leaves external entities unresolved and stops entity amplification, but an estate never
/// needs a DTD, so any `<!ENTITY` inside a `<!DOCTYPE` is reported as an error and the document is not parsed.
/// A DOCTYPE can only stand in the prolog, so the scan ends at the root element's start tag: its cost is the
/// prolog's length, not the document's.
enum EntityGuard {
  /// The position of the first entity declaration inside a DOCTYPE, or nil when there is none.
  static func firstEntityDeclaration(in bytes: [UInt8]) -> (line: Int, column: Int)? {
    var scanner = ByteScanner(bytes: bytes)
    var insideDoctype = false
    var sawInternalSubset = false
    while let byte = scanner.current {
      if byte == UInt8(ascii: "<") {
        if scanner.hasPrefix(Pattern.comment) {
          scanner.skip(past: Pattern.commentEnd)
          continue
        }
        if insideDoctype, scanner.hasPrefix(Pattern.entity) {
          return (scanner.line, scanner.column)
        }
        if !insideDoctype, scanner.hasPrefix(Pattern.doctype) {
          insideDoctype = true
          scanner.advance(Pattern.doctype.count)
          continue
        }
        if !insideDoctype, let next = scanner.peek(1), next != UInt8(ascii: "?"), next != UInt8(ascii: "!") {
          return nil  // the root element: no DOCTYPE can follow
        }
      } else if insideDoctype {
        if byte == UInt8(ascii: "[") {
          sawInternalSubset = true
        } else if byte == UInt8(ascii: "]"), scanner.peek(1) == UInt8(ascii: ">") {
          insideDoctype = false
          scanner.advance(2)
          continue
        } else if byte == UInt8(ascii: ">"), !sawInternalSubset {
          insideDoctype = false
        }
      }
      scanner.advance(1)
    }
    return nil
  }

  /// The byte patterns the guard looks for.
  private enum Pattern {
    static let comment = Array("<!--".utf8)
    static let commentEnd = Array("-->".utf8)
    static let doctype = Array("<!DOCTYPE".utf8)
    static let entity = Array("<!ENTITY".utf8)
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

  func hasPrefix(_ pattern: [UInt8]) -> Bool {
    guard index + pattern.count <= bytes.count else { return false }
    for offset in pattern.indices where bytes[index + offset] != pattern[offset] { return false }
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
