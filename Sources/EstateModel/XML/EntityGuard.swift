/// Refuses documents whose DOCTYPE declares entities, before any XML parser sees them.
///
/// libxml2 already leaves external entities unresolved and stops entity amplification, but an estate never
/// needs a DTD, so any `<!ENTITY` inside a `<!DOCTYPE` is reported as an error and the document is not parsed.
enum EntityGuard {
  /// The position of the first entity declaration inside a DOCTYPE, or nil when there is none.
  static func firstEntityDeclaration(in bytes: [UInt8]) -> (line: Int, column: Int)? {
    var scanner = ByteScanner(bytes: bytes)
    var insideDoctype = false
    while !scanner.atEnd {
      if scanner.hasPrefix("<!--") {
        scanner.skip(past: "-->")
      } else if !insideDoctype && scanner.hasPrefix("<!DOCTYPE") {
        insideDoctype = true
        scanner.advance(9)
      } else if insideDoctype && scanner.hasPrefix("<!ENTITY") {
        return (scanner.line, scanner.column)
      } else if insideDoctype && scanner.hasPrefix("]>") {
        insideDoctype = false
        scanner.advance(2)
      } else if insideDoctype && !scanner.sawInternalSubset && scanner.current == UInt8(ascii: ">") {
        insideDoctype = false
        scanner.advance(1)
      } else {
        if scanner.current == UInt8(ascii: "[") && insideDoctype { scanner.sawInternalSubset = true }
        scanner.advance(1)
      }
    }
    return nil
  }
}

/// Walks bytes while counting lines and columns (1-based, columns in bytes).
private struct ByteScanner {
  let bytes: [UInt8]
  var index = 0
  var line = 1
  var column = 1
  var sawInternalSubset = false

  var atEnd: Bool { index >= bytes.count }
  var current: UInt8 { bytes[index] }

  func hasPrefix(_ text: String) -> Bool {
    let pattern = Array(text.utf8)
    guard index + pattern.count <= bytes.count else { return false }
    return bytes[index..<index + pattern.count].elementsEqual(pattern)
  }

  mutating func advance(_ count: Int) {
    for _ in 0..<count where !atEnd {
      if bytes[index] == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
      index += 1
    }
  }

  mutating func skip(past text: String) {
    while !atEnd && !hasPrefix(text) { advance(1) }
    advance(text.utf8.count)
  }
}
