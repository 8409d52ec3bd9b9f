import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// The Visual Studio-style example project.
let exampleProject = "examples/MyCloudService"

/// A command run with its own working directory and environment, stdout and stderr apart.
struct ToolRun {
  let status: Int32
  let stdout: String
  let stderr: String

  /// Runs `arguments` through `/usr/bin/env` in `directory`, waiting for the exit without polling.
  static func run(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:]) async throws
    -> ToolRun
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let (out, err) = (Pipe(), Pipe())
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let exits = AsyncStream<Int32> { continuation in
      process.terminationHandler = {
        continuation.yield($0.terminationStatus)
        continuation.finish()
      }
    }
    try process.run()
    // Both pipes drain while the process runs, so a large output never blocks it.
    async let stdout = readToEnd(out)
    async let stderr = readToEnd(err)
    var status: Int32 = -1
    for await code in exits { status = code }
    return ToolRun(
      status: status, stdout: String(decoding: await stdout, as: UTF8.self),
      stderr: String(decoding: await stderr, as: UTF8.self))
  }

  /// Reads a pipe to its end on a thread of its own, so that no thread of the shared pool blocks on it.
  static func readToEnd(_ pipe: Pipe) async -> Data {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread { continuation.resume(returning: pipe.fileHandleForReading.readDataToEndOfFile()) }
    }
  }

  /// Runs the built `csmigrate` in `directory`.
  static func csmigrate(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws
    -> ToolRun
  {
    try await run([WorkerProcess.executableURL.path] + arguments, in: directory, environment: environment)
  }
}

/// A temporary folder holding a copy of the example project, as a user's checkout would.
func projectCheckout() throws -> URL {
  let directory = try temporaryDirectory("csmigrate-project").resolvingSymlinksInPath()
  try FileManager.default.copyItem(
    at: packageRoot.appendingPathComponent(exampleProject), to: directory.appendingPathComponent("MyCloudService"))
  return directory
}

/// Every file and folder under `directory`, relative to it.
func listing(_ directory: URL) -> Set<String> {
  Set(FileManager.default.enumerator(atPath: directory.path)?.allObjects.compactMap { $0 as? String } ?? [])
}

/// `csmigrate init` and the verbs that take a project folder instead of a document.
@Suite(.serialized) struct InitAndDiscoveryCommandTests {
  @Test func initWritesADocumentThatValidatesAgainstTheSchemaAndLoads() async throws {
    let checkout = try projectCheckout()
    defer { try? FileManager.default.removeItem(at: checkout) }
    let run = try await ToolRun.csmigrate(["init", "MyCloudService"], in: checkout)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("wrote estate.json: 1 cloud service"))
    #expect(run.stdout.contains("uses ServiceConfiguration.Cloud.cscfg because the .Cloud configuration"))
    #expect(run.stdout.contains("ServiceConfiguration.Local.cscfg (--configuration Local)"))
    #expect(run.stdout.contains("services[0].deployments.production.status = \"Running\""))
    #expect(run.stdout.contains("check: Get-AzureDeployment -ServiceName MyCloudService"))
    #expect(run.stdout.contains("csmigrate validate estate.json"))

    let written = try Data(contentsOf: checkout.appendingPathComponent("estate.json"))
    let document = try JSONParser.parse(Array(written))
    let production = document["services"]?.arrayValue?.first?["deployments"]?["production"]
    #expect(production?["cscfg"] == "MyCloudService/MyCloudService/ServiceConfiguration.Cloud.cscfg")
    #expect((document["assumptions"]?.arrayValue?.count ?? 0) >= 5)

    let schema = packageRoot.appendingPathComponent("examples/estate.schema.json").path
    let validator = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1])); document = json.load(open(sys.argv[2]))
      jsonschema.Draft202012Validator(schema).validate(document); print("valid")
      """
    let schemaRun = try await ToolRun.run(["python3", "-c", validator, schema, "estate.json"], in: checkout)
    #expect(schemaRun.stdout == "valid\n", "\(schemaRun.stderr)")

    let check = try await ToolRun.csmigrate(["check", "estate.json"], in: checkout)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stderr.contains("0 errors"))
    let validate = try await ToolRun.csmigrate(["validate", "estate.json", "--state", ":memory:"], in: checkout)
    #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
    #expect(validate.stdout.contains("Validation of MyCloudService/Production"))

    let again = try await ToolRun.csmigrate(["init", "MyCloudService"], in: checkout)
    #expect(again.status == 2)
    #expect(again.stderr.contains("pass --force"))
    let local = try await ToolRun.csmigrate(
      ["init", "MyCloudService", "--configuration", "Local", "-o", "-"], in: checkout)
    #expect(local.status == 0)
    #expect(local.stdout.contains("ServiceConfiguration.Local.cscfg"))
  }

  @Test func initOnAFolderWithNothingUsableSaysWhatItNeeds() async throws {
    let directory = try temporaryDirectory("csmigrate-empty")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("# notes\n".utf8).write(to: directory.appendingPathComponent("README.md"))
    let run = try await ToolRun.csmigrate(["init"], in: directory)
    #expect(run.status == 1)
    #expect(run.stderr.contains("holds no .csdef, .cscfg, .netcfg or ASM export"))
    #expect(run.stderr.contains("discover.nothing-found"))
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("estate.json").path))
  }

  @Test(arguments: [exampleProject, exampleProject + "/MyCloudService/ServiceDefinition.csdef"])
  func validateTakesAProjectFolderOrItsFiles(estate: String) async throws {
    let run = try await CLIRun.run(["validate", estate, "--root", packageRoot.path, "--state", ":memory:"])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("Validation of MyCloudService/Production"))
    #expect(run.stderr.contains("discovered \(estate): 1 cloud service"))
    #expect(run.stderr.contains("assumed (no file says"))
  }

  @Test func aCscfgPathPicksThatConfiguration() async throws {
    let estate = exampleProject + "/MyCloudService/ServiceConfiguration.Local.cscfg"
    let run = try await CLIRun.run(["plan", estate, "--root", packageRoot.path, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stderr.contains("uses ServiceConfiguration.Local.cscfg because it is the configuration asked for (Local)"))
  }

  @Test(arguments: ["README.md", "examples/sample-estate/network.netcfg", "no/such/file.cscfg"])
  func anythingElseSaysWhatCsmigrateExpects(estate: String) async throws {
    let run = try await CLIRun.run(["validate", estate, "--root", packageRoot.path])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("csmigrate takes an estate document"))
    #expect(run.stderr.contains("csmigrate init <project folder>"))
  }
}

/// The command line behaves like the tools people know.
@Suite(.serialized) struct ToolConventionTests {
  @Test func checkPrintsProblemsCompilerStyleAndExitsOneOnErrors() async throws {
    let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    let folder = "cloud-services/006-daprlabs--OrleansSimpleMessage"
    let run = try await CLIRun.run(["check", folder, "--root", corpus])
    #expect(run.status == 1)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(!lines.isEmpty)
    let shape = /^[^:]+:\d+:\d+: (error|warning|info): .+ \[[a-z0-9.-]+\]$/
    for line in lines { #expect(line.wholeMatch(of: shape) != nil, "not compiler-style: \(line)") }
    #expect(lines.contains { $0.hasPrefix("\(folder)/ServiceDefinition.csdef:") && $0.contains(": error: ") })
    #expect(run.stderr.contains("errors,"))

    let clean = try await CLIRun.run(["check", soloEstate, "--root", packageRoot.path])
    #expect(clean.status == 0)
    #expect(clean.stdout.isEmpty)
    #expect(clean.stderr.contains("0 errors, 0 warnings"))
  }

  @Test(arguments: [("valdate", "validate"), ("stauts", "status"), ("chek", "check"), ("int", "init")])
  func aMistypedSubcommandSuggestsTheNearest(typed: String, meant: String) async throws {
    let run = try await CLIRun.run([typed, "x"])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("'\(typed)' is not a csmigrate command. Did you mean '\(meant)'?"))
  }

  @Test func aPathOutsideTheWorkingDirectorySaysToPassRoot() async throws {
    let checkout = try projectCheckout()
    defer { try? FileManager.default.removeItem(at: checkout) }
    let inside = checkout.appendingPathComponent("MyCloudService")
    let run = try await ToolRun.csmigrate(["validate", ".."], in: inside)
    #expect(run.status == 2)
    #expect(run.stderr.contains("is outside the working directory"))
    #expect(run.stderr.contains("Pass --root with a folder that holds it, for example: --root \(checkout.path)"))
    let absolute = try await ToolRun.csmigrate(
      ["check", packageRoot.appendingPathComponent(soloEstate).path], in: inside)
    #expect(absolute.status == 2)
    #expect(absolute.stderr.contains("Pass --root"))
  }

  @Test func readOnlyVerbsCreateNothing() async throws {
    let checkout = try projectCheckout()
    defer { try? FileManager.default.removeItem(at: checkout) }
    let before = listing(checkout)
    for arguments in [
      ["status"], ["status", "--format", "json"], ["validate", "MyCloudService"], ["plan", "MyCloudService"],
      ["check", "MyCloudService"], ["validate", "MyCloudService", "--state", "ledger"],
    ] {
      let run = try await ToolRun.csmigrate(arguments, in: checkout)
      #expect(run.status == 0, "\(arguments): \(run.stderr)")
      #expect(listing(checkout) == before, "\(arguments) wrote \(listing(checkout).subtracting(before).sorted())")
    }
  }

  @Test func helpPointsAtPagesTheBinaryCarries() async throws {
    let help = try await CLIRun.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("csmigrate help protocol"))
    #expect(help.stdout.contains("csmigrate init MyCloudService/"))
    #expect(!help.stdout.contains("protocol.md"))
    let page = try await CLIRun.run(["help", "protocol"])
    #expect(page.status == 0)
    for method in ["estate/discover", "estate/load", "validation/run", "migration/prepare"] {
      #expect(page.stdout.contains("  \(method)  ["), "missing \(method)")
    }
    let estate = try await CLIRun.run(["help", "estate"])
    #expect(estate.status == 0)
    #expect(estate.stdout.contains("csmigrate init MyCloudService/"))
    let unknown = try await CLIRun.run(["help", "nosuch"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("help topics: estate, protocol"))
    let subcommand = try await CLIRun.run(["help", "validate"])
    #expect(subcommand.status == 0)
    #expect(subcommand.stdout.contains("USAGE: csmigrate validate"))
  }

  /// Colour on a terminal (a pseudo-terminal from `script`) unless NO_COLOR is non-empty or TERM is dumb.
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
  func colourFollowsNoColorAndTerm() async throws {
    let command =
      "\(ShellQuoting.quote(WorkerProcess.executableURL.path)) validate \(sampleEstate) "
      + "--root \(ShellQuoting.quote(packageRoot.path)) --state :memory:"
    func coloured(_ environment: [String: String]) async throws -> Bool {
      let run = try await ToolRun.run(
        ["script", "-qec", command, "/dev/null"], in: packageRoot, environment: environment)
      #expect(run.stdout.contains("Validation of"), "\(run.stdout)")
      // Colour is an SGR sequence (ESC [ ... m); the progress line's erase sequences are not colour.
      return run.stdout.contains(/\x{1B}\[[0-9;]*m/)
    }
    #expect(try await coloured(["TERM": "xterm", "NO_COLOR": ""]), "an empty NO_COLOR does not turn colour off")
    #expect(try await !coloured(["TERM": "xterm", "NO_COLOR": "1"]))
    #expect(try await !coloured(["TERM": "dumb", "NO_COLOR": ""]))
  }

  @Test func installPutsTheBinaryAndCompletionsUnderThePrefix() async throws {
    let prefix = try temporaryDirectory("csmigrate-prefix")
    defer { try? FileManager.default.removeItem(at: prefix) }
    let run = try await ToolRun.run(
      ["scripts/install", "--binary", WorkerProcess.executableURL.path], in: packageRoot,
      environment: ["PREFIX": prefix.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("installed \(prefix.path)/bin/csmigrate"))
    for file in [
      "bin/csmigrate", "share/bash-completion/completions/csmigrate", "share/zsh/site-functions/_csmigrate",
      "share/fish/vendor_completions.d/csmigrate.fish",
    ] {
      let size = (try? FileManager.default.attributesOfItem(atPath: prefix.appendingPathComponent(file).path)[.size])
      #expect((size as? NSNumber)?.intValue ?? 0 > 0, "missing \(file)")
    }
    let bash = try String(
      contentsOf: prefix.appendingPathComponent("share/bash-completion/completions/csmigrate"), encoding: .utf8)
    #expect(bash.contains("init") && bash.contains("check"))
    let fromPath = try await ToolRun.run(
      ["csmigrate", "--version"], in: prefix, environment: ["PATH": prefix.path + "/bin:/usr/bin:/bin"])
    #expect(fromPath.status == 0)
  }
}

/// Quoting for the one shell command line the colour test hands to `script`.
enum ShellQuoting {
  static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
