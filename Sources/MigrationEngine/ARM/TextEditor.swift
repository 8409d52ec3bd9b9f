/// Collects byte-range edits on a text and applies them at once, keeping every untouched byte.
struct TextEditor {
  private struct Edit {
    var range: Range<Int>
    var replacement: String
    var sequence: Int
  }

  let bytes: [UInt8]
  private var edits: [Edit] = []
  /// The file's line break (`\r\n` when the file uses it).
  let newline: String

  init(_ text: String) {
    bytes = Array(text.utf8)
    newline = text.contains("\r\n") ? "\r\n" : "\n"
  }

  mutating func replace(_ range: Range<Int>, with text: String) {
    edits.append(Edit(range: range, replacement: text, sequence: edits.count))
  }

  /// Removes child elements (with their lines); removes the container instead when nothing else is left in it.
  mutating func remove(children removed: [XMLSpan], of container: XMLSpan) {
    guard !removed.isEmpty else { return }
    if removed.count == container.children.count {
      replace(lineRange(of: container.range), with: "")
    } else {
      for child in removed { replace(lineRange(of: child.range), with: "") }
    }
  }

  /// The range of an element, widened to its whole line when nothing else is on it.
  func lineRange(of range: Range<Int>) -> Range<Int> {
    let start = lineStart(range.lowerBound)
    guard start.ownLine else { return range }
    var end = range.upperBound
    while end < bytes.count && (bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t")) { end += 1 }
    if end < bytes.count && bytes[end] == UInt8(ascii: "\r") { end += 1 }
    if end < bytes.count && bytes[end] == UInt8(ascii: "\n") {
      end += 1
    } else if end < bytes.count {
      return range
    }
    return start.offset..<end
  }

  /// Where the line holding `offset` starts, and whether only blanks precede `offset` on it.
  func lineStart(_ offset: Int) -> (offset: Int, ownLine: Bool) {
    var cursor = offset
    while cursor > 0 && (bytes[cursor - 1] == UInt8(ascii: " ") || bytes[cursor - 1] == UInt8(ascii: "\t")) {
      cursor -= 1
    }
    return (cursor, cursor == 0 || bytes[cursor - 1] == UInt8(ascii: "\n"))
  }

  /// The blanks that start the line holding `offset`.
  func indentation(at offset: Int) -> String {
    var start = offset
    while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
    var end = start
    while end < bytes.count && (bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t")) { end += 1 }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// The file's indentation step, from the root's first child (two spaces when unknown).
  func indentUnit(root: XMLSpan) -> String {
    guard let child = root.children.first else { return "  " }
    let outer = indentation(at: root.startTag.lowerBound)
    let inner = indentation(at: child.startTag.lowerBound)
    guard inner.count > outer.count, inner.hasPrefix(outer) else { return "  " }
    return String(inner.dropFirst(outer.count))
  }

  /// Inserts lines as the last children of `container`, one level deeper than it.
  mutating func insert(lines: [String], before container: XMLSpan, unit: String) {
    guard let endTag = container.endTag else { return }
    let inner = indentation(at: container.startTag.lowerBound) + unit
    let start = lineStart(endTag.lowerBound)
    if start.ownLine {
      let text = lines.map { inner + $0 + newline }.joined()
      replace(start.offset..<start.offset, with: text)
    } else {
      let text = lines.map { newline + inner + $0 }.joined() + newline + indentation(at: container.startTag.lowerBound)
      replace(endTag.lowerBound..<endTag.lowerBound, with: text)
    }
  }

  /// Inserts lines as the first children of `container`.
  mutating func insert(lines: [String], atStartOf container: XMLSpan, unit: String) {
    let inner = indentation(at: container.startTag.lowerBound) + unit
    let text = lines.map { newline + inner + $0 }.joined()
    replace(container.startTag.upperBound..<container.startTag.upperBound, with: text)
  }

  /// Inserts lines just before a sibling element, at its indentation.
  mutating func insert(lines: [String], beforeElement anchor: XMLSpan) {
    let start = lineStart(anchor.range.lowerBound)
    let indent = indentation(at: anchor.range.lowerBound)
    if start.ownLine {
      replace(start.offset..<start.offset, with: lines.map { indent + $0 + newline }.joined())
    } else {
      replace(anchor.range.lowerBound..<anchor.range.lowerBound, with: lines.joined())
    }
  }

  /// Adds an attribute at the end of an element's start tag.
  mutating func insertAttribute(_ name: String, value: String, into element: XMLSpan) {
    var position = element.startTag.upperBound - 1
    if bytes[position - 1] == UInt8(ascii: "/") { position -= 1 }
    while position > element.startTag.lowerBound
      && (bytes[position - 1] == UInt8(ascii: " ") || bytes[position - 1] == UInt8(ascii: "\t"))
    {
      position -= 1
    }
    replace(position..<position, with: " \(name)=\"\(value)\"")
  }

  /// The text with every edit applied, built front to back in one pass (insertions at one offset keep the order
  /// they were made in), so the work is linear in the text and the edits.
  func result() -> String {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var cursor = 0
    let ordered = edits.sorted { ($0.range.lowerBound, $0.sequence) < ($1.range.lowerBound, $1.sequence) }
    for edit in ordered {
      if edit.range.lowerBound > cursor { output += bytes[cursor..<edit.range.lowerBound] }
      output += edit.replacement.utf8
      cursor = max(cursor, edit.range.upperBound)
    }
    if cursor < bytes.count { output += bytes[cursor...] }
    return String(decoding: output, as: UTF8.self)
  }
}
