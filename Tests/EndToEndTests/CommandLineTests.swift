import Foundation
import Testing
import WorkerProtocol
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

  @Test(arguments: ["nonexistent", "-nonexistent", "+diagnostics,nonexistent"])
  func unknownPluginIsAStartupError(plugins: String) async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins=\(plugins)"])
    let status = await worker.waitForExit()
    #expect(status != nil && status != 0)
    #expect(worker.standardError.contains("unknown plugin 'nonexistent'; available: estate, diagnostics"))
  }

  /// The start-up log names every enabled plugin, and the help says how `--plugins` changes the default set.
  @Test func startupLogListsEnabledPlugins() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins=+diagnostics,-gateways", "--log-level", "notice"])
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    #expect(
      worker.standardError.contains(
        "enabled plugins: estate, diagnostics, validation, migration, arm, extensions, certificates"))
    let help = try WorkerProcess(arguments: ["serve", "--help"])
    #expect(await help.waitForExit() == 0)
    let words = help.allLines.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(words.contains("+NAME (or NAME) adds one, -NAME removes one, 'all' enables all"))
    #expect(words.contains("--plugins=-gateways"))
  }
}

/// `csmigrate call`: one request through the same engine, with shell-friendly exit codes.
struct CallCommandTests {
  @Test func resultOnStdoutExitZero() async throws {
    let call = try WorkerProcess(arguments: [
      "call", "estate/load", "--root", packageRoot.path,
      "--params", #"{"estate":{"path":"examples/sample-estate/estate.json"}}"#,
    ])
    #expect(await call.waitForExit() == 0)
    let lines = call.allLines
    #expect(lines.count == 1, "compact output when stdout is not a terminal")
    #expect(call.allMessages.first?["summary"]?["roles"]?.intValue == 2)
  }

  @Test func jsonRPCErrorOnStderrExitOne() async throws {
    let call = try WorkerProcess(arguments: ["call", "estate/load", "--params", "{}"])
    #expect(await call.waitForExit() == 1)
    #expect(call.allLines.isEmpty)
    #expect(call.standardError.contains(#""code":-32602"#))
    #expect(call.standardError.contains(#""field":"estate""#))
  }

  @Test(arguments: [
    ["call"], ["call", "ping", "--params", "{not json"], ["call", "ping", "--params", "@/no/such/file"],
  ])
  func usageErrorsExitTwo(arguments: [String]) async throws {
    let call = try WorkerProcess(arguments: arguments)
    #expect(await call.waitForExit() == 2)
    #expect(call.allLines.isEmpty)
    #expect(!call.standardError.isEmpty)
  }

  @Test func paramsFromStdin() async throws {
    let call = try WorkerProcess(arguments: ["call", "diagnostics/echo", "--plugins", "diagnostics", "--params", "-"])
    call.write(#"{"from":"stdin"}"#)
    call.closeInput()
    #expect(await call.waitForExit() == 0)
    #expect(call.allLines == [#"{"from":"stdin"}"#])
  }
}
