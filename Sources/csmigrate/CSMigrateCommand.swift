import ArgumentParser
import Foundation

/// `csmigrate`: the root command.
struct CSMigrateCommand: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "csmigrate",
    abstract: "Rehearse and script the move from Azure Cloud Services (classic) to extended support, offline.",
    discussion: """
      `csmigrate serve` runs the worker: JSON-RPC 2.0, one message per line, on stdin and stdout.
      See protocol.md for every method.
      """,
    version: version,
    subcommands: [
      ServeCommand.self, CallCommand.self, ValidateCommand.self, PlanCommand.self, TemplateCommand.self,
      StatusCommand.self, PrepareCommand.self, AbortCommand.self, CommitCommand.self, ReportCommand.self,
    ]
  )

  /// Parses and runs a command; usage errors exit with 2, as shells expect.
  static func runMain() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}
