import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing

/// Every real csdef/cscfg pair of the corpus validates under both revisions without a crash.
struct CorpusValidationTests {
  static func pairs() -> [(folder: String, csdef: String, cscfg: String)] {
    let root = Paths.shared.appendingPathComponent("corpus/cloud-services")
    let folders = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return folders.sorted().flatMap { folder -> [(String, String, String)] in
      let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
      guard let csdef = files.sorted().first(where: { $0.hasSuffix(".csdef") }) else { return [] }
      return files.sorted().filter { $0.hasSuffix(".cscfg") }.map { ("cloud-services/" + folder, csdef, $0) }
    }
  }

  /// The root the corpus pairs' paths are relative to.
  static let corpusRoot = Paths.shared.appendingPathComponent("corpus")
  /// The one deployment of a pair's estate.
  static let target = MigrationTarget.deployment(service: "corpus", slot: "Production", deployment: nil)

  /// One pair as an estate of one service whose production deployment is the pair.
  static func load(_ pair: (folder: String, csdef: String, cscfg: String)) -> EstateLoadResult {
    let document = """
      {"services": [{"name": "corpus", "region": "West Europe", "deployments": {"production": {
        "name": "corpus-prod", "csdef": "\(pair.csdef)", "cscfg": "\(pair.cscfg)"}}}]}
      """
    return EstateLoader(root: corpusRoot).load(documentText: document, baseDirectory: pair.folder)
  }

  static func report(_ pair: (folder: String, csdef: String, cscfg: String), _ revision: RulesRevision) throws
    -> ValidationReport
  {
    try Catalogue.engine.run(ValidationRequest(load: load(pair), target: target, revision: revision))
  }

  @Test func wholeCorpusValidates() throws {
    let pairs = Self.pairs()
    #expect(pairs.count >= 50)
    for pair in pairs {
      for revision in RulesRevision.allCases {
        let report = try Self.report(pair, revision)
        #expect(!report.validationMessages.isEmpty, "\(pair.folder)")
      }
    }
  }

  /// A real role with vmsize="Small" gets the legacy-size finding under both revisions, naming Standard_A1_v2.
  @Test(arguments: RulesRevision.allCases)
  func smallRoleIsFlagged(revision: RulesRevision) throws {
    let pair = try #require(Self.pairs().first { $0.folder.hasSuffix("025-avranju--Piczy") })
    let text = try String(
      contentsOf: Paths.shared.appendingPathComponent("corpus/\(pair.folder)/\(pair.csdef)"), encoding: .utf8)
    #expect(text.contains("vmsize=\"Small\""))
    let report = try Self.report(pair, revision)
    let legacy = report.validationMessages.filter { $0.ruleId.hasPrefix("CS-UNSUP-LEGACY-SIZE") }
    #expect(!legacy.isEmpty)
    #expect(legacy.allSatisfy { $0.message.contains("Standard_A1_v2") || $0.message.contains("Standard_") })
    #expect(legacy.contains { $0.message.contains("Small") && $0.message.contains("Standard_A1_v2") })
    #expect(legacy.allSatisfy { $0.location?.file.hasSuffix(".csdef") == true && ($0.location?.line ?? 0) > 0 })
    #expect(legacy.allSatisfy { $0.category == (revision == .current2024 ? .error : .warning) })
  }

  /// A real pair whose service names differ between .csdef and .cscfg gets the platform's mismatch error.
  @Test func corpusNameMismatchShows() throws {
    var found = false
    for pair in Self.pairs() {
      let report = try Self.report(pair, .preview2021)
      if report.validationMessages.contains(where: { $0.ruleId == "CS-ERR-SERVICE-NAME-MISMATCH" }) { found = true }
    }
    #expect(found)
  }
}
