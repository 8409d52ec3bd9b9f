import Foundation

import class FoundationXML.XMLParser
import protocol FoundationXML.XMLParserDelegate

@testable import EstateModel

/// The reference for `LibXMLReader`: how documents were read before, through FoundationXML's `XMLParser` (which
/// drives the same libxml2 parser with its own bookkeeping). Kept in the tests only, as the oracle the direct
/// reader is compared with.
enum FoundationXMLOracle {
  /// Reads bytes the way `XMLDocumentReader` did before it drove libxml2 directly.
  static func read(_ bytes: [UInt8], file: String) -> XMLDocumentReader.Outcome {
    if let position = EntityGuard.firstEntityDeclaration(in: bytes) {
      let problem = Problem(
        .error, "xml.entity-declaration", "the document declares entities in a DOCTYPE; DTD entities are refused",
        file: file, line: position.line, column: position.column)
      return XMLDocumentReader.Outcome(root: nil, problems: [problem])
    }
    let parser = XMLParser(data: Data(XMLDocumentReader.neutraliseMisdeclaredEncoding(bytes)))
    parser.shouldProcessNamespaces = true
    parser.shouldReportNamespacePrefixes = false
    parser.shouldResolveExternalEntities = false
    let builder = TreeBuilder(file: file)
    parser.delegate = builder
    let succeeded = parser.parse()
    if let failure = builder.failure {
      return XMLDocumentReader.Outcome(root: nil, problems: [failure])
    }
    guard succeeded, let root = builder.root else {
      let problem = Problem(
        .error, "xml.malformed", "the document could not be parsed",
        file: file, line: parser.lineNumber, column: parser.columnNumber)
      return XMLDocumentReader.Outcome(root: nil, problems: [problem])
    }
    return XMLDocumentReader.Outcome(root: root, problems: [])
  }
}

/// Builds the tree from parser callbacks and keeps the first fatal error.
private final class TreeBuilder: NSObject, XMLParserDelegate {
  let file: String
  var stack: [EstateModel.XMLNode.Builder] = []
  var root: EstateModel.XMLNode?
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
      EstateModel.XMLNode.Builder(
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
