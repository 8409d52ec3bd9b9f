import ArgumentParser

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
    subcommands: [ServeCommand.self]
  )
}
