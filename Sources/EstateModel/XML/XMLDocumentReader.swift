import Foundation

/// Reads an XML document into an `XMLNode` tree with libxml2 (``LibXMLReader``), turning every failure into a
/// problem.
enum XMLDocumentReader {
  /// The outcome of reading: the root element (nil when the document could not be read) and the problems.
  struct Outcome {
    var root: XMLNode?
    var problems: [Problem]
  }

  /// Parses `data`, attributing problems to `file`; a document past one of the XML limits of `limits` is refused.
  static func read(_ data: Data, file: String, limits: EstateLimits = .default) -> Outcome {
    let bytes = [UInt8](data)
    if let position = EntityGuard.firstEntityDeclaration(in: bytes) {
      let problem = Problem(
        .error, "xml.entity-declaration",
        "the document declares entities in a DOCTYPE; DTD entities are refused",
        file: file, line: position.line, column: position.column)
      return Outcome(root: nil, problems: [problem])
    }
    if let position = AttributeCountGuard.firstTagExceeding(limits.maxXMLAttributes, in: bytes) {
      return Outcome(
        root: nil,
        problems: [
          tooLarge(.attributes(limits.maxXMLAttributes), file: file, line: position.line, column: position.column)
        ])
    }
    switch LibXMLReader.read(neutraliseMisdeclaredEncoding(bytes), limits: limits) {
    case .document(let root):
      return Outcome(root: root, problems: [])
    case .failed(let code, let line, let column):
      let problem = Problem(
        .error, "xml.malformed", "the XML is not well-formed: \(XMLErrorText.describe(code)) (libxml2 error \(code))",
        file: file, line: line, column: column)
      return Outcome(root: nil, problems: [problem])
    case .tooLarge(let limit, let line, let column):
      return Outcome(root: nil, problems: [tooLarge(limit, file: file, line: line, column: column)])
    case .incomplete(let line, let column):
      let problem = Problem(
        .error, "xml.malformed", "the document could not be parsed", file: file, line: line, column: column)
      return Outcome(root: nil, problems: [problem])
    case .unavailable(let library):
      let problem = Problem(.error, "xml.parser-unavailable", "the document was not read: \(library)", file: file)
      return Outcome(root: nil, problems: [problem])
    }
  }

  /// The problem of a document past one of the reading limits.
  private static func tooLarge(_ limit: XMLLimit, file: String, line: Int, column: Int) -> Problem {
    Problem(
      .error, "xml.limit-exceeded", "the document is refused: \(limit.description)", file: file, line: line,
      column: column)
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
