/// An element's place in a document's bytes, for edits that leave everything else untouched.
struct XMLSpan {
  /// An attribute's name and where its value (between the quotes) is.
  struct Attribute {
    var name: String
    var value: String
    var valueRange: Range<Int>
  }

  /// The local name (prefix dropped).
  var name: String
  /// From `<` of the start tag to `>` of the end tag (or of the empty-element tag).
  var range: Range<Int>
  /// The start tag.
  var startTag: Range<Int>
  /// The end tag, absent for `<x/>`.
  var endTag: Range<Int>?
  var attributes: [Attribute]
  var children: [XMLSpan]

  func attribute(_ name: String) -> Attribute? { attributes.first { $0.name == name } }
  func child(_ name: String) -> XMLSpan? { children.first { $0.name == name } }
  func children(_ name: String) -> [XMLSpan] { children.filter { $0.name == name } }
}

/// Finds element spans in XML text: comments, processing instructions, CDATA and DOCTYPE are skipped over.
///
/// It assumes a well-formed document (the parsers have already checked it) and returns `nil` otherwise.
enum XMLSpanScanner {
  static func scan(_ bytes: [UInt8]) -> XMLSpan? {
    var stack: [XMLSpan] = []
    var root: XMLSpan?
    var index = 0
    func starts(_ text: String, at offset: Int) -> Bool {
      let pattern = Array(text.utf8)
      guard offset + pattern.count <= bytes.count else { return false }
      return Array(bytes[offset..<offset + pattern.count]) == pattern
    }
    func find(_ text: String, from offset: Int) -> Int? {
      var cursor = offset
      while cursor < bytes.count {
        if starts(text, at: cursor) { return cursor }
        cursor += 1
      }
      return nil
    }
    while index < bytes.count {
      guard bytes[index] == UInt8(ascii: "<") else {
        index += 1
        continue
      }
      if starts("<!--", at: index) {
        guard let end = find("-->", from: index + 4) else { return nil }
        index = end + 3
      } else if starts("<?", at: index) {
        guard let end = find("?>", from: index + 2) else { return nil }
        index = end + 2
      } else if starts("<![CDATA[", at: index) {
        guard let end = find("]]>", from: index + 9) else { return nil }
        index = end + 3
      } else if starts("<!", at: index) {
        guard let end = find(">", from: index + 2) else { return nil }
        index = end + 1
      } else if starts("</", at: index) {
        guard let end = find(">", from: index + 2), var element = stack.popLast() else { return nil }
        element.endTag = index..<(end + 1)
        element.range = element.startTag.lowerBound..<(end + 1)
        index = end + 1
        if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
      } else {
        guard let (element, next) = startTag(bytes, at: index) else { return nil }
        index = next
        if element.endTag == nil && bytes[next - 2] == UInt8(ascii: "/") {
          if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        } else {
          stack.append(element)
        }
      }
    }
    return root
  }

  /// Reads a start tag at `offset`; returns the element (range = start tag) and the offset after `>`.
  private static func startTag(_ bytes: [UInt8], at offset: Int) -> (XMLSpan, Int)? {
    var cursor = offset + 1
    func isNameByte(_ byte: UInt8) -> Bool {
      !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
        || byte == UInt8(ascii: "\n")
        || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "="))
    }
    func readName() -> String {
      let start = cursor
      while cursor < bytes.count && isNameByte(bytes[cursor]) { cursor += 1 }
      let full = String(decoding: bytes[start..<cursor], as: UTF8.self)
      return full.split(separator: ":").last.map(String.init) ?? full
    }
    let name = readName()
    var attributes: [XMLSpan.Attribute] = []
    while cursor < bytes.count {
      let byte = bytes[cursor]
      if byte == UInt8(ascii: ">") {
        let span = XMLSpan(
          name: name, range: offset..<(cursor + 1), startTag: offset..<(cursor + 1), endTag: nil,
          attributes: attributes, children: [])
        return (span, cursor + 1)
      }
      if !isNameByte(byte) {
        cursor += 1
        continue
      }
      let attributeName = readName()
      while cursor < bytes.count && bytes[cursor] != UInt8(ascii: "\"") && bytes[cursor] != UInt8(ascii: "'") {
        cursor += 1
      }
      guard cursor < bytes.count else { return nil }
      let quote = bytes[cursor]
      let valueStart = cursor + 1
      cursor = valueStart
      while cursor < bytes.count && bytes[cursor] != quote { cursor += 1 }
      guard cursor < bytes.count else { return nil }
      let value = String(decoding: bytes[valueStart..<cursor], as: UTF8.self)
      attributes.append(.init(name: attributeName, value: value, valueRange: valueStart..<cursor))
      cursor += 1
    }
    return nil
  }
}
