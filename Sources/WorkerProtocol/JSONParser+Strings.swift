// String scanning for the parser: inline UTF-8 validation, escape decoding and the word-at-a-time scan.

/// Word-at-a-time byte tests on eight bytes loaded as a little-endian `UInt64`.
///
/// Each mask has the high bit set in the byte lanes that match. Borrows only travel towards higher lanes, so
/// lanes above the first match may be flagged spuriously, but the lowest flagged lane is always exact; callers
/// use `trailingZeroBitCount / 8` to find the first byte that needs attention.
enum SWAR {
  static let ones: UInt64 = 0x0101_0101_0101_0101
  static let highBits: UInt64 = 0x8080_8080_8080_8080

  /// Lanes whose byte is below `limit` (`limit` at most 0x80); lanes at 0x80 or above never match.
  @inline(__always)
  static func lanesBelow(_ word: UInt64, _ limit: UInt8) -> UInt64 {
    (word &- ones &* UInt64(limit)) & ~word & highBits
  }

  /// Lanes whose byte equals `byte`.
  @inline(__always)
  static func lanesEqual(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let folded = word ^ (ones &* UInt64(byte))
    return (folded &- ones) & ~folded & highBits
  }

  /// Lanes that a JSON string writer must escape: `"`, `\` and bytes below 0x20.
  @inline(__always)
  static func escapeLanes(_ word: UInt64) -> UInt64 {
    lanesBelow(word, 0x20) | lanesEqual(word, ASCII.quote) | lanesEqual(word, ASCII.backslash)
  }

  /// Lanes that stop the parser's plain-string scan: everything the writer escapes plus non-ASCII bytes.
  @inline(__always)
  static func parserStopLanes(_ word: UInt64) -> UInt64 {
    escapeLanes(word) | (word & highBits)
  }
}

extension JSONParserState {
  /// Parses a string's contents after its opening quote and consumes the closing quote.
  ///
  /// Strings without escapes (the common case) become a `String` straight from the validated input bytes;
  /// the first backslash switches to `parseEscapedString`, which decodes into the reusable `scratch` buffer.
  mutating func parseStringBody() throws(JSONParseError) -> String {
    let start = index
    let stop = try scanPlainRun(from: start)
    if input[stop] == ASCII.quote {
      index = stop + 1
      return String(decoding: UnsafeRawBufferPointer(rebasing: input[start..<stop]), as: UTF8.self)
    }
    return try parseEscapedString(start: start, firstEscape: stop)
  }

  /// Scans string bytes that need no decoding and returns the offset of the first `"` or `\`.
  ///
  /// Validates UTF-8 on the way and rejects raw control characters; reaching the end of input is an error.
  @inline(__always)
  func scanPlainRun(from start: Int) throws(JSONParseError) -> Int {
    var cursor = start
    while true {
      while end - cursor >= 8 {
        let word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: cursor, as: UInt64.self))
        let lanes = SWAR.parserStopLanes(word)
        if lanes != 0 {
          cursor += lanes.trailingZeroBitCount &>> 3
          break
        }
        cursor += 8
      }
      guard cursor < end else { throw JSONParseError(.unexpectedEnd, at: end) }
      let byte = input[cursor]
      if byte == ASCII.quote || byte == ASCII.backslash { return cursor }
      if byte < 0x20 { throw JSONParseError(.controlCharacterInString, at: cursor) }
      if byte < 0x80 {
        cursor += 1
        continue
      }
      guard let length = utf8SequenceLength(at: cursor) else { throw JSONParseError(.invalidUTF8, at: cursor) }
      cursor += length
    }
  }

  /// Returns the length of the well-formed UTF-8 sequence that starts at `offset`, or `nil`.
  ///
  /// Follows Unicode's table of well-formed byte sequences, so overlong forms, UTF-8-encoded surrogates,
  /// code points above U+10FFFF, stray continuation bytes and sequences cut short are all rejected.
  func utf8SequenceLength(at offset: Int) -> Int? {
    let lead = input[offset]
    let available = end - offset
    switch lead {
    case 0x00...0x7F:
      return 1
    case 0xC2...0xDF:
      guard available >= 2, Self.isContinuation(input[offset + 1]) else { return nil }
      return 2
    case 0xE0...0xEF:
      guard available >= 3 else { return nil }
      let second = input[offset + 1]
      let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
      let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
      guard second >= low, second <= high, Self.isContinuation(input[offset + 2]) else { return nil }
      return 3
    case 0xF0...0xF4:
      guard available >= 4 else { return nil }
      let second = input[offset + 1]
      let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
      let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
      guard second >= low, second <= high, Self.isContinuation(input[offset + 2]),
        Self.isContinuation(input[offset + 3])
      else { return nil }
      return 4
    default:
      return nil
    }
  }

  @inline(__always)
  static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

  // MARK: Escapes

  /// Decodes a string that contains at least one escape; `firstEscape` is the offset of its first backslash.
  mutating func parseEscapedString(start: Int, firstEscape: Int) throws(JSONParseError) -> String {
    scratch.removeAll(keepingCapacity: true)
    var runStart = start
    var cursor = firstEscape
    while true {
      if cursor > runStart {
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[runStart..<cursor]))
      }
      if input[cursor] == ASCII.quote {
        index = cursor + 1
        return String(decoding: scratch, as: UTF8.self)
      }
      cursor = try decodeEscape(at: cursor)
      runStart = cursor
      cursor = try scanPlainRun(from: cursor)
    }
  }

  /// Decodes the escape whose backslash is at `backslash` into `scratch`; returns the offset after it.
  mutating func decodeEscape(at backslash: Int) throws(JSONParseError) -> Int {
    let letter = backslash + 1
    guard letter < end else { throw JSONParseError(.unexpectedEnd, at: end) }
    let decoded: UInt8
    switch input[letter] {
    case ASCII.quote: decoded = ASCII.quote
    case ASCII.backslash: decoded = ASCII.backslash
    case ASCII.slash: decoded = ASCII.slash
    case UInt8(ascii: "b"): decoded = 0x08
    case UInt8(ascii: "f"): decoded = 0x0C
    case UInt8(ascii: "n"): decoded = ASCII.lineFeed
    case UInt8(ascii: "r"): decoded = ASCII.carriageReturn
    case UInt8(ascii: "t"): decoded = ASCII.tab
    case UInt8(ascii: "u"):
      return try decodeUnicodeEscape(at: backslash)
    default:
      throw JSONParseError(.invalidEscape, at: backslash)
    }
    scratch.append(decoded)
    return letter + 1
  }

  /// Decodes `\uXXXX` at `backslash`, combining a surrogate pair written as two escapes.
  ///
  /// A surrogate escape that is not part of a pair (a high surrogate not followed by a low-surrogate escape,
  /// or a low surrogate on its own, as in `"\ud800"`) cannot be represented in a Swift `String`. RFC 8259
  /// leaves its meaning open; we decode it as U+FFFD REPLACEMENT CHARACTER rather than reject the text, which
  /// matches what most lenient decoders do and keeps ids and free text from peers usable. The escape that
  /// follows a lone high surrogate is not consumed and is decoded on its own.
  mutating func decodeUnicodeEscape(at backslash: Int) throws(JSONParseError) -> Int {
    let unit = try hexQuad(at: backslash + 2, escape: backslash)
    var after = backslash + 6
    var scalar = unit
    switch unit {
    case 0xD800...0xDBFF:
      if let low = lowSurrogateEscape(at: after) {
        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        after += 6
      } else {
        scalar = 0xFFFD
        stringWasLossy = true
      }
    case 0xDC00...0xDFFF:
      scalar = 0xFFFD
      stringWasLossy = true
    default:
      break
    }
    appendUTF8(scalar)
    return after
  }

  /// Reads four hex digits at `offset` for the escape at `escape`.
  func hexQuad(at offset: Int, escape: Int) throws(JSONParseError) -> UInt32 {
    var value: UInt32 = 0
    for position in offset..<(offset + 4) {
      guard position < end else { throw JSONParseError(.unexpectedEnd, at: end) }
      guard let digit = Self.hexValue(input[position]) else { throw JSONParseError(.invalidEscape, at: escape) }
      value = value << 4 | digit
    }
    return value
  }

  /// Returns the code unit of a `\uDC00`-`\uDFFF` escape at `offset`, or `nil` if there is none.
  func lowSurrogateEscape(at offset: Int) -> UInt32? {
    guard end - offset >= 6, input[offset] == ASCII.backslash, input[offset + 1] == UInt8(ascii: "u") else {
      return nil
    }
    var value: UInt32 = 0
    for position in (offset + 2)..<(offset + 6) {
      guard let digit = Self.hexValue(input[position]) else { return nil }
      value = value << 4 | digit
    }
    return (0xDC00...0xDFFF).contains(value) ? value : nil
  }

  @inline(__always)
  static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: return UInt32(byte &- 0x30)
    case 0x41...0x46: return UInt32(byte &- 0x37)
    case 0x61...0x66: return UInt32(byte &- 0x57)
    default: return nil
    }
  }

  /// Appends a Unicode scalar value (never a surrogate) to `scratch` as UTF-8.
  mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case 0..<0x80:
      scratch.append(UInt8(truncatingIfNeeded: scalar))
    case 0x80..<0x800:
      scratch.append(0xC0 | UInt8(truncatingIfNeeded: scalar >> 6))
      scratch.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
    case 0x800..<0x10000:
      scratch.append(0xE0 | UInt8(truncatingIfNeeded: scalar >> 12))
      scratch.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 6) & 0x3F))
      scratch.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
    default:
      scratch.append(0xF0 | UInt8(truncatingIfNeeded: scalar >> 18))
      scratch.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 12) & 0x3F))
      scratch.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 6) & 0x3F))
      scratch.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
    }
  }
}
