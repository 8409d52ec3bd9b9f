/// Reads plain XML, the form nearly every estate file has, into the tree libxml2 (through `XMLParser`) would build,
/// at a small fraction of its per-document cost; anything outside that form is declined (nil), and
/// `XMLDocumentReader` then hands the document to libxml2, which also explains every error.
///
/// Plain means: printable ASCII with tabs and line feeds only (no carriage returns, no other bytes); an optional
/// `<?xml version="1.0" ...?>` declaration at the very start naming UTF-8 or no encoding; then elements, attributes,
/// text and comments only (no DOCTYPE, CDATA, processing instructions or references: no `&` at all); names that
/// are ASCII NCNames or `prefix:name`; namespace declarations whose URI is a plain `http(s)://` or `urn:` URI,
/// each prefix bound before use; no duplicate attributes; at most 64 attributes an element, nesting at most 200
/// deep and 1 MiB in all. Inside that form the reader checks well-formedness itself and declines where libxml2
/// would report any error or warning.
///
/// The tree matches `XMLParser` with namespace processing: element local names, namespace URIs, attributes by
/// qualified name (namespace declarations left out) with tabs and line feeds in values turned into spaces, the
/// concatenated character data of each element, and the position libxml2 reports for a start tag (the line and
/// column of its closing `>` or `/>`).
struct PlainXMLReader {
  /// The deepest nesting read here (libxml2 refuses beyond 256 by default).
  static let maximumDepth = 200
  /// The most attributes an element may have here (duplicates are found by comparing every pair).
  static let maximumAttributes = 64
  /// The largest document read here, far below libxml2's limits on the length of one text, value or name.
  static let maximumBytes = 1 << 20

  /// The document, borrowed for the duration of `read` (no reference counting on every byte read).
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0
  /// The current line (1-based) and the index where it starts.
  var line = 1
  var lineStart = 0
  /// Open elements, innermost last.
  private var open: [OpenElement] = []
  /// Namespace bindings in scope, innermost last (nil prefix: the default namespace).
  private var bindings: [(prefix: String?, uri: String)] = []
  /// The attributes of the start tag being read (kept to reuse its storage).
  private var attributes: [Attribute] = []

  /// A name as written: where it is, and where its colon is when it has a prefix.
  struct Name {
    var range: Range<Int>
    var colon: Int?

    /// The prefix, if any.
    var prefix: Range<Int>? { colon.map { range.lowerBound..<$0 } }
    /// The local part.
    var local: Range<Int> { colon.map { ($0 + 1)..<range.upperBound } ?? range }
  }

  /// An attribute of the start tag being read.
  private struct Attribute {
    var name: Name
    /// The value between the quotes.
    var value: Range<Int>
    /// Whether the value holds tabs or line feeds, which become spaces.
    var needsNormalising: Bool
  }

  /// An element whose end tag has not been read yet.
  private struct OpenElement {
    var node: XMLNode.Builder
    /// The qualified name as written, which the end tag must repeat.
    var name: Range<Int>
    /// How many bindings the element declared.
    var bindingCount: Int
  }

  private init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// The root element of a plain XML document, or nil when the document is not plain.
  static func read(_ bytes: [UInt8]) -> XMLNode? {
    guard bytes.count <= maximumBytes else { return nil }
    return bytes.withUnsafeBufferPointer { buffer in
      var reader = PlainXMLReader(buffer)
      return reader.document()
    }
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
    open[open.count - 1].node.text += string(start..<cursor)
    advance(to: cursor)
    return true
  }

  /// A start tag, with its attributes and namespace declarations; an empty-element tag completes at once.
  private mutating func startTag(completed root: inout XMLNode?) -> Bool {
    index += 1
    guard let name = qualifiedName(), open.count < Self.maximumDepth else { return false }
    attributes.removeAll(keepingCapacity: true)
    var spaced = skipSpace()
    while let byte = peek(0), byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/") {
      guard spaced, let attributeName = qualifiedName() else { return false }
      _ = skipSpace()
      guard take(UInt8(ascii: "=")) else { return false }
      _ = skipSpace()
      guard let (value, needsNormalising) = attributeValue() else { return false }
      attributes.append(Attribute(name: attributeName, value: value, needsNormalising: needsNormalising))
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
    let bindingCount = bindings.count
    guard let node = makeNode(name, line: line, column: column) else { return false }
    if isEmpty {
      bindings.removeSubrange(bindingCount...)
      attach(node.build(), completed: &root)
    } else {
      open.append(OpenElement(node: node, name: name.range, bindingCount: bindings.count - bindingCount))
    }
    return true
  }

  private mutating func endTag(completed root: inout XMLNode?) -> Bool {
    index += 2
    guard let name = qualifiedName(), let current = open.last,
      bytes[name.range].elementsEqual(bytes[current.name])
    else { return false }
    _ = skipSpace()
    guard take(UInt8(ascii: ">")), let element = open.popLast() else { return false }
    bindings.removeLast(element.bindingCount)
    attach(element.node.build(), completed: &root)
    return true
  }

  /// A completed element becomes its parent's last child, or the root.
  private mutating func attach(_ node: XMLNode, completed root: inout XMLNode?) {
    if open.isEmpty {
      root = node
    } else {
      open[open.count - 1].node.children.append(node)
    }
  }

  /// Binds the start tag's namespace declarations and builds the node; nil where libxml2 would complain (unbound
  /// or reserved prefixes, duplicate attributes or declarations, URIs it would not take silently), which abandons
  /// the whole read.
  private mutating func makeNode(_ name: Name, line: Int, column: Int) -> XMLNode.Builder? {
    let firstBinding = bindings.count
    var plainCount = 0
    for attribute in attributes {
      if attribute.name.prefix == nil, bytes[attribute.name.local].elementsEqual(Self.xmlns) {
        guard !bindings[firstBinding...].contains(where: { $0.prefix == nil }),
          let uri = plainNamespace(attribute)
        else { return nil }
        bindings.append((nil, uri))
      } else if let prefix = attribute.name.prefix, bytes[prefix].elementsEqual(Self.xmlns) {
        let bound = string(attribute.name.local)
        guard !isReservedPrefix(attribute.name.local),
          !bindings[firstBinding...].contains(where: { $0.prefix == bound }), let uri = plainNamespace(attribute)
        else { return nil }
        bindings.append((bound, uri))
      } else {
        plainCount += 1
      }
    }
    guard let namespace = resolve(name.prefix) else { return nil }
    guard plainCount <= Self.maximumAttributes else { return nil }
    var attributeValues = XMLAttributes(capacity: plainCount)
    for attribute in attributes where !isDeclaration(attribute.name) {
      // A prefixed attribute must be bound, and must be the only one of its local name: two could name the same
      // attribute in one namespace, which libxml2 refuses.
      if let prefix = attribute.name.prefix {
        let local = bytes[attribute.name.local]
        guard resolve(prefix)?.isEmpty == false,
          attributes.count(where: { bytes[$0.name.local].elementsEqual(local) }) == 1
        else { return nil }
      }
      let key = string(attribute.name.range)
      guard attributeValues[key] == nil else { return nil }
      attributeValues.append(name: key, value: value(of: attribute))
    }
    return XMLNode.Builder(
      name: string(name.local), namespace: namespace.isEmpty ? nil : namespace, attributes: attributeValues,
      line: line, column: column)
  }

  private func isDeclaration(_ name: Name) -> Bool {
    if let prefix = name.prefix { return bytes[prefix].elementsEqual(Self.xmlns) }
    return bytes[name.local].elementsEqual(Self.xmlns)
  }

  /// The URI of a namespace declaration, when libxml2 takes it without a warning.
  private func plainNamespace(_ attribute: Attribute) -> String? {
    guard !attribute.needsNormalising, Self.isPlainNamespace(bytes[attribute.value]) else { return nil }
    return string(attribute.value)
  }

  /// An attribute's value, tabs and line feeds turned into spaces as libxml2 normalises them.
  private func value(of attribute: Attribute) -> String {
    guard attribute.needsNormalising else { return string(attribute.value) }
    let normalised = bytes[attribute.value].map {
      $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0
    }
    return String(decoding: normalised, as: UTF8.self)
  }

  /// The namespace URI a prefix (nil: the default namespace) is bound to; empty for no default namespace, nil
  /// for an unbound or reserved prefix.
  private func resolve(_ prefix: Range<Int>?) -> String? {
    guard let prefix else {
      return bindings.last { $0.prefix == nil }?.uri ?? ""
    }
    guard !isReservedPrefix(prefix) else { return nil }
    let name = string(prefix)
    return bindings.last { $0.prefix == name }?.uri
  }

  private func isReservedPrefix(_ prefix: Range<Int>) -> Bool {
    bytes[prefix].elementsEqual("xml".utf8) || bytes[prefix].elementsEqual(Self.xmlns)
  }

  func string(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }
}
