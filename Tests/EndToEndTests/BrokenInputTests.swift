import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// An estate whose `contoso-jobs` deployment is broken one way, beside a clean `contoso-other` service.
struct BrokenEstate: Sendable, CustomStringConvertible {
  /// The problem code loading reports.
  let code: String
  /// The file the problem is in (relative to the estate root): the broken file, or the document whose reference
  /// leads nowhere.
  let file: String?
  /// The line reported, when the problem is inside the file.
  let line: Int?
  /// The `.cscfg` text of the broken deployment.
  var cscfg = BrokenEstate.cleanCscfg
  /// The `csdef` member of the broken deployment.
  var csdef = "\"ServiceDefinition.csdef\""

  var description: String { code }

  static let cleanCscfg = """
    <?xml version="1.0" encoding="utf-8"?>
    <ServiceConfiguration serviceName="contoso-jobs" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration" osFamily="7" osVersion="*">
      <Role name="JobRunner">
        <Instances count="2" />
      </Role>
    </ServiceConfiguration>

    """

  static let all: [BrokenEstate] = [
    BrokenEstate(
      code: "xml.malformed", file: "jobs.cscfg", line: 6,
      cscfg: cleanCscfg.replacingOccurrences(of: "</ServiceConfiguration>", with: "</ServiceConfig>")),
    BrokenEstate(
      code: "cscfg.instances-not-numeric", file: "jobs.cscfg", line: 4,
      cscfg: cleanCscfg.replacingOccurrences(of: "count=\"2\"", with: "count=\"two\"")),
    BrokenEstate(
      code: "xml.entity-declaration", file: "jobs.cscfg", line: 2,
      cscfg: cleanCscfg.replacingOccurrences(
        of: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
        with: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE x [<!ENTITY e \"e\">]>\n")),
    BrokenEstate(code: "input.file-not-found", file: "estate.json", line: nil, csdef: "\"missing.csdef\""),
    BrokenEstate(code: "input.path-outside-root", file: "estate.json", line: nil, csdef: "\"../outside.csdef\""),
  ]

  /// Writes the estate and runs `csmigrate` on it (`estate.json` under `--root`, with `arguments` after the verb's
  /// estate argument).
  func run(_ verb: String, _ arguments: [String]) async throws -> CLIRun {
    let root = try write()
    return try await CLIRun.run([verb, "estate.json"] + arguments + ["--root", root.path])
  }

  /// Writes the estate into a fresh directory (the root) and returns it.
  func write() throws -> URL {
    let root = try temporaryDirectory("broken-estate").appendingPathComponent("root")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let definition = """
      <?xml version="1.0" encoding="utf-8"?>
      <ServiceDefinition name="contoso-jobs" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition">
        <WorkerRole name="JobRunner" vmsize="Standard_A1_v2" />
      </ServiceDefinition>

      """
    try Data(definition.utf8).write(to: root.appendingPathComponent("ServiceDefinition.csdef"))
    try Data(definition.utf8).write(to: root.deletingLastPathComponent().appendingPathComponent("outside.csdef"))
    try Data(cscfg.utf8).write(to: root.appendingPathComponent("jobs.cscfg"))
    try Data(Self.cleanCscfg.utf8).write(to: root.appendingPathComponent("other.cscfg"))
    let document = """
      {"version": 1, "subscription": {"id": "s", "defaultRegion": "West Europe"},
       "services": [
        {"name": "contoso-jobs", "region": "West Europe", "deployments": {"production": {
          "name": "jobs", "status": "Running", "csdef": \(csdef), "cscfg": "jobs.cscfg"}}},
        {"name": "contoso-other", "region": "West Europe", "deployments": {"production": {
          "name": "other", "status": "Running", "csdef": "ServiceDefinition.csdef", "cscfg": "other.cscfg"}}}
       ]}
      """
    try Data(document.utf8).write(to: root.appendingPathComponent("estate.json"))
    return root
  }
}

/// Broken input never yields a verdict or an artifact: through `validation/run`, `csmigrate validate` and
/// `csmigrate template`, for each kind of problem; and problems of another service do not block a target.
@Suite(.serialized)
struct BrokenInputTests {
  static let jobs = #"{"service":"contoso-jobs"}"#
  static let other = #"{"service":"contoso-other"}"#

  @Test(arguments: BrokenEstate.all)
  func validationRunFailsWithTheProblemAsAnError(broken: BrokenEstate) async throws {
    let root = try broken.write()
    let worker = try WorkerProcess(arguments: ["serve", "--root", root.path])
    let estate = #"{"path":"estate.json"}"#
    worker.send(
      #"{"jsonrpc":"2.0","id":1,"method":"validation/run","params":{"estate":\#(estate),"target":\#(Self.jobs)}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":2,"method":"validation/run","params":{"estate":\#(estate),"target":\#(Self.other)}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":3,"method":"arm/template","params":{"estate":\#(estate),"target":\#(Self.jobs)}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":4,"method":"arm/template","params":{"estate":\#(estate),"target":\#(Self.other)}}"#)
    let replies = await worker.repliesByID(4)
    let report = try #require(replies[1]?["result"])
    #expect(report["result"]?.stringValue?.hasPrefix("Validation Failed") == true)
    let rows = report["validationMessages"]?.arrayValue ?? []
    let row = try #require(rows.first { $0["ruleId"]?.stringValue == "CS-INPUT-\(broken.code)" }, "\(rows)")
    #expect(row["category"] == "Error")
    #expect(row["phase"] == "validate")
    if let file = broken.file {
      #expect(row["location"]?["file"]?.stringValue == file)
      #expect((row["location"]?["column"]?.intValue ?? 0) >= 1)
    }
    if let line = broken.line { #expect(row["location"]?["line"]?.intValue == line) }
    #expect(
      replies[2]?["result"]?["validationMessages"]?.arrayValue?.contains {
        $0["ruleId"]?.stringValue?.hasPrefix("CS-INPUT-") == true
      } == false, "another service's problem does not concern contoso-other")

    let refusal = try #require(replies[3]?["error"])
    #expect(refusal["code"]?.intValue == 1000)
    #expect(refusal["data"]?["reason"] == "estate.errors")
    #expect(refusal["data"]?["problems"]?.arrayValue?.contains { $0["code"]?.stringValue == broken.code } == true)
    #expect(refusal["message"]?.stringValue?.contains("[\(broken.code)]") == true)
    #expect(replies[4]?["result"]?["template"] != nil, "the clean service still gets its template")
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test(arguments: BrokenEstate.all)
  func validateCommandPrintsTheProblemAndExitsOne(broken: BrokenEstate) async throws {
    let run = try await broken.run("validate", ["--target", "contoso-jobs"])
    #expect(run.status == 1)
    let line = run.stderr.split(separator: "\n").first { $0.hasSuffix("[\(broken.code)]") }
    let printed = try #require(line, "\(run.stderr)")
    if let file = broken.file {
      #expect(
        printed.hasPrefix(broken.line.map { "\(file):\($0):" } ?? "\(file) (services[0].deployments.production.csdef)"))
    }
    #expect(printed.contains(": error: "))
    #expect(run.stdout.contains("CS-INPUT-\(broken.code)"))
  }

  @Test(arguments: BrokenEstate.all)
  func templateCommandWritesNothingAndExitsOne(broken: BrokenEstate) async throws {
    let output = try temporaryDirectory("broken-template")
    let run = try await broken.run("template", ["--target", "contoso-jobs", "-o", output.path])
    #expect(run.status == 1)
    #expect(run.stderr.contains("[\(broken.code)]"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty, "nothing written")
  }
}

/// `validation/run` shows every check's finding in one call, each with its phase, and the ARM mapping's findings.
@Suite(.serialized)
struct EveryBlockerInOneCallTests {
  static let document = """
    {"version": 1, "subscription": {"id": "s", "defaultRegion": "West Europe"},
     "netcfg": "examples/sample-estate/network.netcfg",
     "services": [{"name": "contoso-shop", "region": "West Europe", "deployments": {"production": {
       "name": "shop", "status": "Running", "csdef": "examples/sample-estate/ServiceDefinition.csdef",
       "cscfg": "examples/sample-estate/ServiceConfiguration.Cloud.cscfg"}}}],
     "expressRouteCircuits": [{"name": "er", "linkedVirtualNetworks": ["contoso-vnet"]}]}
    """

  @Test func prepareChecksAndMappingFindingsJoinTheReport() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--root", packageRoot.path])
    let target = #""target":{"virtualNetwork":"contoso-vnet"},"rulesRevision":"2024-07""#
    let estate = #""estate":{"document":\#(Self.document.replacingOccurrences(of: "\n", with: " "))}"#
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"validation/run","params":{\#(estate),\#(target)}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":2,"method":"validation/run","params":{\#(estate),\#(target),"phase":"validate"}}"#)
    let replies = await worker.repliesByID(2)
    let all = try #require(replies[1]?["result"]?["validationMessages"]?.arrayValue, "\(replies)")
    let circuit = try #require(all.first { $0["ruleId"] == "CS-UNSUP-EXPRESSROUTE-CIRCUIT" })
    #expect(circuit["phase"] == "prepare")
    #expect(all.first { $0["ruleId"] == "CS-UNSUP-VPN-GATEWAY" }?["phase"] == "validate")
    let mapping = try #require(all.first { $0["ruleId"] == "CS-ARM-arm.size-mapped" }, "\(all.map { $0["ruleId"] })")
    #expect(mapping["category"] == "Warning")
    #expect(mapping["phase"] == "prepare")
    #expect(mapping["resourceType"] == "ARMResource")

    let validateOnly = try #require(replies[2]?["result"]?["validationMessages"]?.arrayValue)
    #expect(!validateOnly.isEmpty)
    #expect(validateOnly.allSatisfy { $0["phase"] == "validate" })
    #expect(!validateOnly.contains { $0["ruleId"] == "CS-UNSUP-EXPRESSROUTE-CIRCUIT" })
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }
}

/// An unreadable estate document concerns every target; the lifecycle verbs print the problems before importing.
@Suite(.serialized)
struct BrokenDocumentTests {
  @Test func aDocumentErrorIsReportedInsteadOfATargetNotFound() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--root", packageRoot.path])
    let estate = #"{"document":{"version":1,"services":[{"name":5}]}}"#
    worker.send(
      #"{"jsonrpc":"2.0","id":1,"method":"validation/run","params":{"estate":\#(estate),"target":{"service":"a"}}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":2,"method":"arm/plan","params":{"estate":\#(estate),"target":{"service":"a"}}}"#)
    let replies = await worker.repliesByID(2)
    let report = try #require(replies[1]?["result"], "\(replies)")
    #expect(report["result"]?.stringValue?.hasPrefix("Validation Failed") == true)
    let rows = report["validationMessages"]?.arrayValue ?? []
    #expect(!rows.isEmpty && rows.allSatisfy { $0["ruleId"]?.stringValue?.hasPrefix("CS-INPUT-") == true })
    #expect(replies[2]?["error"]?["data"]?["reason"] == "estate.errors")
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func prepareWithABrokenEstatePrintsItsProblemsAndImportsNothing() async throws {
    let broken = try #require(BrokenEstate.all.first { $0.code == "cscfg.instances-not-numeric" })
    let ledger = try temporaryDirectory("broken-ledger")
    let run = try await broken.run("prepare", ["--target", "contoso-other", "--state", ledger.path])
    #expect(run.status == 1)
    #expect(run.stderr.contains("jobs.cscfg:4:"))
    #expect(run.stderr.contains(": error: ") && run.stderr.contains("[cscfg.instances-not-numeric]"))
    #expect(!run.stdout.contains("Prepared"))
  }
}

extension WorkerProcess {
  /// The next `count` replies, by their integer id.
  func repliesByID(_ count: Int) async -> [Int: JSONValue] {
    Dictionary(
      uniqueKeysWithValues: await waitForMessages(count).compactMap { reply in reply["id"]?.intValue.map { ($0, reply) }
      })
  }
}
