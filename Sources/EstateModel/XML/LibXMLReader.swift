import CLibXML2

/// Reads an XML document into an `XMLNode` tree with libxml2's SAX2 push parser, called directly.
///
/// The estate's files used to go through FoundationXML's `XMLParser`, which drives the same parser but costs
/// about 15 µs of bookkeeping per document (a `Data` copy, an `NSObject` delegate, dictionaries, `NSError`s); on
/// an estate of 20,000 inline `.csdef`/`.cscfg` files that was the largest share of loading. Driving libxml2
/// directly keeps every property the worker relied on (the same tree, the same line and column for every element,
/// libxml2's own error numbers, its entity-amplification guard, no network or external entity loading) at a
/// third of the cost. The parser runs as `XMLParser` ran it: recovering, so the first problem reported (error or
/// warning) is the one kept, with the parser's position at that moment.
enum LibXMLReader {
  /// What reading produced: the root element, or the first error libxml2 reported and where.
  enum Result {
    case document(XMLNode)
    case failed(code: Int, line: Int, column: Int)
    /// The document passed one of the reading limits; reading stopped there.
    case tooLarge(XMLLimit, line: Int, column: Int)
    /// The parser ended without a root element and without reporting why.
    case incomplete(line: Int, column: Int)
    /// libxml2 cannot be opened; nothing was read.
    case unavailable(SystemLibraryUnavailable)
  }

  /// The parser options, `XMLParser`'s: recover (report, go on) and substitute entities, so attribute values
  /// and text arrive with `&amp;` and character references resolved; plus never touching the network.
  /// `EntityGuard` has already refused every document that declares an entity of its own.
  private static let options = Int32(
    XML_PARSE_RECOVER.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue)

  /// Parses UTF-8 (or self-described) XML bytes, stopping at the first limit of `limits` the document passes.
  static func read(_ bytes: [UInt8], limits: EstateLimits = .default) -> Result {
    // Like XMLParser: the first four bytes create the context (they decide the encoding), the rest follows.
    guard bytes.count >= 4 else { return .incomplete(line: 0, column: 0) }
    let xml: csm_libxml2
    do {
      xml = try LibXML2.functions()
    } catch {
      return .unavailable(error)
    }
    let builder = SAXTreeBuilder(limits: limits, functions: xml)
    var handler = SAXTreeBuilder.handler()
    let user = Unmanaged.passUnretained(builder).toOpaque()
    bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { chars in
        guard let start = chars.baseAddress, let context = xml.xmlCreatePushParserCtxt(&handler, user, start, 4, nil)
        else { return }
        defer {
          builder.context = nil
          xml.xmlFreeParserCtxt(context)
        }
        builder.context = context
        _ = xml.xmlCtxtUseOptions(context, options)
        var offset = 4
        while offset < chars.count && builder.failure == nil && builder.exceeded == nil {
          let length = min(chars.count - offset, 128 * 1024)
          _ = xml.xmlParseChunk(context, start + offset, Int32(length), 0)
          offset += length
        }
        if builder.failure == nil && builder.exceeded == nil { _ = xml.xmlParseChunk(context, nil, 0, 1) }
        builder.finalPosition = builder.position()
      }
    }
    withExtendedLifetime(builder) {}
    if let exceeded = builder.exceeded {
      return .tooLarge(exceeded.limit, line: exceeded.line, column: exceeded.column)
    }
    if let failure = builder.failure { return .failed(code: failure.code, line: failure.line, column: failure.column) }
    guard let root = builder.root else {
      return .incomplete(line: builder.finalPosition.line, column: builder.finalPosition.column)
    }
    return .document(root)
  }
}

/// A reading limit an XML document can pass (see ``EstateLimits``).
enum XMLLimit: Sendable, Equatable {
  case depth(Int)
  case attributes(Int)
  case elements(Int)

  /// What passed the limit, in words.
  var description: String {
    switch self {
    case .depth(let limit): "elements are nested more than \(limit) deep"
    case .attributes(let limit): "an element has more than \(limit) attributes"
    case .elements(let limit): "the document has more than \(limit) elements"
    }
  }
}

/// Builds the tree from libxml2's SAX2 callbacks and keeps the first problem reported.
private final class SAXTreeBuilder {
  /// The parser, while it runs: positions are read from it.
  var context: xmlParserCtxtPtr?
  var stack: [XMLNode.Builder] = []
  var root: XMLNode?
  var failure: (code: Int, line: Int, column: Int)?
  /// The limit the document passed, where; parsing stops at once.
  var exceeded: (limit: XMLLimit, line: Int, column: Int)?
  var finalPosition = (line: 0, column: 0)
  let limits: EstateLimits
  var elementCount = 0
  /// libxml2's functions, for the positions and for stopping.
  let xml: csm_libxml2

  init(limits: EstateLimits, functions: csm_libxml2) {
    self.limits = limits
    self.xml = functions
  }

  /// Records the first limit passed and stops the parser; later callbacks add nothing.
  func stop(_ limit: XMLLimit) {
    guard exceeded == nil else { return }
    let position = position()
    exceeded = (limit, position.line, position.column)
    if let context { xml.xmlStopParser(context) }
  }

  /// The parser's current line and column (the column is where the tag just read ends).
  func position() -> (line: Int, column: Int) {
    guard let context else { return (0, 0) }
    return (Int(xml.xmlSAX2GetLineNumber(context)), Int(xml.xmlSAX2GetColumnNumber(context)))
  }

  /// The builder behind a callback's user data.
  static func from(_ user: UnsafeMutableRawPointer?) -> SAXTreeBuilder? {
    user.map { Unmanaged<SAXTreeBuilder>.fromOpaque($0).takeUnretainedValue() }
  }

  /// A SAX2 handler whose callbacks feed the builder passed as user data.
  static func handler() -> xmlSAXHandler {
    var handler = xmlSAXHandler()
    handler.initialized = UInt32(XML_SAX2_MAGIC)
    handler.startElementNs = { user, localName, _, uri, _, _, attributeCount, _, attributes in
      guard let builder = SAXTreeBuilder.from(user), let localName else { return }
      builder.start(
        name: String(cString: localName), namespace: uri.map { String(cString: $0) }, attributes: attributes,
        count: Int(attributeCount))
    }
    handler.endElementNs = { user, _, _, _ in SAXTreeBuilder.from(user)?.end() }
    handler.characters = { user, text, length in SAXTreeBuilder.from(user)?.append(text, Int(length)) }
    handler.cdataBlock = { user, text, length in SAXTreeBuilder.from(user)?.append(text, Int(length)) }
    handler.serror = { user, error in
      guard let builder = SAXTreeBuilder.from(user), builder.failure == nil else { return }
      let position = builder.position()
      builder.failure = (Int(error?.pointee.code ?? 1), position.line, position.column)
    }
    return handler
  }

  func start(
    name: String, namespace: String?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int
  ) {
    guard exceeded == nil else { return }
    elementCount += 1
    if stack.count >= limits.maxXMLDepth { return stop(.depth(limits.maxXMLDepth)) }
    if count > limits.maxXMLAttributes { return stop(.attributes(limits.maxXMLAttributes)) }
    if elementCount > limits.maxXMLElements { return stop(.elements(limits.maxXMLElements)) }
    var list = XMLAttributes(capacity: count)
    if let attributes {
      for index in 0..<count {
        // Five pointers per attribute: local name, prefix, URI, value start, value end.
        guard let local = attributes[5 * index] else { continue }
        var qualified = String(cString: local)
        if let prefix = attributes[5 * index + 1], prefix.pointee != 0 {
          qualified = String(cString: prefix) + ":" + qualified
        }
        var value = ""
        if let start = attributes[5 * index + 3], let end = attributes[5 * index + 4], end > start {
          value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        }
        if list[qualified] == nil { list.append(name: qualified, value: value) }
      }
    }
    let position = position()
    stack.append(
      XMLNode.Builder(
        name: name, namespace: (namespace?.isEmpty ?? true) ? nil : namespace, attributes: list,
        line: position.line, column: position.column))
  }

  func end() {
    guard exceeded == nil, let node = stack.popLast()?.build() else { return }
    if stack.isEmpty {
      root = node
    } else {
      stack[stack.count - 1].children.append(node)
    }
  }

  func append(_ text: UnsafePointer<xmlChar>?, _ length: Int) {
    guard exceeded == nil, !stack.isEmpty, let text, length > 0 else { return }
    stack[stack.count - 1].text += String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)
  }
}
