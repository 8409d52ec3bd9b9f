import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

@testable import Validation

/// The compact report form expands, by the algorithm protocol.md gives, to exactly the full form.
struct CompactReportTests {
  /// protocol.md's `render`: `{name}` takes the argument's value; a name with no argument stays as written; an
  /// unmatched `{` and everything after it is text.
  static func render(_ template: String, _ arguments: [String: String]) -> String {
    var output = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{") {
      let afterOpen = rest.index(after: open)
      guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
      output += rest[..<open]
      let name = String(rest[afterOpen..<close])
      output += arguments[name] ?? "{\(name)}"
      rest = rest[rest.index(after: close)...]
    }
    return output + rest
  }

  /// protocol.md's expansion, written against the JSON alone, as any client would.
  static func expand(_ compact: JSONValue) throws -> JSONValue {
    let rules = try #require(compact["rules"]?.objectValue)
    let messages = try (compact["validationMessages"]?.arrayValue ?? []).map { message -> JSONValue in
      let row = try #require(message.objectValue)
      let ruleID = try #require(row["ruleId"]?.stringValue)
      let rule = rules[ruleID]
      var arguments: [String: String] = [:]
      for (name, value) in row["arguments"]?.objectValue ?? JSONObject() { arguments[name] = value.stringValue }
      var full = row
      full["arguments"] = nil
      for field in ["message", "fix"] where full[field] == nil {
        let template = try #require(rule?[field]?.stringValue, "\(ruleID) has no \(field)")
        full[field] = .string(render(template, arguments))
      }
      if full["docs"] == nil { full["docs"] = try #require(rule?["docs"]) }
      return .object(JSONObject(full.sorted { $0.key < $1.key }))
    }
    var result = try #require(compact.objectValue)
    result["detail"] = nil
    result["rules"] = nil
    result["validationMessages"] = .array(messages)
    return .object(JSONObject(result.sorted { $0.key < $1.key }))
  }

  /// Checks one report: the compact form carries texts only where needed and expands to the full form.
  static func checkRoundTrip(_ report: ValidationReport) throws {
    let compact = CompactReport.make(report, rule: Catalogue.engine.rule(id:))
    #expect(compact["detail"] == "compact")
    #expect(try expand(compact) == report.jsonValue)
    let rows = compact["validationMessages"]?.arrayValue ?? []
    let templated = report.validationMessages.filter { Catalogue.engine.rule(id: $0.ruleId) != nil }
    #expect(rows.filter { $0["message"] == nil }.count == templated.count)
    #expect(rows.allSatisfy { $0["docs"] == nil })
  }

  /// Where findings repeat (many roles), the texts travel once and the reply shrinks by more than 40%.
  @Test func repeatedFindingsShrinkTheReply() throws {
    let findings = Case.legacySizedRoles(50)
    let report = try findings.report()
    #expect(report.validationMessages.count >= 50)
    try Self.checkRoundTrip(report)
    let compact = CompactReport.make(report, rule: Catalogue.engine.rule(id:))
    #expect(compact.jsonText.utf8.count * 5 < report.jsonValue.jsonText.utf8.count * 3)
  }

  @Test(arguments: RulesRevision.allCases, ValidationPhase.allCases)
  func sampleEstateExpandsToTheFullForm(revision: RulesRevision, phase: ValidationPhase) throws {
    let store = EstateStore(root: Paths.packageRoot)
    let resolved = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate")
    var report = try Catalogue.engine.run(
      ValidationRequest(load: resolved.load, target: .virtualNetwork("contoso-vnet"), revision: revision, phase: phase))
    #expect(report.validationMessages.count >= 5)
    try Self.checkRoundTrip(report)
    // Messages not made from a rule's templates: their own texts travel, the table holds the first one's fix.
    for (index, fix) in ["Fix {service} by hand.", "Another fix."].enumerated() {
      report.validationMessages.append(
        ValidationMessage(
          resourceType: "ARMResource", resourceName: "r\(index)", category: .warning, message: "Literal {service}",
          virtualMachineName: nil, ruleId: "CS-ARM-example", fix: fix, docs: "https://example.invalid/\(index % 1)",
          location: SourceLocation(file: "a.csdef", line: 3, column: 4), phase: .prepare))
    }
    try Self.checkRoundTrip(report)
  }

  /// Every real csdef/cscfg pair of the corpus, under both revisions.
  @Test func corpusEstatesExpandToTheFullForm() throws {
    let pairs = CorpusValidationTests.pairs()
    #expect(pairs.count >= 50)
    for pair in pairs {
      for revision in RulesRevision.allCases {
        try Self.checkRoundTrip(try CorpusValidationTests.report(pair, revision))
      }
    }
  }

  /// Templates and arguments with braces in odd places render as the engine renders them.
  @Test(arguments: ["{a}{b}", "x {a", "{a{b}", "{}", "{missing} {a}", "}{", ""])
  func renderMatchesTheEngine(template: String) {
    let arguments = ["a": "1{b}", "b": "2", "a{b": "3"]
    #expect(Self.render(template, arguments) == MessageTemplate(template).render(arguments))
  }
}
