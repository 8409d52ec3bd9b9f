import Foundation
import Testing

@testable import EstateModel

/// Whenever `PlainXMLReader` takes a document, libxml2 must read it without any error or warning into exactly the
/// same tree (names, namespaces, attributes, text, line and column of every element). Checked on the corpus, on
/// hand-written cases and on thousands of seeded mutations of them.
@Suite struct PlainXMLReaderTests {
  /// The plain reader's tree, or nil when it declined; records a difference from libxml2 when it did not.
  @discardableResult
  static func compare(_ bytes: [UInt8], _ label: String) -> XMLNode? {
    guard EntityGuard.firstEntityDeclaration(in: bytes) == nil else { return nil }
    let prepared = XMLDocumentReader.neutraliseMisdeclaredEncoding(bytes)
    guard let plain = PlainXMLReader.read(prepared) else { return nil }
    let reference = XMLDocumentReader.readWithLibxml2(prepared, file: "f")
    #expect(reference.problems.isEmpty, "\(label): \(String(decoding: bytes, as: UTF8.self))")
    #expect(reference.root == plain, "\(label): \(String(decoding: bytes, as: UTF8.self))")
    return plain
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
    // Declined: libxml2 reports something, or the form is not plain.
    "<a>\r\n</a>", "<a>\u{e9}</a>", "<a>&amp;</a>", "<a x='&lt;'/>", "<a><![CDATA[x]]></a>", "<!DOCTYPE a><a/>",
    #"<a xmlns="foo"/>"#, "<p:a/>", #"<a x="1" x="2"/>"#, "<a/>x", "<a/><b/>", #"<a x="1"y="2"/>"#, "<a>]]></a>",
    "<a><!-- c -- d --></a>", " <?xml version=\"1.0\"?><a/>", "<?xml version=\"1.1\"?><a/>", "<a><?pi x?></a>",
    #"<a xmlns:p="urn:x" xmlns:q="urn:x" p:y="1" q:y="2"/>"#, #"<a xmlns="urn:x" xmlns=""/>"#, "<a", "<a></b>",
    #"<xml:a/>"#, #"<a xml:lang="en"/>"#, "<1a/>", "<a:b:c/>", "<a>\u{1}</a>", "",
  ]

  @Test func theCorpusReadsAsLibxml2ReadsIt() throws {
    try #require(!Self.corpusFiles.isEmpty)
    var taken = 0
    for file in Self.corpusFiles where Self.compare(file.bytes, file.name) != nil {
      taken += 1
    }
    // Most real files are plain; those with CRLF line ends or non-ASCII text are left to libxml2.
    #expect(taken * 2 > Self.corpusFiles.count, "plain: \(taken) of \(Self.corpusFiles.count)")
  }

  @Test func handWrittenCasesReadAsLibxml2ReadsThem() {
    var taken = 0
    for text in Self.handWritten where Self.compare(Array(text.utf8), "hand-written") != nil {
      taken += 1
    }
    #expect(taken == 13)
  }

  @Test(arguments: [
    ("http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition", true),
    ("https://a-b.example/x_y/~z", true), ("urn:a:b-c_d.e", true), ("http://x", true),
    ("http://www.w3.org/XML/1998/namespace", false), ("http://www.w3.org/2000/xmlns/", false), ("foo", false),
    ("http://", false), ("http://_x", false), ("http://a_b/", false), ("http://a/b?c", false), ("urn:", false),
    ("urn:-a", false), ("ftp://a", false), ("http://a/%20", false), ("HTTP://a", false),
  ])
  func namespacesArePlainOnlyWhereLibxml2TakesThemSilently(uri: String, plain: Bool) {
    #expect(PlainXMLReader.isPlainNamespace(ArraySlice(uri.utf8)) == plain)
    Self.compare(Array("<a xmlns=\"\(uri)\"><b/></a>".utf8), uri)
  }

  @Test func manyAttributesAreLeftToLibxml2() throws {
    let attributes = (0..<65).map { " a\($0)=\"\($0)\"" }.joined()
    let bytes = Array("<e\(attributes)/>".utf8)
    #expect(PlainXMLReader.read(bytes) == nil)
    let root = try #require(XMLDocumentReader.read(Data(bytes), file: "f").root)
    #expect(root.attributes.count == 65 && root.attributes["a64"] == "64")
  }

  @Test func largeDocumentsAreLeftToLibxml2() {
    let text = "<a>" + String(repeating: "x", count: PlainXMLReader.maximumBytes) + "</a>"
    #expect(PlainXMLReader.read(Array(text.utf8)) == nil)
    #expect(PlainXMLReader.read(Array("<a>xx</a>".utf8)) != nil)
  }

  @Test func positionsAreThoseOfTheClosingBracket() throws {
    let root = try #require(PlainXMLReader.read(Array("<a>\n  <b\n    x=\"1\"   />\n  <c/></a>".utf8)))
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
  func generatedDocumentsReadAsLibxml2ReadsThem(seed: UInt64) {
    var random = SplitMix64(seed: seed &+ 0xD0C)
    var taken = 0
    for round in 0..<500 where Self.compare(Array(Self.generated(&random).utf8), "seed \(seed) round \(round)") != nil {
      taken += 1
    }
    #expect(taken > 400, "generated documents are plain unless a prefix is used outside its scope")
  }

  /// Bytes that make markup when inserted or swapped in.
  static let alphabet = Array("<>/=\"' \t\n:x&-!?]a1".utf8)
  /// Snippets that make structure when inserted.
  static let snippets = [
    "<x/>", " y=\"1\"", " xmlns:p=\"urn:p\"", " p:z=\"2\"", "<p:w/>", "<!-- c -->", "&amp;", "<![CDATA[x]]>",
    "</x>", " xmlns=\"http://d\"", " xmlns=\"rel\"", "<?xml version=\"1.0\"?>", "]]>", "\r\n",
  ].map { Array($0.utf8) }

  @Test(arguments: 0..<8)
  func mutationsReadAsLibxml2ReadsThem(seed: UInt64) {
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
    #expect(taken > 50, "the mutations should not all leave the plain form")
  }
}
