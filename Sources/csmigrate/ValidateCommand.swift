import ArgumentParser
import WorkerProtocol

/// `csmigrate validate ESTATE`: the platform's migration validation, offline, as a readable report.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Validate a deployment or virtual network of an estate for migration.",
    discussion: """
      Runs validation/run. Text groups the findings by category (Error, Warning, Information), each with its \
      rule, message, fix and file:line:column. --format json prints the method's result; --format sarif a \
      SARIF 2.1.0 log.

      The estate's problems (unreadable or invalid files) are printed on stderr first, one per line as \
      file:line:column: severity: message [code]; those that concern the target are also Error or Warning \
      findings of the report.

      Exit codes: 0 when no finding is an Error; 1 when at least one is, when the estate has any error (even \
      outside the target), or when the method answers with a JSON-RPC error (printed on stderr); 2 for a usage \
      error, including an ambiguous target.
      """
  )

  @Argument(help: "Estate document, project folder, or .csdef/.cscfg file (relative to --root).")
  var estate: String

  @OptionGroup var target: TargetOptions

  @Option(name: .long, help: "Rules revision: 2021-02 (default) or 2024-07.")
  var revision: RevisionArgument?

  @Option(name: .long, help: "Output: text, json or sarif.")
  var format: OutputFormat = .text

  @OptionGroup var engine: EngineOptions

  func run() throws {
    let runner = try EngineRunner(engine)
    let loaded = try ProblemOutput.load(EstateArgument.resolve(estate, with: runner), with: runner)
    let reference = loaded.reference
    let chosen = try target.resolve(estate: reference, with: runner, loaded: loaded.result)
    var params = JSONObject()
    params["estate"] = reference
    params["target"] = chosen
    if let revision { params["rulesRevision"] = .string(revision.rawValue) }
    if format == .sarif { params["format"] = "sarif" }
    let result = try runner.call("validation/run", .object(params))
    switch format {
    case .text: print(TextReport.validation(result, target: chosen, style: runner.style))
    case .json, .sarif: runner.printJSON(result)
    }
    if Self.hasErrors(result) { throw ExitCode(1) }
    try loaded.exitIfErrors()
  }

  /// Whether a result (JSON or SARIF) holds an Error finding.
  static func hasErrors(_ result: JSONValue) -> Bool {
    if let messages = result["validationMessages"]?.arrayValue {
      return messages.contains { $0["category"]?.stringValue == "Error" }
    }
    let runs = result["runs"]?.arrayValue ?? []
    return runs.contains { run in
      (run["results"]?.arrayValue ?? []).contains { $0["level"]?.stringValue == "error" }
    }
  }
}
