import Foundation
import Testing

@testable import EstateModel

/// Every way found to slip an entity declaration or an external DTD past the guard is refused, at its position.
struct EntityGuardTests {
  static let root = "<r/>"

  /// Documents that must be refused, with the line and column of what gives them away.
  @Test(arguments: [
    // Lower case and mixed case keywords.
    (#"<!doctype r [ <!entity e "x"> ]><r/>"#, 1, 15),
    (#"<!DocType r [<!Entity e "x">]><r/>"#, 1, 14),
    // Parameter entities.
    (#"<!DOCTYPE r [ <!ENTITY % p "x"> %p; ]><r/>"#, 1, 15),
    // A quoted "]>" or "<r" inside the DOCTYPE does not end it.
    (#"<!DOCTYPE r [ <!ATTLIST r a CDATA "]>"> <!ENTITY e "x"> ]><r/>"#, 1, 41),
    (#"<!DOCTYPE r [ <!ATTLIST r a CDATA ']>'> <!ENTITY e "x"> ]><r/>"#, 1, 41),
    (#"<!DOCTYPE r [ <?pi ]> <r ?> <!ENTITY e "x"> ]><r/>"#, 1, 29),
    (#"<!DOCTYPE r [ <!-- ]> --> <!ENTITY e "x"> ]><r/>"#, 1, 27),
    // External subsets, which can declare entities the document never spells out.
    (#"<!DOCTYPE r SYSTEM "http://example.com/evil.dtd"><r/>"#, 1, 13),
    (#"<!DOCTYPE r PUBLIC "-//x//EN" "evil.dtd"><r/>"#, 1, 13),
    ("<!DOCTYPE r\n  system 'file:///etc/passwd'><r/>", 2, 3),
    // An entity declaration outside any DOCTYPE, before the root.
    (#"<?xml version="1.0"?><!ENTITY e "x"><r/>"#, 1, 22),
  ])
  func refused(text: String, line: Int, column: Int) throws {
    let position = try #require(EntityGuard.firstEntityDeclaration(in: Array(text.utf8)))
    #expect(position.line == line && position.column == column)
  }

  /// UTF-16 and UTF-32, with and without a byte-order mark, are read as libxml2 reads them.
  @Test func otherEncodingsAreTranscodedFirst() throws {
    let text = #"<!DOCTYPE r [ <!ENTITY e SYSTEM "file:///etc/passwd"> ]><r>&e;</r>"#
    let scalars = Array(text.unicodeScalars.map(\.value))
    let encodings: [[UInt8]] = [
      [0xFF, 0xFE] + scalars.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
      [0xFE, 0xFF] + scalars.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] },
      scalars.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
      scalars.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] },
      scalars.flatMap { [UInt8($0 & 0xFF), 0, 0, 0] },
      scalars.flatMap { [0, 0, 0, UInt8($0 & 0xFF)] },
    ]
    for bytes in encodings {
      let position = EntityGuard.firstEntityDeclaration(in: bytes)
      #expect(position?.line == 1 && position?.column == 15, "\(bytes.prefix(4))")
    }
  }

  /// What estates really contain passes: no DOCTYPE, a DOCTYPE without subset, keywords only in content.
  @Test(arguments: [
    #"<?xml version="1.0" encoding="utf-8"?><r a="SYSTEM"/>"#,
    "<!DOCTYPE r><r/>",
    "<!DOCTYPE r [ <!ELEMENT r ANY> ]><r/>",
    "<!-- <!ENTITY e 'x'> --><r/>",
    "\u{FEFF}<r><!-- <!ENTITY --></r>",
    #"<r><![CDATA[<!ENTITY e "x">]]></r>"#,
  ])
  func accepted(text: String) {
    #expect(EntityGuard.firstEntityDeclaration(in: Array(text.utf8)) == nil)
  }

  /// Through the loader: the problem is reported and nothing of the external file appears.
  @Test func loaderRefusesAnExternalSubset() {
    let text = """
      <?xml version="1.0"?>
      <!DOCTYPE ServiceDefinition SYSTEM "file:///etc/passwd">
      <ServiceDefinition name="s" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition"/>
      """
    let result = EstateLoader(root: URL(fileURLWithPath: NSTemporaryDirectory()))
      .parseArtifact(kind: .csdef, path: nil, text: text)
    #expect(result.model == nil)
    #expect(result.problems.map(\.code) == ["xml.entity-declaration"])
    #expect(result.problems.first?.line == 2)
  }
}
