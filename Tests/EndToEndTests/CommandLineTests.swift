import Foundation
import Testing
import WorkerTestSupport

/// The command line outside `serve`.
struct CommandLineTests {
  @Test func versionAndHelpPrintToStdout() async throws {
    let version = try WorkerProcess(arguments: ["--version"])
    #expect(await version.waitForExit() == 0)
    #expect(version.allLines.first?.isEmpty == false)
    let help = try WorkerProcess(arguments: ["--help"])
    #expect(await help.waitForExit() == 0)
    #expect(help.allLines.joined(separator: "\n").contains("serve"))
  }

  @Test func unknownFlagFailsWithUsageOnStderr() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--no-such-flag"])
    let status = await worker.waitForExit()
    #expect(status != nil && status != 0)
    #expect(worker.allLines.isEmpty)
    #expect(worker.standardError.contains("--no-such-flag"))
  }

  @Test func unknownPluginIsAStartupError() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins", "nonexistent"])
    let status = await worker.waitForExit()
    #expect(status != nil && status != 0)
    #expect(worker.standardError.contains("nonexistent"))
  }
}
