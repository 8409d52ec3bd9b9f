/// Reads plain XML, the form nearly every estate file has, into the tree libxml2 (through `XMLParser`) would build,
/// at a small fraction of its per-document cost; anything outside that form is declined (nil), and
/// `XMLDocumentReader` then hands the document to libxml2, which also explains every error.
///
/// Plain means: printable ASCII with tabs and line feeds only (no carriage returns, no other bytes); an optional
/// `<?xml version="1.0" ...?>` declaration at the very start naming UTF-8 or no encoding; then elements, attributes,
/// text and comments only (no DOCTYPE, CDATA, processing instructions or references: no `&` at all); names that
/// are ASCII NCNames or `prefix:name`; namespace declarations whose URI is a plain `http(s)://` or `urn:` URI,
/// each prefix bound before use; no duplicate attributes; nesting at most 200 deep. Inside that form the reader
/// checks well-formedness itself and declines where libxml2 would report any error or warning.
///
/// The tree matches `XMLParser` with namespace processing: element local names, namespace URIs, attributes by
/// qualified name (namespace declarations left out) with tabs and line feeds in values turned into spaces, the
/// concatenated character data of each element, and the position libxml2 reports for a start tag (the line and
/// column of its closing `>` or `/>`).
struct PlainXMLReader {
  /// The deepest nesting read here (libxml2 refuses beyond 256 by default).
  static let maximumDepth = 200

  private let bytes: [UInt8]
  private var index = 0
  /// The current line (1-based) and the index where it starts.
  private var line = 1
  private var lineStart = 0
  /// Open elements, innermost last.
  private var open: [OpenElement] = []
  /// Namespace bindings in scope, innermost last (nil prefix: the default namespace).
  private var bindings: [(prefix: String?, uri: String)] = []

  /// An element whose end tag has not been read yet.
  private struct OpenElement {
    var node: XMLNode
    /// The qualified name as written, which the end tag must repeat.
    var name: ArraySlice<UInt8>
    /// How many bindings the element declared.
    var bindingCount: Int
  }

  private init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// The root element of a plain XML document, or nil when the document is not plain.
  static func read(_ bytes: [UInt8]) -> XMLNode? {
    var reader = PlainXMLReader(bytes)
    return reader.document()
  }

  // MARK: - Document structure

  private mutating func document() -> XMLNode? {
    if starts(with: Self.declarationStart) {
      guard declaration() else { return nil }
    }
    guard miscellany(), peek(0) == UInt8(ascii: "<") else { return nil }
    var root: XMLNode?
    guard startTag(completed: &root) else { return nil }
    while root == nil {
      guard content(completed: &root) else { return nil }
    }
    guard miscellany(), index == bytes.count else { return nil }
    return root
  }

  /// White space and comments before or after the root element.
  private mutating func miscellany() -> Bool {
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"): step()
      case UInt8(ascii: "<") where starts(with: Self.commentStart):
        guard comment() else { return false }
      default: return true
      }
    }
    return true
  }

  /// The XML declaration: version 1.0, optionally UTF-8 and a standalone flag, in that order.
  private mutating func declaration() -> Bool {
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
    let names = pseudoAttributes.map(\.name)
    guard names.first == "version", pseudoAttributes[0].value == "1.0",
      Self.declarationForms.contains(names)
    else { return false }
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
    return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
  }

  /// A quoted value without markup or references (declaration pseudo-attributes).
  private mutating func quotedValue() -> String? {
    guard let quote = peek(0), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
    let start = index + 1
    guard let end = bytes[start...].firstIndex(of: quote) else { return nil }
    let value = bytes[start..<end]
    guard value.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: "&") }) else {
      return nil
    }
    index = end + 1
    return String(decoding: value, as: UTF8.self)
  }

  /// A comment: no `--` inside, only plain characters.
  private mutating func comment() -> Bool {
    let start = index + Self.commentStart.count
    var cursor = start
    while cursor + 1 < bytes.count {
      if bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: "-") {
        guard cursor + 2 < bytes.count, bytes[cursor + 2] == UInt8(ascii: ">") else { return false }
        guard bytes[start..<cursor].allSatisfy(Self.isPlainCharacter) else { return false }
        advance(to: cursor + 3)
        return true
      }
      cursor += 1
    }
    return false
  }

  // MARK: - Elements

  /// Character data, a comment, a child's start tag or the current element's end tag; `completed` receives the
  /// root once its end tag is read.
  private mutating func content(completed root: inout XMLNode?) -> Bool {
    guard let byte = peek(0) else { return false }
    guard byte == UInt8(ascii: "<") else { return characterData() }
    switch peek(1) {
    case UInt8(ascii: "/"): return endTag(completed: &root)
    case UInt8(ascii: "!"): return starts(with: Self.commentStart) && comment()
    default: return startTag(completed: &root)
    }
  }

  private mutating func characterData() -> Bool {
    let start = index
    var cursor = index
    while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "<") {
      let byte = bytes[cursor]
      guard Self.isPlainCharacter(byte), byte != UInt8(ascii: "&") else { return false }
      if byte == UInt8(ascii: ">"), cursor >= start + 2, bytes[cursor - 1] == UInt8(ascii: "]"),
        bytes[cursor - 2] == UInt8(ascii: "]")
      {
        return false
      }
      cursor += 1
    }
    guard cursor < bytes.count, !open.isEmpty else { return false }
    open[open.count - 1].node.text += String(decoding: bytes[start..<cursor], as: UTF8.self)
    advance(to: cursor)
    return true
  }

  /// A start tag, with its attributes and namespace declarations; an empty-element tag completes at once.
  private mutating func startTag(completed root: inout XMLNode?) -> Bool {
    index += 1
    guard let name = qualifiedName(), open.count < Self.maximumDepth else { return false }
    var attributes: [(name: ArraySlice<UInt8>, value: String)] = []
    var spaced = skipSpace()
    while let byte = peek(0), byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/") {
      guard spaced, let attributeName = qualifiedName() else { return false }
      _ = skipSpace()
      guard take(UInt8(ascii: "=")) else { return false }
      _ = skipSpace()
      guard let value = attributeValue() else { return false }
      attributes.append((attributeName, value))
      spaced = skipSpace()
    }
    let column = index - lineStart + 1
    let isEmpty = peek(0) == UInt8(ascii: "/")
    if isEmpty {
      guard peek(1) == UInt8(ascii: ">") else { return false }
      index += 2
    } else {
      guard take(UInt8(ascii: ">")) else { return false }
    }
    guard let element = makeElement(name, attributes, line: line, column: column) else { return false }
    open.append(element)
    if isEmpty { close(completed: &root) }
    return true
  }

  private mutating func endTag(completed root: inout XMLNode?) -> Bool {
    index += 2
    guard let name = qualifiedName(), let current = open.last, name.elementsEqual(current.name) else { return false }
    _ = skipSpace()
    guard take(UInt8(ascii: ">")) else { return false }
    close(completed: &root)
    return true
  }

  /// Closes the innermost element: it becomes its parent's last child, or the root.
  private mutating func close(completed root: inout XMLNode?) {
    guard let element = open.popLast() else { return }
    bindings.removeLast(element.bindingCount)
    if open.isEmpty {
      root = element.node
    } else {
      open[open.count - 1].node.children.append(element.node)
    }
  }

  /// Resolves namespaces and builds the node; nil where libxml2 would complain (unbound or reserved prefixes,
  /// duplicate attributes or declarations, URIs it would not take silently), which abandons the whole read.
  private mutating func makeElement(
    _ name: ArraySlice<UInt8>, _ attributes: [(name: ArraySlice<UInt8>, value: String)], line: Int, column: Int
  ) -> OpenElement? {
    var declared: [(prefix: String?, uri: String)] = []
    var plain: [(name: ArraySlice<UInt8>, value: String)] = []
    for attribute in attributes {
      let (prefix, local) = Self.split(attribute.name)
      if prefix == nil, local.elementsEqual(Self.xmlns) {
        guard declared.allSatisfy({ $0.prefix != nil }), Self.isPlainNamespace(attribute.value) else { return nil }
        declared.append((nil, attribute.value))
      } else if let prefix, prefix.elementsEqual(Self.xmlns) {
        let bound = String(decoding: local, as: UTF8.self)
        guard !Self.isReservedPrefix(local), declared.allSatisfy({ $0.prefix != bound }),
          Self.isPlainNamespace(attribute.value)
        else { return nil }
        declared.append((bound, attribute.value))
      } else {
        plain.append(attribute)
      }
    }
    bindings += declared
    var node = XMLNode(
      name: "", namespace: nil, attributes: [:], children: [], text: "", line: line, column: column)
    let (prefix, local) = Self.split(name)
    guard let namespace = resolve(prefix) else { return nil }
    node.name = String(decoding: local, as: UTF8.self)
    node.namespace = namespace.isEmpty ? nil : namespace
    for attribute in plain {
      let (attributePrefix, attributeLocal) = Self.split(attribute.name)
      let key = String(decoding: attribute.name, as: UTF8.self)
      // A prefixed attribute must be bound, and must be the only one of its local name: two could name the same
      // attribute in one namespace, which libxml2 refuses.
      let isPlain =
        node.attributes[key] == nil
        && (attributePrefix == nil
          || (resolve(attributePrefix)?.isEmpty == false
            && plain.count { Self.split($0.name).local.elementsEqual(attributeLocal) } == 1))
      guard isPlain else { return nil }
      node.attributes[key] = attribute.value
    }
    return OpenElement(node: node, name: name, bindingCount: declared.count)
  }

  /// The namespace URI a prefix (nil: the default namespace) is bound to; empty for no default namespace, nil
  /// for an unbound or reserved prefix.
  private func resolve(_ prefix: ArraySlice<UInt8>?) -> String? {
    guard let prefix else {
      return bindings.last { $0.prefix == nil }?.uri ?? ""
    }
    guard !Self.isReservedPrefix(prefix) else { return nil }
    let name = String(decoding: prefix, as: UTF8.self)
    return bindings.last { $0.prefix == name }?.uri
  }

  // MARK: - Lexical pieces

  /// A name that is an NCName or `prefix:NCName`, in ASCII.
  private mutating func qualifiedName() -> ArraySlice<UInt8>? {
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
    return bytes[start..<index]
  }

  /// A quoted attribute value, its tabs and line feeds turned into spaces as libxml2 normalises them.
  private mutating func attributeValue() -> String? {
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
    let raw = bytes[start..<cursor]
    let value =
      needsNormalising
      ? String(
        decoding: raw.map { $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0 },
        as: UTF8.self)
      : String(decoding: raw, as: UTF8.self)
    advance(to: cursor + 1)
    return value
  }

  /// Skips spaces, tabs and line feeds; whether there were any.
  private mutating func skipSpace() -> Bool {
    let start = index
    while let byte = peek(0), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
      step()
    }
    return index > start
  }

  private func peek(_ offset: Int) -> UInt8? {
    index + offset < bytes.count ? bytes[index + offset] : nil
  }

  private mutating func take(_ byte: UInt8) -> Bool {
    guard peek(0) == byte else { return false }
    index += 1
    return true
  }

  private func starts(with pattern: [UInt8]) -> Bool {
    index + pattern.count <= bytes.count && bytes[index..<index + pattern.count].elementsEqual(pattern)
  }

  /// Moves one byte on, counting lines.
  private mutating func step() {
    if bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    index += 1
  }

  /// Moves to `target`, counting the lines passed.
  private mutating func advance(to target: Int) {
    while index < target { step() }
  }

  // MARK: - Character classes

  private static let declarationStart = Array("<?xml".utf8)
  private static let declarationEnd = Array("?>".utf8)
  private static let commentStart = Array("<!--".utf8)
  private static let xmlns = Array("xmlns".utf8)
  /// The pseudo-attribute sequences the declaration may have.
  private static let declarationForms: [[String]] = [
    ["version"], ["version", "encoding"], ["version", "standalone"], ["version", "encoding", "standalone"],
  ]

  private static func split(_ name: ArraySlice<UInt8>) -> (prefix: ArraySlice<UInt8>?, local: ArraySlice<UInt8>) {
    guard let colon = name.firstIndex(of: UInt8(ascii: ":")) else { return (nil, name) }
    return (name[name.startIndex..<colon], name[(colon + 1)...])
  }

  private static func isReservedPrefix(_ prefix: ArraySlice<UInt8>) -> Bool {
    prefix.elementsEqual("xml".utf8) || prefix.elementsEqual(xmlns)
  }

  /// A namespace URI libxml2 takes without a warning: `http(s)://host/path` or `urn:name`, in a small alphabet,
  /// and not one of the two reserved namespaces.
  static func isPlainNamespace(_ uri: String) -> Bool {
    let reserved = ["http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/"]
    guard !reserved.contains(uri) else { return false }
    let bytes = Array(uri.utf8)
    let rest: ArraySlice<UInt8>
    if bytes.starts(with: "http://".utf8) {
      rest = bytes[7...]
    } else if bytes.starts(with: "https://".utf8) {
      rest = bytes[8...]
    } else if bytes.starts(with: "urn:".utf8) {
      let name = bytes[4...]
      return (name.first.map(isLetterOrDigit) ?? false)
        && name.allSatisfy { isLetterOrDigit($0) || ".:_-".utf8.contains($0) }
    } else {
      return false
    }
    let host = rest.prefix { $0 != UInt8(ascii: "/") }
    let path = rest.dropFirst(host.count)
    return (host.first.map(isLetterOrDigit) ?? false)
      && host.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
      && path.allSatisfy { isLetterOrDigit($0) || "._~/-".utf8.contains($0) }
  }

  private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
  }

  private static func isNameStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || byte == UInt8(ascii: "_")
  }

  private static func isNameCharacter(_ byte: UInt8) -> Bool {
    isLetterOrDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
  }

  /// Printable ASCII, tab or line feed.
  private static func isPlainCharacter(_ byte: UInt8) -> Bool {
    (byte >= 0x20 && byte < 0x7F) || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
  }
}
