import EstateModel
import Foundation
import PluginAPI
import Testing
import WorkerProtocol

@testable import MigrationEngine
@testable import Validation

/// The findings-only ARM plan validation uses gives the same CS-ARM messages as the full plan the templates use.
struct ARMFindingsPathTests {
  /// A planner with the full plan only: its findings come from the protocol's default, `plan(...).findings`.
  struct FullPlanOnly: ARMPlanning {
    let planner: ARMPlanner

    func plan(for estate: ResolvedEstate, target: MigrationTarget, options: ARMPlanOptions) throws(PluginError)
      -> ARMPlan
    {
      try planner.plan(for: estate, target: target, options: options)
    }

    func template(for estate: ResolvedEstate, target: MigrationTarget, options: ARMPlanOptions)
      throws(PluginError) -> ARMTemplateBundle
    {
      try planner.template(for: estate, target: target, options: options)
    }
  }

  /// Codes only the rewrite of the files adds.
  static let rewriteCodes: Set<String> = ["arm.cscfg-unavailable", "arm.csdef-unavailable"]

  /// Both paths on one estate: the raw findings agree but for the rewrite's, and the messages agree exactly.
  static func checkBothPaths(
    _ resolved: ResolvedEstate, target: MigrationTarget, planner: ARMPlanner, revision: RulesRevision
  ) throws {
    var options = ARMPlanOptions()
    options.revision = revision
    let full = try planner.plan(for: resolved, target: target, options: options).findings
    let fast = try planner.findings(for: resolved, target: target, options: options)
    #expect(!fast.isEmpty)
    #expect(fast == full.filter { !rewriteCodes.contains($0.code) })
    let fullMessages = ARMMappingFindings.messages(
      planner: FullPlanOnly(planner: planner), estate: resolved, target: target, revision: revision)
    let fastMessages = ARMMappingFindings.messages(
      planner: planner, estate: resolved, target: target, revision: revision)
    #expect(fastMessages == fullMessages)
  }

  @Test(arguments: RulesRevision.allCases)
  func sampleEstateGivesTheSameFindings(revision: RulesRevision) throws {
    let store = EstateStore(root: Paths.packageRoot)
    let resolved = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate")
    try Self.checkBothPaths(
      resolved, target: .virtualNetwork("contoso-vnet"), planner: ARMPlanner(store: store), revision: revision)
  }

  /// Every real csdef/cscfg pair of the corpus, under both revisions.
  @Test func corpusPairsGiveTheSameFindings() throws {
    let planner = ARMPlanner(files: RootedFileReader(root: CorpusValidationTests.corpusRoot))
    let pairs = CorpusValidationTests.pairs()
    #expect(pairs.count >= 50)
    for pair in pairs {
      let resolved = ResolvedEstate(handle: "corpus", load: CorpusValidationTests.load(pair))
      for revision in RulesRevision.allCases {
        try Self.checkBothPaths(
          resolved, target: CorpusValidationTests.target, planner: planner, revision: revision)
      }
    }
  }

  /// A secret setting whose Key Vault secret name passes its limit is fitted, with its finding, on both paths
  /// (the findings-only plan works the name out from the model, not from the rewritten file).
  @Test func longSecretNamesAreFittedOnBothPaths() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("findings-path-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let role = "Worker" + String(repeating: "Role", count: 31)
    let namespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/"
    try Data(
      """
      <ServiceDefinition name="svc" xmlns="\(namespace)ServiceDefinition">
        <WorkerRole name="\(role)" vmsize="Standard_D1_v2"><ConfigurationSettings>
          <Setting name="StoragePassword" /></ConfigurationSettings></WorkerRole>
      </ServiceDefinition>
      """.utf8
    ).write(to: root.appendingPathComponent("svc.csdef"))
    try Data(
      """
      <ServiceConfiguration serviceName="svc" xmlns="\(namespace)ServiceConfiguration">
        <Role name="\(role)"><Instances count="2" /><ConfigurationSettings>
          <Setting name="StoragePassword" value="not-a-real-one" /></ConfigurationSettings></Role>
      </ServiceConfiguration>
      """.utf8
    ).write(to: root.appendingPathComponent("svc.cscfg"))
    let document = """
      {"services": [{"name": "svc", "region": "West Europe", "deployments": {"production": {
        "name": "svc-prod", "csdef": "svc.csdef", "cscfg": "svc.cscfg"}}}]}
      """
    let load = EstateLoader(root: root).load(documentText: document, baseDirectory: nil)
    #expect(load.problems.filter { $0.severity == .error }.isEmpty, "\(load.problems)")
    let resolved = ResolvedEstate(handle: "secret", load: load)
    let target = MigrationTarget.deployment(service: "svc", slot: nil, deployment: nil)
    let planner = ARMPlanner(files: RootedFileReader(root: root))
    let fast = try planner.findings(for: resolved, target: target, options: ARMPlanOptions())
    #expect(fast.contains { $0.code == "arm.name-fitted" && $0.message.contains("StoragePassword") }, "\(fast)")
    try Self.checkBothPaths(resolved, target: target, planner: planner, revision: .current2024)
  }

  /// The findings-only plan reads no file; the full plan reads both of each deployment.
  @Test func findingsOnlyPlanReadsNoFile() throws {
    let reads = LockedValue<[String]>([])
    let mapper = ARMMapper { file in
      reads.withLock { $0.append(file) }
      return nil
    }
    let store = EstateStore(root: Paths.packageRoot)
    let estate = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate").load.estate
    _ = try mapper.plan(
      estate: estate, target: .virtualNetwork("contoso-vnet"), options: ARMPlanOptions(), purpose: .findings)
    #expect(reads.withLock { $0 }.isEmpty)
    _ = try mapper.plan(estate: estate, target: .virtualNetwork("contoso-vnet"), options: ARMPlanOptions())
    #expect(reads.withLock { $0 }.count >= 2)
  }

  /// Text embedded in a document (inline artifacts, an ASM export's configuration) is not opened as a file.
  @Test(arguments: [
    ("estate.json#services[0].deployments.production.cscfg", true),
    ("<inline>#services[3].deployments.staging.csdef", true),
    ("exports/hosted.xml#Configuration", true),
    ("svc/ServiceConfiguration.Cloud.cscfg", false),
    ("odd#dir/ServiceDefinition.csdef", false),
    ("odd#name.cscfg", false),
  ])
  func embeddedLocationsAreNotFiles(file: String, embedded: Bool) {
    #expect(ARMPlanner.isEmbedded(file) == embedded)
  }
}
