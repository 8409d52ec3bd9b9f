import Foundation
import FoundationXML
import Testing

@testable import EstateModel

/// One test per class of hostile or wrong input, each naming the line and column it expects.
@Suite struct RejectionTests {
  let loader = EstateLoader(root: URL(fileURLWithPath: NSTemporaryDirectory()))

  func problems(_ kind: ArtifactKind, _ text: String) -> [Problem] {
    loader.parseArtifact(kind: kind, path: nil, text: text).problems
  }

  func only(_ problems: [Problem], code: String) throws -> Problem {
    let matching = problems.filter { $0.code == code }
    #expect(matching.count == 1, "problems: \(problems)")
    return try #require(matching.first)
  }

  static let csdefHead =
    #"<ServiceDefinition name="s" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition">"#
  static let cscfgHead =
    #"<ServiceConfiguration serviceName="s" "#
    + #"xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration">"#

  @Test func malformedXMLIsAnErrorAtTheMismatchedTag() throws {
    let text = "\(Self.csdefHead)\n  <WebRole name=\"a\">\n  </WorkerRole>\n</ServiceDefinition>"
    let result = loader.parseArtifact(kind: .csdef, path: nil, text: text)
    #expect(result.model == nil)
    let problem = try only(result.problems, code: "xml.malformed")
    #expect(problem.severity == .error)
    #expect(problem.file == "<inline>")
    #expect((problem.line, problem.column) == (3, 16))
  }

  @Test func wrongNamespaceIsAnErrorAtTheRoot() throws {
    let text = "<?xml version=\"1.0\"?>\n<ServiceDefinition name=\"s\" xmlns=\"urn:not-azure\">\n</ServiceDefinition>"
    let problem = try only(problems(.csdef, text), code: "csdef.wrong-namespace")
    #expect(problem.severity == .error)
    #expect((problem.line, problem.column) == (2, 50))
  }

  @Test func unknownElementIsAWarningAtTheElement() throws {
    let text = "\(Self.csdefHead)\n  <WebRole name=\"a\">\n    <Gadgets />\n  </WebRole>\n</ServiceDefinition>"
    let result = loader.parseArtifact(kind: .csdef, path: nil, text: text)
    let problem = try only(result.problems, code: "csdef.unknown-element")
    #expect(problem.severity == .warning)
    #expect((problem.line, problem.column) == (3, 14))
    guard case .serviceDefinition(let definition)? = result.model else {
      Issue.record("an unknown element must not prevent the model")
      return
    }
    #expect(definition.roles.first?.vmSize == "Small")
  }

  @Test func nonNumericInstanceCountIsAnError() throws {
    let text =
      "\(Self.cscfgHead)\n  <Role name=\"a\">\n    <Instances count=\"two\" />\n  </Role>\n</ServiceConfiguration>"
    let problem = try only(problems(.cscfg, text), code: "cscfg.instances-not-numeric")
    #expect(problem.severity == .error)
    #expect((problem.line, problem.column) == (3, 28))
  }

  @Test func nonHexThumbprintIsAnError() throws {
    let text =
      "\(Self.cscfgHead)\n  <Role name=\"a\">\n    <Instances count=\"1\" />\n    <Certificates>\n"
      + "      <Certificate name=\"c\" thumbprint=\"XYZ0E04C034E21B852A8D18B4FF47955338FEE9\" />\n"
      + "    </Certificates>\n  </Role>\n</ServiceConfiguration>"
    let problem = try only(problems(.cscfg, text), code: "cscfg.thumbprint-not-hex")
    #expect(problem.severity == .error)
    #expect((problem.line, problem.column) == (5, 82))
  }

  static let billionLaughs = """
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
      <!ENTITY lol "lol">
      <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
      <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
      <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
      <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
      <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
      <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
      <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]>
    <ServiceDefinition name="&lol9;" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition"/>
    """

  @Test func billionLaughsIsRefusedAtTheFirstEntityDeclaration() throws {
    let result = loader.parseArtifact(kind: .csdef, path: nil, text: Self.billionLaughs)
    #expect(result.model == nil)
    let problem = try only(result.problems, code: "xml.entity-declaration")
    #expect((problem.line, problem.column) == (3, 3))
  }

  @Test func libxml2ItselfStopsBillionLaughs() {
    // Defence in depth: even without the guard, the parser refuses the expansion.
    let parser = XMLParser(data: Data(Self.billionLaughs.utf8))
    parser.shouldResolveExternalEntities = false
    let start = Date()
    let parsed = parser.parse()
    #expect(!parsed || parser.parserError != nil)
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test func externalEntityIsRefusedAndItsContentNeverAppears() throws {
    let folder = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let marker = "XXE-MARKER-7f3a9c"
    let secretFile = folder.appendingPathComponent("secret.txt")
    try marker.write(to: secretFile, atomically: true, encoding: .utf8)
    let text = """
      <?xml version="1.0"?>
      <!DOCTYPE ServiceDefinition [ <!ENTITY xxe SYSTEM "file://\(secretFile.path)"> ]>
      <ServiceDefinition name="&xxe;" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition"/>
      """
    let result = loader.parseArtifact(kind: .csdef, path: nil, text: text)
    let problem = try only(result.problems, code: "xml.entity-declaration")
    #expect((problem.line, problem.column) == (2, 31))
    let encoded = String(decoding: try stableJSON(result), as: UTF8.self)
    #expect(!encoded.contains(marker))
    // And libxml2 alone does not resolve it either.
    final class Collector: NSObject, XMLParserDelegate {
      var seen = ""
      func parser(_ parser: XMLParser, foundCharacters string: String) { seen += string }
      func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
      ) { seen += attributes.values.joined() }
    }
    let parser = XMLParser(data: Data(text.utf8))
    parser.shouldResolveExternalEntities = false
    let collector = Collector()
    parser.delegate = collector
    _ = parser.parse()
    #expect(!collector.seen.contains(marker))
  }
}
