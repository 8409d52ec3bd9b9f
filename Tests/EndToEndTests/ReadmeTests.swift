import Foundation
import Testing
import WorkerTestSupport

/// The README's "Every caller" examples, run as a reader would run them: from the package root with the built
/// `csmigrate` on PATH.
struct ReadmeTests {
  /// A fenced block preceded by `<!-- tested: KIND -->`.
  struct Block: CustomTestStringConvertible {
    let kind: String
    let text: String
    var testDescription: String { "\(kind): \(text.prefix(60))" }
  }

  /// Every tested block of README.md, in order.
  static func blocks() -> [Block] {
    guard let readme = try? String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    else { return [] }
    var blocks: [Block] = []
    var pending: String?
    var body: [Substring]?
    for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
      if var lines = body {
        if line == "```" {
          blocks.append(Block(kind: pending ?? "", text: lines.joined(separator: "\n") + "\n"))
          body = nil
          pending = nil
        } else {
          lines.append(line)
          body = lines
        }
      } else if line.hasPrefix("<!-- tested: "), line.hasSuffix(" -->") {
        pending = String(line.dropFirst("<!-- tested: ".count).dropLast(" -->".count))
      } else if pending != nil, line.hasPrefix("```") {
        body = []
      }
    }
    return blocks
  }

  /// Runs a program from the package root with the binary's folder first on PATH.
  func run(_ arguments: [String], extraEnvironment: [String: String] = [:]) async throws
    -> (status: Int32, output: String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    var environment = ProcessInfo.processInfo.environment
    let binaries = WorkerProcess.executableURL.deletingLastPathComponent().path
    environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment.removeValue(forKey: "NO_COLOR")
    for (key, value) in extraEnvironment { environment[key] = value }
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let reader = Task { await output.fileHandleForReading.readToEndOffPool() }
    let status = try await process.runToExit()
    let data = await reader.value
    return (status, String(decoding: data, as: UTF8.self))
  }

  @Test func everyCallerHasTestedExamples() {
    let kinds = Self.blocks().map(\.kind)
    #expect(kinds.filter { $0 == "python" }.count >= 1)
    #expect(kinds.filter { $0 == "mcp-config" }.count == 1)
    #expect(kinds.filter { $0 == "shell" }.count >= 3)
    #expect(Set(kinds).isSubset(of: ["python", "shell", "mcp-config"]), "unknown kinds in \(kinds)")
  }

  @Test(arguments: blocks().filter { $0.kind == "shell" })
  func shellExample(block: Block) async throws {
    let (status, output) = try await run(["bash", "-e", "-o", "pipefail", "-c", block.text])
    #expect(status == 0, "\(output)")
    if block.text.contains("orchestrate.py") {
      #expect(output.contains("vnet contoso-vnet: blocked, 1 error(s)"))
      #expect(output.contains("contoso-jobs/Production: Prepared"))
    }
    if block.text.contains("csmigrate init") {
      #expect(output.contains("wrote my-estate.json: 1 cloud service"))
      #expect(output.contains("0 errors, 0 warnings"))
      #expect(output.contains("Validation of MyCloudService/Production"))
      let written = packageRoot.appendingPathComponent("examples/my-estate.json")
      #expect(!FileManager.default.fileExists(atPath: written.path), "the example removes what it writes")
    } else if block.text.contains("csmigrate validate") {
      #expect(output.contains("blockers found (exit 1)"))
      #expect(output.contains("CS-UNSUP-VPN-GATEWAY"))
    }
    if block.text.contains("csmigrate commit") {
      #expect(output.contains("commit deployment:contoso-jobs/Production: Committed"))
    }
  }

  @Test(arguments: blocks().filter { $0.kind == "python" })
  func pythonExample(block: Block) async throws {
    let source = packageRoot.appendingPathComponent("clients/python/src").path
    let (status, output) = try await run(["python3", "-c", block.text], extraEnvironment: ["PYTHONPATH": source])
    #expect(status == 0, "\(output)")
    #expect(output.contains("Validation Failed."))
    #expect(output.contains("CS-UNSUP-VPN-GATEWAY"))
  }

  /// The editor configuration launches the server the MCP SDK then drives.
  @Test func mcpConfiguration() async throws {
    let block = try #require(Self.blocks().first { $0.kind == "mcp-config" })
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-mcp-\(UUID()).json")
    try Data(block.text.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let script = packageRoot.appendingPathComponent("Tests/Scripts/readme_mcp.py").path
    let (status, output) = try await run(["python3", script, file.path, packageRoot.path])
    #expect(status == 0, "\(output)")
    #expect(output.contains("launch: csmigrate serve --root"))
    #expect(output.contains("validation_run: Validation Failed."))
    #expect(output.hasSuffix("ok\n"))
  }
}
