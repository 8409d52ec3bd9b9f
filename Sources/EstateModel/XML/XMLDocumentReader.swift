import Foundation
import FoundationXML

/// Reads an XML document into an `XMLNode` tree, turning every failure into a problem: plain documents with
/// `PlainXMLReader`, everything else (and every error) with FoundationXML (libxml2), which builds the same tree.
enum XMLDocumentReader {
  /// The outcome of reading: the root element (nil when the document could not be read) and the problems.
  struct Outcome {
    var root: XMLNode?
    var problems: [Problem]
  }

  /// Parses `data`, attributing problems to `file`.
  static func read(_ data: Data, file: String) -> Outcome {
    let bytes = [UInt8](data)
    if let position = EntityGuard.firstEntityDeclaration(in: bytes) {
      let problem = Problem(
        .error, "xml.entity-declaration",
        "the document declares entities in a DOCTYPE; DTD entities are refused",
        file: file, line: position.line, column: position.column)
      return Outcome(root: nil, problems: [problem])
    }
    let prepared = neutraliseMisdeclaredEncoding(bytes)
    if let root = PlainXMLReader.read(prepared) {
      return Outcome(root: root, problems: [])
    }
    return readWithLibxml2(prepared, file: file)
  }

  /// Parses prepared bytes (entities refused, encoding declaration neutralised) with FoundationXML.
  static func readWithLibxml2(_ bytes: [UInt8], file: String) -> Outcome {
    let parser = XMLParser(data: Data(bytes))
    parser.shouldProcessNamespaces = true
    parser.shouldReportNamespacePrefixes = false
    parser.shouldResolveExternalEntities = false
    let builder = TreeBuilder(file: file)
    parser.delegate = builder
    let succeeded = parser.parse()
    if let failure = builder.failure {
      return Outcome(root: nil, problems: [failure])
    }
    guard succeeded, let root = builder.root else {
      let problem = Problem(
        .error, "xml.malformed", "the document could not be parsed",
        file: file, line: parser.lineNumber, column: parser.columnNumber)
      return Outcome(root: nil, problems: [problem])
    }
    return Outcome(root: root, problems: [])
  }

  /// Blanks an XML declaration that claims UTF-16 while the bytes are plainly 8-bit (as in ASM's embedded
  /// configurations); spaces keep every line and column where they were.
  static func neutraliseMisdeclaredEncoding(_ bytes: [UInt8]) -> [UInt8] {
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    guard bytes.count > start + 5, bytes[start..<start + 5].elementsEqual(Array("<?xml".utf8)),
      let end = bytes[start...].firstIndex(of: UInt8(ascii: ">"))
    else { return bytes }
    let declaration = String(decoding: bytes[start...end], as: UTF8.self).lowercased()
    guard declaration.contains("utf-16") else { return bytes }
    var copy = bytes
    for index in start...end { copy[index] = UInt8(ascii: " ") }
    return copy
  }
}

/// Builds the tree from parser callbacks and keeps the first fatal error.
private final class TreeBuilder: NSObject, XMLParserDelegate {
  let file: String
  var stack: [XMLNode.Builder] = []
  var root: XMLNode?
  var failure: Problem?

  init(file: String) {
    self.file = file
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    let namespace = (namespaceURI?.isEmpty ?? true) ? nil : namespaceURI
    stack.append(
      XMLNode.Builder(
        name: elementName, namespace: namespace, attributes: XMLAttributes(attributes), line: parser.lineNumber,
        column: parser.columnNumber))
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    guard let node = stack.popLast()?.build() else { return }
    if stack.isEmpty {
      root = node
    } else {
      stack[stack.count - 1].children.append(node)
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    guard !stack.isEmpty else { return }
    stack[stack.count - 1].text += string
  }

  func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
    guard !stack.isEmpty else { return }
    stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    guard failure == nil else { return }
    let code = (parseError as NSError).code
    let reason = XMLErrorText.describe(code)
    failure = Problem(
      .error, "xml.malformed", "the XML is not well-formed: \(reason) (libxml2 error \(code))",
      file: file, line: parser.lineNumber, column: parser.columnNumber)
  }
}

/// Human descriptions of the libxml2 error numbers a user is most likely to meet.
enum XMLErrorText {
  static let table: [Int: String] = [
    4: "document is empty or starts with something other than markup",
    5: "the document ends before its elements are closed",
    9: "invalid character",
    23: "an entity or character reference is not terminated",
    26: "an undeclared entity is referenced",
    38: "an attribute value is not quoted",
    39: "'<' is not allowed inside an attribute value",
    41: "an attribute is not followed by '='",
    64: "the XML declaration is malformed",
    68: "a character is not allowed here",
    73: "'>' is missing at the end of a tag",
    76: "an end tag does not match its start tag",
    77: "an end tag is missing",
    81: "the declared encoding does not match the content",
    85: "text after the root element",
    89: "entity expansion exceeds the safety limit",
  ]

  static func describe(_ code: Int) -> String {
    table[code] ?? "parse error"
  }
}
