import Foundation
import Testing
import WorkerTestSupport

@testable import EstateModel

/// `LibXMLReader` (libxml2's SAX2 parser, driven directly) reads every document exactly as FoundationXML's
/// `XMLParser` read it before: the same tree (names, namespaces, attributes, text, line and column of every
/// element) or the same first problem (libxml2's error number, line and column). Checked on the corpus, on
/// hand-written cases, on generated documents and on thousands of seeded mutations, broken ones included.
@Suite struct LibXMLReaderTests {
  /// The reader's tree, or nil when the document has a problem; records any difference from the oracle.
  @discardableResult
  static func compare(_ bytes: [UInt8], _ label: String) -> XMLNode? {
    let read = XMLDocumentReader.read(Data(bytes), file: "f")
    let reference = FoundationXMLOracle.read(bytes, file: "f")
    #expect(read.problems == reference.problems, "\(label): \(String(decoding: bytes, as: UTF8.self))")
    #expect(read.root == reference.root, "\(label): \(String(decoding: bytes, as: UTF8.self))")
    return read.root
  }

  static let corpusFiles: [(name: String, bytes: [UInt8])] = {
    guard let corpus = try? TestPaths.requireCorpus() else { return [] }
    return CorpusWalker.xmlFiles(under: corpus).compactMap { path in
      (try? Data(contentsOf: corpus.appendingPathComponent(path))).map { (path, [UInt8]($0)) }
    }
  }()

  static let handWritten: [String] = [
    #"<a x="1"/>"#, #"<a x="1" />"#, "<a\tx=\"1\"\t>t</a>", "<a\n  x=\"1\"\n  >\n<b/></a>", "<a x=\"a\tb\nc\"/>",
    #"<a xmlns="http://x"><b/></a>"#, #"<p:a xmlns:p="urn:x" p:y="1" z="2"><p:b/><c xmlns="urn:y"/></p:a>"#,
    #"<?xml version="1.0" encoding="utf-8"?><a/>"#, "<?xml version='1.0' standalone='yes' ?>\n<a/>\n",
    "<!-- c --><a><!-- c -->x<!-- d -->y</a><!-- e -->\n", "<a>x > y ] ]></a>", "<a b='\"' c=\"'\"/>",
    #"<ServiceDefinition name="s" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition">"#
      + "\n  <WebRole name=\"a\">\n    <Gadgets />\n  </WebRole>\n</ServiceDefinition>",
    // Line ends, entities, CDATA, DOCTYPE and the documents libxml2 reports a problem in.
    "<a>\r\n</a>", "<a>\u{e9}</a>", "<a>&amp;</a>", "<a x='&lt;'/>", "<a><![CDATA[x]]></a>", "<!DOCTYPE a><a/>",
    #"<a xmlns="foo"/>"#, "<p:a/>", #"<a x="1" x="2"/>"#, "<a/>x", "<a/><b/>", #"<a x="1"y="2"/>"#, "<a>]]></a>",
    "<a><!-- c -- d --></a>", " <?xml version=\"1.0\"?><a/>", "<?xml version=\"1.1\"?><a/>", "<a><?pi x?></a>",
    #"<a xmlns:p="urn:x" xmlns:q="urn:x" p:y="1" q:y="2"/>"#, #"<a xmlns="urn:x" xmlns=""/>"#, "<a", "<a></b>",
    #"<xml:a/>"#, #"<a xml:lang="en"/>"#, "<1a/>", "<a:b:c/>", "<a>\u{1}</a>", "",
  ]

  @Test func theCorpusReadsAsBefore() throws {
    try #require(!Self.corpusFiles.isEmpty)
    var read = 0
    for file in Self.corpusFiles where Self.compare(file.bytes, file.name) != nil {
      read += 1
    }
    // Every corpus file is well-formed, CRLF line ends and non-ASCII text included.
    #expect(read == Self.corpusFiles.count, "read: \(read) of \(Self.corpusFiles.count)")
  }

  @Test func handWrittenCasesReadAsBefore() {
    var read = 0
    for text in Self.handWritten where Self.compare(Array(text.utf8), "hand-written") != nil {
      read += 1
    }
    #expect(read > 13 && read < Self.handWritten.count)
  }

  @Test(arguments: [
    "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition", "https://a-b.example/x_y/~z",
    "urn:a:b-c_d.e", "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/", "foo", "http://",
    "http://a/b?c", "urn:", "HTTP://a",
  ])
  func namespacesReadAsBefore(uri: String) {
    Self.compare(Array("<a xmlns=\"\(uri)\"><b/></a>".utf8), uri)
  }

  @Test func manyAttributesAndLargeDocuments() throws {
    let attributes = (0..<65).map { " a\($0)=\"\($0)\"" }.joined()
    let root = try #require(Self.compare(Array("<e\(attributes)/>".utf8), "65 attributes"))
    #expect(root.attributes.count == 65 && root.attributes["a64"] == "64")
    let large = "<a>" + String(repeating: "x\n", count: 400_000) + "<b/></a>"
    let read = try #require(Self.compare(Array(large.utf8), "large"))
    #expect(read.children.first?.line == 400_001)
  }

  @Test func positionsAreThoseOfTheClosingBracket() throws {
    let root = try #require(Self.compare(Array("<a>\n  <b\n    x=\"1\"   />\n  <c/></a>".utf8), "positions"))
    #expect(root.children.map { [$0.line, $0.column] } == [[3, 13], [4, 5]])
    #expect((root.line, root.column) == (1, 3))
  }

  /// A random plain document: nested elements with and without prefixes, namespace declarations, attributes,
  /// text and comments, with spaces, tabs and line feeds wherever XML allows them.
  static func generated(_ random: inout SplitMix64) -> String {
    let blanks = [" ", "\t", "\n", "  ", "\n\t ", ""]
    func blank(_ required: Bool) -> String {
      let text = blanks[Int(random.next() % UInt64(blanks.count))]
      return required && text.isEmpty ? " " : text
    }
    func element(_ depth: Int, prefixes: [String]) -> String {
      var prefixes = prefixes
      var tag = ""
      if random.next() % 3 == 0 {
        let prefix = ["p", "q", "ns1"][Int(random.next() % 3)]
        tag += blank(true) + "xmlns:\(prefix)" + blank(false) + "=" + blank(false) + "\"urn:\(prefix)-\(depth)\""
        prefixes.append(prefix)
      }
      if random.next() % 4 == 0 { tag += blank(true) + "xmlns='http://d.example/\(depth)'" }
      for index in 0..<Int(random.next() % 4) {
        let prefix =
          prefixes.isEmpty || random.next() % 2 == 0 ? "" : prefixes[Int(random.next() % UInt64(prefixes.count))] + ":"
        tag += blank(true) + "\(prefix)a\(index)" + blank(false) + "=" + blank(false) + "\"v\(index)\(blank(false))x\""
      }
      let name =
        (prefixes.isEmpty || random.next() % 2 == 0 ? "" : prefixes[Int(random.next() % UInt64(prefixes.count))] + ":")
        + ["Role", "e", "Setting", "x.y", "_z-1"][Int(random.next() % 5)]
      if depth > 4 || random.next() % 3 == 0 { return "<\(name)\(tag)\(blank(false))/>" }
      var body = ""
      for _ in 0..<Int(random.next() % 4) {
        switch random.next() % 3 {
        case 0: body += blank(false) + "text " + blank(false)
        case 1: body += "<!--" + blank(false) + "note" + blank(false) + "-->"
        default: body += element(depth + 1, prefixes: prefixes)
        }
      }
      return "<\(name)\(tag)\(blank(false))>\(body)</\(name)\(blank(false))>"
    }
    let declaration = random.next() % 2 == 0 ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + blank(false) : ""
    return declaration + element(0, prefixes: []) + blank(false)
  }

  @Test(arguments: 0..<4)
  func generatedDocumentsReadAsBefore(seed: UInt64) {
    var random = SplitMix64(seed: seed &+ 0xD0C)
    var taken = 0
    for round in 0..<500 where Self.compare(Array(Self.generated(&random).utf8), "seed \(seed) round \(round)") != nil {
      taken += 1
    }
    #expect(taken > 400, "generated documents are well-formed unless a prefix is used outside its scope")
  }

  /// Bytes that make markup when inserted or swapped in.
  static let alphabet = Array("<>/=\"' \t\n:x&-!?]a1".utf8)
  /// Snippets that make structure when inserted.
  static let snippets = [
    "<x/>", " y=\"1\"", " xmlns:p=\"urn:p\"", " p:z=\"2\"", "<p:w/>", "<!-- c -->", "&amp;", "<![CDATA[x]]>",
    "</x>", " xmlns=\"http://d\"", " xmlns=\"rel\"", "<?xml version=\"1.0\"?>", "]]>", "\r\n",
  ].map { Array($0.utf8) }

  @Test(arguments: 0..<8)
  func mutationsReadAsBefore(seed: UInt64) {
    var random = SplitMix64(seed: seed &+ 0xA11CE)
    let sources = Self.corpusFiles.map(\.bytes).filter { $0.count < 4000 } + Self.handWritten.map { Array($0.utf8) }
    guard !sources.isEmpty else { return }
    var taken = 0
    for round in 0..<1000 {
      var bytes = sources[Int(random.next() % UInt64(sources.count))]
      for _ in 0...(random.next() % 3) {
        let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
        switch random.next() % 4 {
        case 0 where !bytes.isEmpty: bytes.remove(at: position)
        case 1 where !bytes.isEmpty: bytes[position] = Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))]
        case 2: bytes.insert(Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))], at: position)
        default: bytes.insert(contentsOf: Self.snippets[Int(random.next() % UInt64(Self.snippets.count))], at: position)
        }
      }
      if Self.compare(bytes, "seed \(seed) round \(round)") != nil { taken += 1 }
    }
    #expect(taken > 50 && taken < 1000, "some mutations stay well-formed, others break")
  }
}
