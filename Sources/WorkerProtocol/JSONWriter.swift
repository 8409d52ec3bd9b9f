// TEMPORARY minimal writer; replaced by the json branch.
/// Serializes JSON values to compact UTF-8.
public struct JSONWriter {
  public var bytes: [UInt8]
  public init(capacity: Int = 256) { bytes = []; bytes.reserveCapacity(capacity) }
  public mutating func writeRaw(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }
  public mutating func writeString(_ s: String) {
    bytes.append(0x22)
    for b in s.utf8 {
      switch b {
      case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
      case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
      default: bytes.append(b)
      }
    }
    bytes.append(0x22)
  }
  public mutating func write(_ value: JSONValue) {
    switch value {
    case .null: writeRaw("null".utf8)
    case .bool(let b): writeRaw((b ? "true" : "false").utf8)
    case .number(let n): writeRaw(n.text.utf8)
    case .string(let s): writeString(s)
    case .array(let items):
      bytes.append(0x5B)
      for (i, item) in items.enumerated() { if i > 0 { bytes.append(0x2C) }; write(item) }
      bytes.append(0x5D)
    case .object(let object):
      bytes.append(0x7B)
      for (i, member) in object.members.enumerated() {
        if i > 0 { bytes.append(0x2C) }
        writeString(member.key); bytes.append(0x3A); write(member.value)
      }
      bytes.append(0x7D)
    }
  }
}
extension JSONValue {
  public func serialized() -> [UInt8] { var w = JSONWriter(); w.write(self); return w.bytes }
  public var jsonText: String { String(decoding: serialized(), as: UTF8.self) }
}
