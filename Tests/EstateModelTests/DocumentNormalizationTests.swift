import Foundation
import Testing

@testable import EstateModel

/// The document normaliser's output (problems in order, and the decoded document) for documents full of mistakes,
/// pinned by a golden file captured before the normaliser was compiled into typed nodes.
@Suite struct DocumentNormalizationTests {
  /// What decoding one document gives.
  struct Outcome: Encodable, Equatable {
    var document: EstateDocument?
    var problems: [Problem]
  }

  /// Decodes `text` the way the loader does, as the document `estate.json`.
  static func decode(_ text: String) -> Outcome {
    let files = RootedFileReader(root: URL(fileURLWithPath: NSTemporaryDirectory()), limits: .default)
    var assembler = EstateAssembler(files: files, documentFile: "estate.json", baseDirectory: "")
    let document = assembler.decodeDocument(Data(text.utf8))
    return Outcome(document: document, problems: assembler.problems)
  }

  @Test func goldenOutcomesMatchByteForByte() throws {
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden/document-normalization.json")
    var outcomes: [String: Outcome] = [:]
    for (name, text) in DocumentNormalizationCases.all {
      outcomes[name] = Self.decode(text)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
    var actual = try encoder.encode(outcomes)
    actual.append(UInt8(ascii: "\n"))
    if ProcessInfo.processInfo.environment["CSMIGRATE_UPDATE_GOLDEN"] == "1" {
      try actual.write(to: golden)
    }
    let expected = try Data(contentsOf: golden)
    #expect(
      String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
      "regenerate with CSMIGRATE_UPDATE_GOLDEN=1 only if the change is intended")
  }

  @Test func everyCaseWithMistakesReportsProblems() {
    for (name, text) in DocumentNormalizationCases.all where !["empty", "numbers"].contains(name) {
      #expect(!Self.decode(text).problems.isEmpty, "\(name)")
    }
  }

  @Test func defaultsFillAnEmptyDocument() throws {
    let outcome = Self.decode("{}")
    let document = try #require(outcome.document)
    #expect(outcome.problems.isEmpty)
    #expect(document.version == 1)
    #expect(document.services.isEmpty && document.asmExports.isEmpty && document.rbacAssignments.isEmpty)
  }

  @Test func aDroppedOptionalValueGetsItsDefault() throws {
    let text =
      #"{"services": [{"name": "s", "deployments": {"production": {"extensions": [{"name": "e", "#
      + #""enabled": "yes"}]}}}]}"#
    let outcome = Self.decode(text)
    let document = try #require(outcome.document)
    #expect(document.services.first?.deployments.production?.extensions.first?.enabled == true)
    #expect(outcome.problems.map(\.code) == ["document.wrong-type"])
    #expect(outcome.problems.first?.path == "services[0].deployments.production.extensions[0].enabled")
    #expect(
      outcome.problems.first?.message
        == "services[0].deployments.production.extensions[0].enabled must be a boolean, found a string")
  }

  @Test func aFileReferenceWithAnExtraKeyIsAcceptedWithAWarning() throws {
    let text = #"{"netcfg": {"path": "n.netcfg", "inline": "<x/>"}}"#
    let outcome = Self.decode(text)
    #expect(try #require(outcome.document).netcfg == .path("n.netcfg"))
    #expect(outcome.problems.map(\.code) == ["document.unknown-key"])
    #expect(outcome.problems.map(\.path) == ["netcfg.inline"])
  }

  @Test func aNumberThatDoesNotFitFailsTheWholeDocument() {
    let outcome = Self.decode(#"{"version": 1e300}"#)
    #expect(outcome.document == nil)
    #expect(outcome.problems.map(\.code) == ["document.invalid"])
  }
}
