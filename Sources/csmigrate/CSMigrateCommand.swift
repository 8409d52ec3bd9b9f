import ArgumentParser
import Foundation

/// `csmigrate`: the root command.
struct CSMigrateCommand: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "csmigrate",
    abstract: "Rehearse and script the move from Azure Cloud Services (classic) to extended support, offline.",
    discussion: """
      Start with your project: csmigrate init MyCloudService/, then csmigrate check estate.json and \
      csmigrate validate estate.json (every verb also takes the folder itself).

      `csmigrate serve` runs the worker: JSON-RPC 2.0, one message per line, on stdin and stdout.

      More: csmigrate help estate (the estate document), csmigrate help protocol (every method).
      """,
    version: version,
    subcommands: [
      InitCommand.self, CheckCommand.self, ServeCommand.self, CallCommand.self, ValidateCommand.self, PlanCommand.self,
      TemplateCommand.self,
      StatusCommand.self, PrepareCommand.self, AbortCommand.self, CommitCommand.self, ReportCommand.self,
      PluginsCommand.self,
    ]
  )

  /// Parses and runs a command; usage errors exit with 2, as shells expect.
  static func runMain() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if HelpTopics.runIfRequested(arguments) { Foundation.exit(0) }
    // The first word names a command; after `help`, the second does (or a topic, handled above).
    let command = arguments.first == "help" ? arguments.dropFirst().first : arguments.first
    if let command, let message = unknownCommandMessage(command) {
      FileHandle.standardError.write(Data(message.utf8))
      Foundation.exit(2)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
      ProcessPlugins.stopEverything()
    } catch {
      ProcessPlugins.stopEverything()
      exit(after: error)
    }
  }

  /// Ends the process after a command's error as `runMain` does: usage errors with 2, others with their code.
  static func exit(after error: any Error) -> Never {
    if exitCode(for: error) == .validationFailure {
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      Foundation.exit(2)
    }
    exit(withError: error)
  }

  /// The message for a first argument that is neither an option nor a subcommand, with the nearest subcommand.
  static func unknownCommandMessage(_ word: String) -> String? {
    let names = configuration.subcommands.compactMap { $0.configuration.commandName }
    guard !word.hasPrefix("-"), word != "help", !names.contains(word) else { return nil }
    var message = "error: '\(word)' is not a csmigrate command."
    if let nearest = CommandSuggestion.nearest(to: word, in: names) { message += " Did you mean '\(nearest)'?" }
    if HelpTopics.page(word) != nil { message += " For the page, run: csmigrate help \(word)" }
    let topics = HelpTopics.summaries.map(\.name).joined(separator: ", ")
    return message
      + "\nCommands: \(names.joined(separator: ", ")); help topics: \(topics). Run csmigrate --help for more.\n"
  }
}
