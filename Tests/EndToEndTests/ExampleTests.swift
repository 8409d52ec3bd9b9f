import Foundation
import Testing
import WorkerTestSupport

/// The examples a user copies: they must keep working.
struct ExampleTests {
  /// Runs a command from the package root and returns its exit status and output.
  func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.standardError
    let reader = Task { await output.fileHandleForReading.readToEndOffPool() }
    let status = try await process.runToExit()
    let data = await reader.value
    return (status, String(decoding: data, as: UTF8.self))
  }

  @Test func pythonOrchestrator() async throws {
    let (status, output) = try await run(["python3", "examples/orchestrator.py", WorkerProcess.executableURL.path])
    #expect(status == 0)
    #expect(output.contains("diagnostics/slow: {'completedSteps': 3}"))
    #expect(output.contains("'code': -32800"))
    #expect(output.contains("worker exited with 0"))
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/node")))
  func nodeOrchestrator() async throws {
    let (status, output) = try await run(["node", "examples/orchestrator.mjs", WorkerProcess.executableURL.path])
    #expect(status == 0)
    #expect(output.contains(#"diagnostics/slow: {"completedSteps":3}"#))
    #expect(output.contains("worker exited with 0"))
  }

  @Test func demoTranscript() async throws {
    let (status, output) = try await run(["python3", "examples/demo.py", WorkerProcess.executableURL.path])
    #expect(status == 0, "\(output)")
    for expected in [
      "has a VPN gateway, which isn't available for migration", "state Prepared",
      "is in the process of being migrated and hence cannot be changed", "OperationNotAllowed: ", "state Committed",
      "Abort is no longer allowed after commit attempts", "template with", "worker exited with 0",
    ] {
      #expect(output.contains(expected), "missing: \(expected)")
    }
    // The demo cleans up what it writes: the ledger and the template folder it names are gone.
    let written = output.split(separator: "\n").compactMap { line -> String? in
      for marker in ["ledger in ", "rewritten artifacts in "] {
        if let range = line.range(of: marker) {
          return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }
      }
      return nil
    }
    #expect(written.count == 2, "\(output)")
    for folder in written {
      #expect(!FileManager.default.fileExists(atPath: folder), "scripts/demo left \(folder) behind")
    }
  }

  /// The README's shell pipe example answers both requests.
  @Test func readmeShellPipe() async throws {
    let binary = WorkerProcess.executableURL.path
    let script = """
      printf '%s\\n' '{"jsonrpc":"2.0","id":1,"method":"ping"}' \
        '{"jsonrpc":"2.0","id":2,"method":"estate/load","params":{"estate":{"path":"examples/sample-estate/estate.json"}}}' \
        | \(binary) serve
      """
    let (status, output) = try await run(["bash", "-c", script])
    #expect(status == 0)
    let lines = output.split(separator: "\n")
    #expect(lines.first == #"{"jsonrpc":"2.0","id":1,"result":{}}"#)
    #expect(lines.count == 2 && lines[1].contains(#""succeeded":true"#))
  }
}
