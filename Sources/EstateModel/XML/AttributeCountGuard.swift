/// Finds a start tag with more attributes than a limit, before libxml2 sees the document.
///
/// libxml2 (2.9) checks each attribute of a start tag against every earlier one of the same tag, so one element
/// with 100,000 attributes costs it tens of seconds before the reader's own limit can stop it. This scan counts
/// the `=` signs outside quoted values in each tag (one per attribute, namespace declarations included) in a
/// single pass; comments, CDATA sections, processing instructions and declarations are skipped.
enum AttributeCountGuard {
  /// The line and column (1-based, columns in bytes) of the first tag with more than `limit` attributes.
  static func firstTagExceeding(_ limit: Int, in bytes: [UInt8]) -> (line: Int, column: Int)? {
    bytes.withUnsafeBufferPointer { buffer in
      guard let start = scanForTag(exceeding: limit, in: buffer) else { return nil }
      return position(of: start, in: buffer)
    }
  }

  /// The offset of the `<` that opens the first tag past the limit.
  private static func scanForTag(exceeding limit: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let count = bytes.count
    var index = 0
    while index < count {
      guard bytes[index] == Byte.open else {
        index += 1
        continue
      }
      let tagStart = index
      let next = index + 1 < count ? bytes[index + 1] : 0
      if next == Byte.bang {
        if hasPrefix(Pattern.comment, at: index, in: bytes) {
          index = end(of: Pattern.commentEnd, from: index + Pattern.comment.count, in: bytes)
        } else if hasPrefix(Pattern.cdata, at: index, in: bytes) {
          index = end(of: Pattern.cdataEnd, from: index + Pattern.cdata.count, in: bytes)
        } else {
          index = end(of: [Byte.close], from: index + 2, in: bytes)
        }
        continue
      }
      if next == Byte.question {
        index = end(of: Pattern.processingEnd, from: index + 2, in: bytes)
        continue
      }
      // A start or end tag: count `=` outside quotes up to the closing `>`.
      var attributes = 0
      var quote: UInt8 = 0
      index += 1
      while index < count {
        let byte = bytes[index]
        if quote != 0 {
          if byte == quote { quote = 0 }
        } else if byte == Byte.doubleQuote || byte == Byte.singleQuote {
          quote = byte
        } else if byte == Byte.equals {
          attributes += 1
          if attributes > limit { return tagStart }
        } else if byte == Byte.close {
          break
        }
        index += 1
      }
      index += 1
    }
    return nil
  }

  private static func hasPrefix(_ pattern: [UInt8], at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard index + pattern.count <= bytes.count else { return false }
    for offset in pattern.indices where bytes[index + offset] != pattern[offset] { return false }
    return true
  }

  /// The offset just past the first `pattern` at or after `from`, or the end of the bytes.
  private static func end(of pattern: [UInt8], from: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var index = from
    while index < bytes.count {
      if bytes[index] == pattern[0], hasPrefix(pattern, at: index, in: bytes) { return index + pattern.count }
      index += 1
    }
    return bytes.count
  }

  private static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    for index in 0..<offset where bytes[index] == Byte.newline {
      line += 1
      lineStart = index + 1
    }
    return (line, offset - lineStart + 1)
  }

  private enum Byte {
    static let open = UInt8(ascii: "<")
    static let close = UInt8(ascii: ">")
    static let bang = UInt8(ascii: "!")
    static let question = UInt8(ascii: "?")
    static let equals = UInt8(ascii: "=")
    static let doubleQuote = UInt8(ascii: "\"")
    static let singleQuote = UInt8(ascii: "'")
    static let newline = UInt8(ascii: "\n")
  }

  private enum Pattern {
    static let comment = Array("<!--".utf8)
    static let commentEnd = Array("-->".utf8)
    static let cdata = Array("<![CDATA[".utf8)
    static let cdataEnd = Array("]]>".utf8)
    static let processingEnd = Array("?>".utf8)
  }
}
