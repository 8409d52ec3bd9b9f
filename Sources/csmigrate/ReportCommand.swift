import ArgumentParser
import Foundation
import MigrationEngine
import WorkerProtocol

/// `csmigrate report ESTATE`: the migration readiness report as one self-contained HTML file.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write the migration readiness report of an estate (or one target) as one self-contained HTML file.",
    discussion: """
      Runs report/html. With an explicit --state, each target shows its ledger state and operations. Findings \
      link to their files when the report is written under --root. Exit codes: 0 when the file is written; 1 \
      when the method answers with a JSON-RPC error (on stderr); 2 for a usage error.
      """
  )

  @Argument(help: "Path of the estate document, relative to --root.")
  var estate: String

  @OptionGroup var target: TargetOptions

  @Option(name: .long, help: "Rules revision: 2021-02 (default) or 2024-07.")
  var revision: RevisionArgument?

  @Option(name: [.short, .customLong("output")], help: "The HTML file to write.")
  var output: String = "report.html"

  @OptionGroup var engine: EngineOptions

  func run() throws {
    let runner = try EngineRunner(engine)
    let loaded = try ProblemOutput.load(
      EstateArgument.resolve(estate, with: runner), with: runner, includeModel: false)
    var params = JSONObject()
    params["estate"] = loaded.reference
    if let chosen = target.explicitTarget { params["target"] = chosen }
    if let revision { params["rulesRevision"] = .string(revision.rawValue) }
    if engine.stateGiven { params["lifecycle"] = true }
    let file = URL(fileURLWithPath: output).standardizedFileURL
    if let folder = Self.folder(of: file, under: URL(fileURLWithPath: engine.root)) {
      params["reportFolder"] = .string(folder)
    }
    let result = try runner.call("report/html", .object(params))
    do {
      try Data((result["html"]?.stringValue ?? "").utf8).write(to: file)
    } catch {
      FileHandle.standardError.write(Data("cannot write \(output): \(error.localizedDescription)\n".utf8))
      throw ExitCode(1)
    }
    let targets = result["targets"]?.intValue ?? 0
    print("\(output): \(targets) target\(targets == 1 ? "" : "s"), \(result["bytes"]?.intValue ?? 0) bytes")
    // The report shows the estate's problems as findings; the exit code still says the estate has errors.
    try loaded.exitIfErrors()
  }

  /// The file's folder relative to `root` (`.` for the root itself), or `nil` when the file is not under it.
  static func folder(of file: URL, under root: URL) -> String? {
    let folder = file.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().pathComponents
    let base = root.standardizedFileURL.resolvingSymlinksInPath().pathComponents
    guard folder.starts(with: base) else { return nil }
    let rest = folder.dropFirst(base.count)
    return rest.isEmpty ? "." : rest.joined(separator: "/")
  }
}
