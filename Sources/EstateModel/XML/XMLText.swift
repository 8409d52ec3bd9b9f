import Foundation

/// Trims element text and attribute values exactly as `trimmingCharacters(in:)` does with
/// `CharacterSet.whitespaces` or `.whitespacesAndNewlines`, without bridging to `NSString` for ASCII text (nearly
/// all of it).
enum XMLText {
  /// The text without leading and trailing white space (spaces and tabs), and also line breaks when `newlines`.
  static func trimmed(_ text: String, newlines: Bool) -> String {
    let bytes = text.utf8
    guard bytes.allSatisfy({ $0 < 0x80 }) else {
      return text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }
    guard let first = bytes.firstIndex(where: { !isBlank($0, newlines: newlines) }) else { return "" }
    guard let last = bytes.lastIndex(where: { !isBlank($0, newlines: newlines) }) else { return "" }
    if first == bytes.startIndex, last == bytes.index(before: bytes.endIndex) { return text }
    return String(decoding: bytes[first...last], as: UTF8.self)
  }

  /// Whether an ASCII byte is white space: space and tab, and with `newlines` also U+000A to U+000D.
  private static func isBlank(_ byte: UInt8, newlines: Bool) -> Bool {
    switch byte {
    case UInt8(ascii: " "), UInt8(ascii: "\t"): true
    case 0x0A...0x0D: newlines
    default: false
    }
  }
}
