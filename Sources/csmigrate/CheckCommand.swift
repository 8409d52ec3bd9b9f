import ArgumentParser
import EstateModel
import Foundation
import WorkerProtocol

/// `csmigrate check ESTATE`: the estate's own problems, one compiler-style line each.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Load an estate and print its problems as file:line:column: severity: message [code].",
    discussion: """
      Runs estate/load. Each problem is one line in the format compilers print, which editors and CI annotate; \
      a count follows on stderr. Writes nothing.

      Exit codes: 0 when no problem is an error; 1 when one is (or the method answers with a JSON-RPC error, on \
      stderr); 2 for a usage error.
      """
  )

  @Argument(help: "Estate document, project folder, or .csdef/.cscfg file (relative to --root).")
  var estate: String

  @OptionGroup var engine: EngineOptions

  func run() throws {
    let runner = try EngineRunner(engine)
    let reference = try EstateArgument.resolve(estate, with: runner)
    let result = try runner.call("estate/load", ["estate": reference])
    if Self.printProblems(result["problems"] ?? []) { throw ExitCode(1) }
  }

  /// Prints each problem on stdout as `file:line:column: severity: message [code]` and the counts on stderr;
  /// returns whether any is an error.
  static func printProblems(_ problems: JSONValue) -> Bool {
    let decoded = ProblemOutput.decode(problems)
    print(ProblemOutput.render(decoded), terminator: "")
    let count = { (severity: Severity) in decoded.filter { $0.severity == severity }.count }
    let (errors, warnings, notes) = (count(.error), count(.warning), count(.info))
    let plural = { (n: Int, word: String) in "\(n) \(word)\(n == 1 ? "" : "s")" }
    let line = "\(plural(errors, "error")), \(plural(warnings, "warning")), \(plural(notes, "note"))\n"
    FileHandle.standardError.write(Data(line.utf8))
    return errors > 0
  }
}
