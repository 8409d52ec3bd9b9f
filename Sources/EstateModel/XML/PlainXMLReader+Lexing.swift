/// The lexical pieces of plain XML: the declaration, comments, names, attribute values, white space, and the
/// character classes they are made of.
extension PlainXMLReader {
  static let declarationStart = Array("<?xml".utf8)
  static let declarationEnd = Array("?>".utf8)
  static let commentStart = Array("<!--".utf8)
  static let xmlns = Array("xmlns".utf8)
  /// The pseudo-attribute sequences the declaration may have.
  static let declarationForms: [[String]] = [
    ["version"], ["version", "encoding"], ["version", "standalone"], ["version", "encoding", "standalone"],
  ]
  /// The namespaces only the `xml` and `xmlns` prefixes may name.
  static let reservedNamespaces = [
    Array("http://www.w3.org/XML/1998/namespace".utf8), Array("http://www.w3.org/2000/xmlns/".utf8),
  ]

  /// The XML declaration: version 1.0, optionally UTF-8 and a standalone flag, in that order.
  mutating func declaration() -> Bool {
    index += Self.declarationStart.count
    var pseudoAttributes: [(name: String, value: String)] = []
    while true {
      let spaced = skipSpace()
      if starts(with: Self.declarationEnd) {
        index += Self.declarationEnd.count
        break
      }
      guard spaced, let name = pseudoName() else { return false }
      _ = skipSpace()
      guard take(UInt8(ascii: "=")) else { return false }
      _ = skipSpace()
      guard let value = quotedValue() else { return false }
      pseudoAttributes.append((name, value))
    }
    guard Self.declarationForms.contains(pseudoAttributes.map(\.name)), pseudoAttributes[0].value == "1.0" else {
      return false
    }
    for (name, value) in pseudoAttributes.dropFirst() {
      switch name {
      case "encoding": guard value.lowercased() == "utf-8" else { return false }
      default: guard value == "yes" || value == "no" else { return false }
      }
    }
    return true
  }

  private mutating func pseudoName() -> String? {
    let start = index
    while let byte = peek(0), byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { index += 1 }
    return index > start ? string(start..<index) : nil
  }

  /// A quoted value of the declaration.
  private mutating func quotedValue() -> String? {
    guard let quote = peek(0), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
    let start = index + 1
    guard let end = bytes[start...].firstIndex(of: quote) else { return nil }
    guard bytes[start..<end].allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") }) else { return nil }
    index = end + 1
    return string(start..<end)
  }

  /// A comment: no `--` inside, only plain characters.
  mutating func comment() -> Bool {
    let start = index + Self.commentStart.count
    var cursor = start
    while cursor + 1 < bytes.count {
      if bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: "-") {
        guard cursor + 2 < bytes.count, bytes[cursor + 2] == UInt8(ascii: ">"),
          bytes[start..<cursor].allSatisfy(Self.isPlainCharacter)
        else { return false }
        advance(to: cursor + 3)
        return true
      }
      cursor += 1
    }
    return false
  }

  /// A name that is an NCName or `prefix:NCName`, in ASCII.
  mutating func qualifiedName() -> Name? {
    let start = index
    guard let first = peek(0), Self.isNameStart(first) else { return nil }
    index += 1
    var colon: Int?
    while let byte = peek(0) {
      if byte == UInt8(ascii: ":") {
        guard colon == nil, let next = peek(1), Self.isNameStart(next) else { return nil }
        colon = index
      } else if !Self.isNameCharacter(byte) {
        break
      }
      index += 1
    }
    return Name(range: start..<index, colon: colon)
  }

  /// A quoted attribute value without markup or references: where it is, and whether it holds tabs or line feeds.
  mutating func attributeValue() -> (Range<Int>, Bool)? {
    guard let quote = peek(0), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
    let start = index + 1
    var cursor = start
    var needsNormalising = false
    while cursor < bytes.count, bytes[cursor] != quote {
      let byte = bytes[cursor]
      guard Self.isPlainCharacter(byte), byte != UInt8(ascii: "<"), byte != UInt8(ascii: "&") else { return nil }
      if byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") { needsNormalising = true }
      cursor += 1
    }
    guard cursor < bytes.count else { return nil }
    advance(to: cursor + 1)
    return (start..<cursor, needsNormalising)
  }

  /// Skips spaces, tabs and line feeds; whether there were any.
  mutating func skipSpace() -> Bool {
    let start = index
    while let byte = peek(0), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
      step()
    }
    return index > start
  }

  func peek(_ offset: Int) -> UInt8? {
    index + offset < bytes.count ? bytes[index + offset] : nil
  }

  mutating func take(_ byte: UInt8) -> Bool {
    guard peek(0) == byte else { return false }
    index += 1
    return true
  }

  func starts(with pattern: [UInt8]) -> Bool {
    index + pattern.count <= bytes.count && bytes[index..<index + pattern.count].elementsEqual(pattern)
  }

  /// Moves one byte on, counting lines.
  mutating func step() {
    if bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    index += 1
  }

  /// Moves to `target`, counting the lines passed.
  mutating func advance(to target: Int) {
    while index < target { step() }
  }

  /// A namespace URI libxml2 takes without a warning: `http(s)://host/path` or `urn:name`, in a small alphabet,
  /// and not one of the two reserved namespaces.
  static func isPlainNamespace<Bytes: Collection<UInt8>>(_ uri: Bytes) -> Bool {
    guard !reservedNamespaces.contains(where: { uri.elementsEqual($0) }) else { return false }
    let body: Bytes.SubSequence
    let allowed: UInt8
    if uri.starts(with: "http://".utf8) {
      body = uri.dropFirst(7)
      allowed = CharacterClass.host
    } else if uri.starts(with: "https://".utf8) {
      body = uri.dropFirst(8)
      allowed = CharacterClass.host
    } else if uri.starts(with: "urn:".utf8) {
      body = uri.dropFirst(4)
      allowed = CharacterClass.urn
    } else {
      return false
    }
    guard let first = body.first, CharacterClass.of(first) & CharacterClass.alphanumeric != 0 else { return false }
    // An http(s) URI is a host, then from the first slash on a path.
    var current = allowed
    for byte in body {
      if current == CharacterClass.host, byte == UInt8(ascii: "/") { current = CharacterClass.path }
      guard CharacterClass.of(byte) & current != 0 else { return false }
    }
    return true
  }

  /// Byte classes for namespace URIs, as bit sets.
  enum CharacterClass {
    static let alphanumeric: UInt8 = 1
    /// Letters, digits, `.` and `-`.
    static let host: UInt8 = 2
    /// Letters, digits and `._~/-`.
    static let path: UInt8 = 4
    /// Letters, digits and `.:_-`.
    static let urn: UInt8 = 8

    /// The classes a byte belongs to.
    static func of(_ byte: UInt8) -> UInt8 {
      table[Int(byte)]
    }

    private static let table: [UInt8] = (0..<256).map { code in
      let byte = UInt8(code)
      if PlainXMLReader.isLetterOrDigit(byte) { return alphanumeric | host | path | urn }
      var classes: UInt8 = 0
      if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") { classes |= host | path | urn }
      if byte == UInt8(ascii: "_") { classes |= path | urn }
      if byte == UInt8(ascii: "~") || byte == UInt8(ascii: "/") { classes |= path }
      if byte == UInt8(ascii: ":") { classes |= urn }
      return classes
    }
  }

  static func isLetterOrDigit(_ byte: UInt8) -> Bool {
    isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
  }

  static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }

  static func isNameStart(_ byte: UInt8) -> Bool {
    isLetter(byte) || byte == UInt8(ascii: "_")
  }

  static func isNameCharacter(_ byte: UInt8) -> Bool {
    isLetterOrDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
  }

  /// Printable ASCII, tab or line feed.
  static func isPlainCharacter(_ byte: UInt8) -> Bool {
    (byte >= 0x20 && byte < 0x7F) || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
  }
}
