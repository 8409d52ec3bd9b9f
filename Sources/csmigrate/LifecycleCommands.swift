import ArgumentParser
import Foundation
import WorkerProtocol

/// What the lifecycle verbs share: an optional estate to import, the target, the output format.
struct LifecycleArguments: ParsableArguments {
  @Argument(help: "Estate document to import into the ledger first (relative to --root); optional once imported.")
  var estate: String?

  @OptionGroup var target: TargetOptions

  @Option(name: .long, help: "Output: text or json.")
  var format: ReportFormat = .text

  @OptionGroup var engine: EngineOptions
}

/// Runs one lifecycle verb: import the estate when given, choose the target, call the method, print the outcome.
enum LifecycleVerb {
  /// Runs `migration/<verb>`; `confirm` asks before calling (Commit), `assumeYes` skips the question.
  static func run(_ verb: String, _ arguments: LifecycleArguments, confirm: Bool = false, assumeYes: Bool = false)
    throws
  {
    let terminal = Terminal()
    if confirm, !assumeYes, !terminal.stdinIsTerminal {
      refuse("refusing to \(verb) without confirmation: pass --yes, or run it on a terminal and type yes")
    }
    let runner = try EngineRunner(arguments.engine)
    var imported: [String]?
    if let estate = arguments.estate {
      let reference = try EstateArgument.resolve(estate, with: runner)
      try ProblemOutput.load(reference, with: runner).exitIfErrors()
      let result = try runner.call("estate/import", ["estate": reference])
      imported = (result["targets"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
    let (target, key) = try choose(arguments.target, imported: imported, runner: runner)
    if confirm, !assumeYes {
      let question =
        "Commit the migration of \(key)? The classic resources are removed and this cannot be undone.\n"
        + "Type yes to continue: "
      FileHandle.standardError.write(Data(question.utf8))
      guard readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces) == "yes" else {
        refuse("commit cancelled; nothing changed")
      }
    }
    let result = try runner.call("migration/\(verb)", ["target": target])
    if arguments.format == .json {
      runner.printJSON(result)
    } else {
      print(TextReport.lifecycle(result, verb: verb, style: runner.style))
    }
  }

  /// The explicit target, or the only target the ledger (or the imported estate) offers.
  static func choose(_ options: TargetOptions, imported: [String]?, runner: EngineRunner) throws
    -> (target: JSONValue, key: String)
  {
    if let explicit = options.explicitTarget { return (explicit, TextReport.describe(target: explicit)) }
    let status = try runner.call("migration/status", .object(JSONObject()))
    let targets = (status["targets"]?.arrayValue ?? []).filter { target in
      imported.map { $0.contains(target["key"]?.stringValue ?? "") } ?? true
    }
    if targets.count == 1, let target = targets[0]["target"] {
      return (target, targets[0]["key"]?.stringValue ?? TextReport.describe(target: target))
    }
    if targets.isEmpty {
      throw ValidationError("no target to work on: pass an estate to import, or --target/--vnet")
    }
    let keys = targets.compactMap { $0["key"]?.stringValue }
    throw ValidationError(
      "\(targets.count) targets; choose one with --target or --vnet: \(keys.joined(separator: ", "))")
  }

  /// Prints `message` on stderr and ends with exit code 2.
  static func refuse(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    Foundation.exit(2)
  }
}

/// `csmigrate prepare`: Prepare a target on the ledger.
struct PrepareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prepare",
    abstract: "Prepare a target for migration on the ledger (--state DIR).",
    discussion: """
      Imports ESTATE first when given. Without --target/--vnet, picks the only target. Exit codes: 0 when \
      the target is Prepared; 1 for a JSON-RPC error (validation errors, refusals; on stderr); 2 for a usage \
      error.
      """
  )
  @OptionGroup var arguments: LifecycleArguments
  func run() throws { try LifecycleVerb.run("prepare", arguments) }
}

/// `csmigrate abort`: Abort a prepared target on the ledger.
struct AbortCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "abort",
    abstract: "Abort a prepared migration on the ledger (--state DIR).",
    discussion: "Exit codes: 0 when aborted; 1 for a JSON-RPC error (on stderr); 2 for a usage error."
  )
  @OptionGroup var arguments: LifecycleArguments
  func run() throws { try LifecycleVerb.run("abort", arguments) }
}

/// `csmigrate commit`: Commit a prepared target, after confirmation.
struct CommitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "commit",
    abstract: "Commit a prepared migration on the ledger (--state DIR); asks for confirmation unless --yes.",
    discussion: """
      On a terminal, asks you to type yes, as the portal does. Without a terminal, --yes is required. Exit \
      codes: 0 when committed; 1 for a JSON-RPC error (on stderr); 2 for a usage error, a missing --yes \
      without a terminal, or an answer other than yes.
      """
  )
  @OptionGroup var arguments: LifecycleArguments

  @Flag(name: [.short, .long], help: "Commit without asking.")
  var yes = false

  func run() throws { try LifecycleVerb.run("commit", arguments, confirm: true, assumeYes: yes) }
}

/// `csmigrate status`: the state of every target on the ledger.
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show the migration state of the ledger's targets (--state DIR).",
    discussion: "Exit codes: 0 with the status; 1 for a JSON-RPC error (on stderr); 2 for a usage error."
  )

  @OptionGroup var target: TargetOptions

  @Option(name: .long, help: "Output: text or json.")
  var format: ReportFormat = .text

  @OptionGroup var engine: EngineOptions

  func run() throws {
    // Reading the status never creates a ledger: a missing one is an empty one.
    var options = engine
    if options.state != ":memory:", !FileManager.default.fileExists(atPath: options.state) {
      options.state = ":memory:"
    }
    let runner = try EngineRunner(options)
    var params = JSONObject()
    if let explicit = target.explicitTarget { params["target"] = explicit }
    let result = try runner.call("migration/status", .object(params))
    if format == .json {
      runner.printJSON(result)
    } else {
      print(TextReport.status(result, style: runner.style))
    }
  }
}
