import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// What one command-line run left behind.
struct CLIRun {
  let status: Int32?
  let stdout: String
  let stderr: String

  /// Runs `csmigrate` with `arguments` (stdin a pipe, closed at once) and waits for it without blocking a thread.
  static func run(_ arguments: [String], stdin: FileHandle? = nil) async throws -> CLIRun {
    let process = try WorkerProcess(arguments: arguments, stdin: stdin)
    process.closeInput()
    let status = await process.waitForExit(timeout: 120)
    return CLIRun(status: status, stdout: process.allLines.joined(separator: "\n"), stderr: process.standardError)
  }

  /// stdout parsed as one JSON value.
  var json: JSONValue? { try? JSONParser.parse(stdout) }
}

/// The sample estate, relative to the package root.
let sampleEstate = "examples/sample-estate/estate.json"
/// A one-deployment estate with nothing that blocks migration.
let soloEstate = "examples/solo-estate/estate.json"

/// A fresh temporary directory.
func temporaryDirectory(_ prefix: String) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// `csmigrate validate`: readable, JSON and SARIF reports with exit codes for scripts.
struct ValidateCommandTests {
  let root = ["--root", packageRoot.path]

  @Test func textGroupsFindingsAndExitsOneOnErrors() async throws {
    let run = try await CLIRun.run(["validate", sampleEstate] + root)
    #expect(run.status == 1)
    #expect(run.stderr.contains("target: virtual network contoso-vnet"), "the only deployment is in contoso-vnet")
    #expect(run.stdout.contains("Validation of virtual network contoso-vnet (rules 2021-02)"))
    #expect(run.stdout.contains("Errors (1)\n  CS-UNSUP-VPN-GATEWAY  Gateway contoso-vnet"))
    #expect(run.stdout.contains("    fix: Remove the VPN Gateway before beginning migration"))
    #expect(run.stdout.contains("    at examples/sample-estate/network.netcfg:38:17"))
    #expect(run.stdout.contains("Warnings ("))
    #expect(run.stdout.hasSuffix("information"))
    #expect(!run.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
  }

  @Test func cleanEstateExitsZero() async throws {
    let run = try await CLIRun.run(["validate", soloEstate, "--target", "contoso-jobs/production"] + root)
    #expect(run.status == 0)
    #expect(run.stdout.contains("Validation of contoso-jobs/Production"))
    #expect(run.stdout.contains("0 errors"))
    #expect(!run.stdout.contains("Errors ("))
  }

  @Test func jsonIsTheMethodResult() async throws {
    let run = try await CLIRun.run(["validate", sampleEstate, "--vnet", "contoso-vnet", "--format", "json"] + root)
    #expect(run.status == 1)
    #expect(!run.stdout.contains("\n"), "compact when stdout is not a terminal")
    let result = try #require(run.json)
    #expect(result["rulesRevision"] == "2021-02")
    let errors = (result["validationMessages"]?.arrayValue ?? []).filter { $0["category"] == "Error" }
    #expect(errors.compactMap { $0["ruleId"]?.stringValue } == ["CS-UNSUP-VPN-GATEWAY"])

    let current = try await CLIRun.run(
      ["validate", sampleEstate, "--vnet", "contoso-vnet", "--format", "json", "--revision", "2024-07"] + root)
    #expect(current.json?["rulesRevision"] == "2024-07")
  }

  @Test func sarifLog() async throws {
    let run = try await CLIRun.run(["validate", sampleEstate, "--format", "sarif"] + root)
    #expect(run.status == 1)
    let log = try #require(run.json)
    #expect(log["version"] == "2.1.0")
    let results = log["runs"]?.arrayValue?.first?["results"]?.arrayValue ?? []
    let errors = results.filter { $0["level"] == "error" }
    #expect(errors.compactMap { $0["ruleId"]?.stringValue } == ["CS-UNSUP-VPN-GATEWAY"])
  }

  @Test func jsonRPCErrorExitsOneWithTheErrorOnStderr() async throws {
    let run = try await CLIRun.run(["validate", sampleEstate, "--target", "nosuch"] + root)
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains(#""code":1002"#))
    #expect(run.stderr.contains(#""field":"target.service""#))
  }

  @Test func ambiguousTargetIsAUsageError() async throws {
    let directory = try temporaryDirectory("csmigrate-cli-estate")
    defer { try? FileManager.default.removeItem(at: directory) }
    let estate =
      #"{"version":1,"subscription":{"id":"s"},"services":["#
      + #"{"name":"a","region":"West Europe","deployments":{"production":{"name":"a-prod"}}},"#
      + #"{"name":"b","region":"West Europe","deployments":{"production":{"name":"b-prod"}}}]}"#
    try Data(estate.utf8).write(to: directory.appendingPathComponent("two.json"))
    let run = try await CLIRun.run(["validate", "two.json", "--root", directory.path])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("--target a/Production") && run.stderr.contains("--target b/Production"))
  }
}

/// Usage errors exit with 2 and print nothing on stdout, for every subcommand family.
struct SubcommandUsageTests {
  @Test(arguments: [
    ["validate"], ["validate", sampleEstate, "--revision", "1999"], ["validate", sampleEstate, "--format", "xml"],
    ["validate", sampleEstate, "--target", "a", "--vnet", "b"], ["validate", sampleEstate, "--target", "a/"],
    ["plan"], ["plan", sampleEstate, "--format", "sarif"], ["template", sampleEstate],
    ["status", "--format", "sarif"], ["prepare", "--format", "sarif"], ["abort", "--no-such-flag"],
    ["commit", "--yes", "--format", "sarif"],
  ])
  func exitTwo(arguments: [String]) async throws {
    let run = try await CLIRun.run(arguments + ["--root", packageRoot.path, "--state", ":memory:"])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(!run.stderr.isEmpty)
  }
}

/// `csmigrate plan` and `csmigrate template`.
struct PlanAndTemplateCommandTests {
  let root = ["--root", packageRoot.path]

  @Test func planShowsResourcesWithTheirSources() async throws {
    let run = try await CLIRun.run(["plan", sampleEstate, "--target", "contoso-shop"] + root)
    #expect(run.status == 0)
    #expect(run.stdout.contains("resource group contoso-shop-migrated (westeurope) ← cloudService contoso-shop"))
    #expect(run.stdout.contains("  Microsoft.Compute/cloudServices contoso-shop\n"))
    #expect(
      run.stdout.contains(
        "← deployment contoso-shop-prod of contoso-shop (examples/sample-estate/ServiceConfiguration.Cloud.cscfg:2:185)"
      ))
    #expect(run.stdout.contains("← virtualNetwork contoso-vnet (examples/sample-estate/network.netcfg:19:69)"))
    let json = try await CLIRun.run(["plan", sampleEstate, "--vnet", "contoso-vnet", "--format", "json"] + root)
    #expect(json.status == 0)
    let types = (json.json?["resources"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue }
    #expect(types.contains("Microsoft.Network/virtualNetworks"))
  }

  @Test func planErrorExitsOne() async throws {
    let run = try await CLIRun.run(["plan", "examples/no-such-estate.json", "--target", "x"] + root)
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains(#""code":1000"#))
  }

  @Test func templateWritesTemplateParametersAndArtifacts() async throws {
    let output = try temporaryDirectory("csmigrate-cli-template")
    defer { try? FileManager.default.removeItem(at: output) }
    let run = try await CLIRun.run(["template", sampleEstate, "--target", "contoso-shop", "-o", output.path] + root)
    #expect(run.status == 0, "\(run.stderr)")
    func text(_ path: String) throws -> String {
      try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }
    let template = try JSONParser.parse(try text("template.json"))
    #expect(template["$schema"]?.stringValue?.contains("subscriptionDeploymentTemplate") == true)
    let parameters = try JSONParser.parse(try text("parameters.json"))
    #expect(parameters["$schema"]?.stringValue?.contains("deploymentParameters") == true)
    let cscfg = try text("contoso-shop/ServiceConfiguration.Cloud.cscfg")
    #expect(cscfg.contains("<ServiceConfiguration"))
    #expect(cscfg.contains("__SECRET_"), "secret settings become placeholders")
    #expect(try text("contoso-shop/ServiceConfiguration.Cloud.cscfg.diff").hasPrefix("--- a/"))
    #expect(try text("contoso-shop/ServiceDefinition.csdef").contains("Standard_A1_v2"))
    #expect(try text("contoso-shop/ServiceDefinition.csdef.diff").hasPrefix("--- a/"))
    #expect(run.stdout.contains("wrote \(output.path)/template.json"))
    let everything = try FileManager.default.subpathsOfDirectory(atPath: output.path)
      .compactMap { try? String(contentsOf: output.appendingPathComponent($0), encoding: .utf8) }.joined()
    #expect(!everything.contains("do-not-leak-this"))
  }

  @Test func templateErrorWritesNothing() async throws {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-cli-none-\(UUID())")
    let run = try await CLIRun.run(["template", sampleEstate, "--vnet", "nosuch", "-o", output.path] + root)
    #expect(run.status == 1)
    #expect(run.stderr.contains(#""field":"target.virtualNetwork""#))
    #expect(!FileManager.default.fileExists(atPath: output.path))
  }
}
