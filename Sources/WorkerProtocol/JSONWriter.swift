/// Writes compact RFC 8259 JSON text into a growing byte buffer.
///
/// Output has no insignificant whitespace. Strings escape only what RFC 8259 requires: `"`, `\` and the
/// control characters U+0000-U+001F (as `\b`, `\t`, `\n`, `\f`, `\r` or lowercase `\u00xx`); `/` and
/// non-ASCII text are written as they are, in UTF-8. Numbers are written from their kept text and object
/// members in their stored order, so parsing and writing a document reproduces it byte for byte, apart from
/// whitespace and escapes. Nesting is written recursively, one call frame per level, as deep as the value is.
public struct JSONWriter: Sendable {
  /// The UTF-8 output written so far.
  public var bytes: [UInt8]
  /// The output size past which writing stops; unlimited unless set.
  public var byteLimit = Int.max
  /// Whether writing stopped because the text would have passed `byteLimit`; `bytes` is then incomplete
  /// and must not be sent.
  public private(set) var limitExceeded = false

  /// Makes an empty writer whose buffer reserves `capacity` bytes.
  public init(capacity: Int = 256) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  /// Appends a value as compact JSON.
  public mutating func write(_ value: JSONValue) {
    guard !limitExceeded else { return }
    guard bytes.count <= byteLimit else {
      limitExceeded = true
      return
    }
    switch value {
    case .null:
      appendASCII("null")
    case .bool(let flag):
      appendASCII(flag ? "true" : "false")
    case .number(let number):
      bytes.append(contentsOf: number.text.utf8)
    case .string(let string):
      writeString(string)
    case .array(let elements):
      bytes.append(ASCII.openBracket)
      var first = true
      for element in elements {
        if limitExceeded { return }
        if !first { bytes.append(ASCII.comma) }
        first = false
        write(element)
      }
      bytes.append(ASCII.closeBracket)
    case .object(let object):
      bytes.append(ASCII.openBrace)
      var first = true
      for member in object.members {
        if limitExceeded { return }
        if !first { bytes.append(ASCII.comma) }
        first = false
        writeString(member.key)
        bytes.append(ASCII.colon)
        write(member.value)
      }
      bytes.append(ASCII.closeBrace)
    }
  }

  /// Appends a string as a quoted, escaped JSON string.
  public mutating func writeString(_ s: String) {
    // Every byte takes at least one byte of output: a string that cannot fit is not copied at all.
    guard bytes.count &+ s.utf8.count &+ 2 <= byteLimit else {
      limitExceeded = true
      return
    }
    let done: Void? = s.utf8.withContiguousStorageIfAvailable { appendQuoted($0) }
    if done == nil {
      Array(s.utf8).withUnsafeBufferPointer { appendQuoted($0) }
    }
  }

  /// Appends bytes as they are, such as JSON text that was produced elsewhere; nothing is checked.
  public mutating func writeRaw(_ bytes: some Sequence<UInt8>) {
    self.bytes.append(contentsOf: bytes)
  }

  /// Appends bytes as they are, copied in one block.
  public mutating func writeRaw(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress else { return }
    self.bytes.append(
      contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count))
  }

  /// Appends `prefix`, `middle` and `suffix` as they are, such as a reply around an id's text.
  ///
  /// Short texts are joined on the stack and appended once: each append to the array costs more than the
  /// copy itself at this size.
  public mutating func writeRaw(_ prefix: StaticString, _ middle: UnsafeRawBufferPointer, _ suffix: StaticString) {
    let total = prefix.utf8CodeUnitCount + middle.count + suffix.utf8CodeUnitCount
    guard total <= 256 else {
      prefix.withUTF8Buffer { bytes.append(contentsOf: $0) }
      writeRaw(middle)
      suffix.withUTF8Buffer { bytes.append(contentsOf: $0) }
      return
    }
    withUnsafeTemporaryAllocation(byteCount: total, alignment: 1) { joined in
      var end = joined.baseAddress!
      end.copyMemory(from: prefix.utf8Start, byteCount: prefix.utf8CodeUnitCount)
      end += prefix.utf8CodeUnitCount
      if let base = middle.baseAddress { end.copyMemory(from: base, byteCount: middle.count) }
      end += middle.count
      end.copyMemory(from: suffix.utf8Start, byteCount: suffix.utf8CodeUnitCount)
      bytes.append(contentsOf: UnsafeRawBufferPointer(joined))
    }
  }

  // MARK: Internals

  /// Appends a literal keyword.
  @inline(__always)
  private mutating func appendASCII(_ word: StaticString) {
    word.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// Appends `utf8` as a quoted JSON string, escaping straight into the array's spare capacity.
  private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
    // Short strings reserve the worst case (every byte a six-byte `\u00xx`); long ones count exactly first
    // so that a large payload does not reserve six times its size.
    let room = utf8.count <= 1024 ? utf8.count &* 6 &+ 2 : Self.quotedLength(utf8)
    bytes.append(addingCapacity: room) { span in
      span.withUnsafeMutableBufferPointer { buffer, initialized in
        initialized = Self.writeQuoted(utf8, into: buffer)
      }
    }
  }

  /// The exact length of `utf8` written as a quoted JSON string.
  private static func quotedLength(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
    var length = utf8.count + 2
    for byte in utf8 where byte < 0x20 || byte == ASCII.quote || byte == ASCII.backslash {
      length += Self.escapeLength(byte) - 1
    }
    return length
  }

  @inline(__always)
  private static func escapeLength(_ byte: UInt8) -> Int {
    switch byte {
    case ASCII.quote, ASCII.backslash, 0x08, 0x0C, ASCII.lineFeed, ASCII.carriageReturn, ASCII.tab: 2
    default: 6
    }
  }

  /// Writes `utf8` as a quoted JSON string into `output`, which must be large enough; returns the length.
  ///
  /// Runs of bytes that need no escape are found eight at a time and copied whole.
  private static func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>)
    -> Int
  {
    guard let out = output.baseAddress else { return 0 }
    out[0] = ASCII.quote
    var written = 1
    if let source = utf8.baseAddress {
      let raw = UnsafeRawPointer(source)
      let end = utf8.count
      var runStart = 0
      var cursor = 0
      while cursor < end {
        if end &- cursor >= 8 {
          let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: cursor, as: UInt64.self))
          let lanes = SWAR.escapeLanes(word)
          if lanes == 0 {
            cursor &+= 8
            continue
          }
          cursor &+= lanes.trailingZeroBitCount &>> 3
        }
        let byte = source[cursor]
        guard byte < 0x20 || byte == ASCII.quote || byte == ASCII.backslash else {
          cursor &+= 1
          continue
        }
        let run = cursor &- runStart
        (out + written).initialize(from: source + runStart, count: run)
        written &+= run
        written &+= writeEscape(for: byte, to: out + written)
        cursor &+= 1
        runStart = cursor
      }
      let run = end &- runStart
      (out + written).initialize(from: source + runStart, count: run)
      written &+= run
    }
    out[written] = ASCII.quote
    return written &+ 1
  }

  /// Writes the escape sequence for a byte that must not appear raw in a JSON string; returns its length.
  @inline(__always)
  private static func writeEscape(for byte: UInt8, to out: UnsafeMutablePointer<UInt8>) -> Int {
    let letter: UInt8
    switch byte {
    case ASCII.quote: letter = ASCII.quote
    case ASCII.backslash: letter = ASCII.backslash
    case 0x08: letter = UInt8(ascii: "b")
    case 0x0C: letter = UInt8(ascii: "f")
    case ASCII.lineFeed: letter = UInt8(ascii: "n")
    case ASCII.carriageReturn: letter = UInt8(ascii: "r")
    case ASCII.tab: letter = UInt8(ascii: "t")
    default:
      out[0] = ASCII.backslash
      out[1] = UInt8(ascii: "u")
      out[2] = ASCII.zero
      out[3] = ASCII.zero
      out[4] = hexDigit(byte >> 4)
      out[5] = hexDigit(byte & 0x0F)
      return 6
    }
    out[0] = ASCII.backslash
    out[1] = letter
    return 2
  }

  /// The lowercase hex digit for a value below 16.
  @inline(__always)
  private static func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? ASCII.zero &+ value : UInt8(ascii: "a") &+ (value &- 10)
  }
}

extension JSONValue {
  /// The value as compact UTF-8 JSON text.
  public func serialized() -> [UInt8] {
    var writer = JSONWriter()
    writer.write(self)
    return writer.bytes
  }

  /// The value as compact JSON text, or nil as soon as the text would pass `limit` bytes (writing stops
  /// there, so a value far over the limit is never written out whole).
  public func serialized(limit: Int) -> [UInt8]? {
    var writer = JSONWriter()
    writer.byteLimit = limit
    writer.write(self)
    return writer.limitExceeded || writer.bytes.count > limit ? nil : writer.bytes
  }

  /// The value as compact JSON text.
  public var jsonText: String {
    String(decoding: serialized(), as: UTF8.self)
  }
}
