import ArgumentParser
import WorkerProtocol

/// `csmigrate plan ESTATE`: the ARM resources extended support creates, with their classic sources.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Show the ARM resources a target becomes, each with the classic resource it comes from.",
    discussion: """
      Runs arm/plan. The estate's problems are printed on stderr first, one per line as \
      file:line:column: severity: message [code]; no plan is made when a file the target depends on has an error.

      Exit codes: 0 with the plan on stdout (findings included); 1 when the method answers with a JSON-RPC \
      error (on stderr) or the estate has any error; 2 for a usage error, including an ambiguous target.
      """
  )

  @Argument(help: "Estate document, project folder, or .csdef/.cscfg file (relative to --root).")
  var estate: String

  @OptionGroup var target: TargetOptions

  @Option(name: .long, help: "Output: text or json.")
  var format: ReportFormat = .text

  @OptionGroup var engine: EngineOptions

  func run() throws {
    let runner = try EngineRunner(engine)
    let loaded = try ProblemOutput.load(EstateArgument.resolve(estate, with: runner), with: runner)
    let reference = loaded.reference
    let chosen = try target.resolve(estate: reference, with: runner, loaded: loaded.result)
    let result = try runner.call("arm/plan", ["estate": reference, "target": chosen])
    if format == .json {
      runner.printJSON(result)
    } else {
      print(TextReport.plan(result, target: chosen, style: runner.style))
    }
    try loaded.exitIfErrors()
  }
}
