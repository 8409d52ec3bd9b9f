extension JSONValue {
  /// The value as indented, human-readable JSON (for terminals; the wire is always compact).
  ///
  /// - Parameter indent: spaces per nesting level.
  public func prettyText(indent: Int = 2) -> String {
    var writer = JSONWriter(capacity: 256)
    writePretty(into: &writer, level: 0, indent: indent)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  private func writePretty(into writer: inout JSONWriter, level: Int, indent: Int) {
    let inner = Array(repeating: UInt8(ascii: " "), count: (level + 1) * indent)
    let outer = Array(repeating: UInt8(ascii: " "), count: level * indent)
    switch self {
    case .array(let items) where !items.isEmpty:
      writer.writeRaw("[\n".utf8)
      for (index, item) in items.enumerated() {
        writer.writeRaw(inner)
        item.writePretty(into: &writer, level: level + 1, indent: indent)
        writer.writeRaw((index == items.count - 1 ? "\n" : ",\n").utf8)
      }
      writer.writeRaw(outer)
      writer.writeRaw("]".utf8)
    case .object(let object) where !object.isEmpty:
      writer.writeRaw("{\n".utf8)
      for (index, member) in object.members.enumerated() {
        writer.writeRaw(inner)
        writer.writeString(member.key)
        writer.writeRaw(": ".utf8)
        member.value.writePretty(into: &writer, level: level + 1, indent: indent)
        writer.writeRaw((index == object.count - 1 ? "\n" : ",\n").utf8)
      }
      writer.writeRaw(outer)
      writer.writeRaw("}".utf8)
    default:
      writer.write(self)
    }
  }
}
