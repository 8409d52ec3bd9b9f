import ArgumentParser
import Foundation
import WorkerProtocol

/// `csmigrate template ESTATE -o DIR`: the deployable template, its parameters and the rewritten artifacts.
struct TemplateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "template",
    abstract: "Write the ARM template, its parameters file and the rewritten .cscfg/.csdef to a directory.",
    discussion: """
      Runs arm/template and artifacts/rewrite. Writes DIR/template.json, DIR/parameters.json, \
      with Key Vault prerequisites DIR/prerequisites.json, DIR/deploy.sh and DIR/deploy.ps1, and, per cloud \
      service, DIR/SERVICE/<file> (the rewritten .cscfg and .csdef) with DIR/SERVICE/<file>.diff (a unified \
      diff against the original, secrets masked). Prints the paths written, then the findings.

      The estate's problems are printed on stderr first, one per line as \
      file:line:column: severity: message [code]. Nothing is written when a file the target depends on has an \
      error.

      Exit codes: 0 when the files were written; 1 when a method answers with a JSON-RPC error (on stderr), \
      a file cannot be written, or the estate has any error (even outside the target, after writing the \
      target's files); 2 for a usage error, including an ambiguous target.
      """
  )

  @Argument(help: "Estate document, project folder, or .csdef/.cscfg file (relative to --root).")
  var estate: String

  @OptionGroup var target: TargetOptions

  @Option(name: [.short, .customLong("output")], help: "Directory to write to (created when missing).")
  var output: String

  @OptionGroup var engine: EngineOptions

  func run() throws {
    let runner = try EngineRunner(engine)
    let loaded = try ProblemOutput.load(EstateArgument.resolve(estate, with: runner), with: runner)
    let reference = loaded.reference
    let chosen = try target.resolve(estate: reference, with: runner, loaded: loaded.result)
    let params: JSONValue = ["estate": reference, "target": chosen]
    let template = try runner.call("arm/template", params)
    let rewrite = try runner.call("artifacts/rewrite", params)

    var files: [(path: String, text: String)] = [
      ("template.json", (template["template"] ?? .null).prettyText() + "\n"),
      ("parameters.json", (template["parameters"] ?? .null).prettyText() + "\n"),
    ]
    if let prerequisites = template["prerequisites"] {
      files.append(("prerequisites.json", prerequisites.prettyText() + "\n"))
    }
    for (name, script) in (template["scripts"]?.objectValue?.members ?? []).sorted(by: { $0.key < $1.key }) {
      files.append((Self.safeName(name), script.stringValue ?? ""))
    }
    for file in rewrite["files"]?.arrayValue ?? [] {
      let service = Self.safeName(file["service"]?.stringValue ?? "service")
      let name = Self.safeName(URL(fileURLWithPath: file["path"]?.stringValue ?? "artifact").lastPathComponent)
      files.append(("\(service)/\(name)", file["text"]?.stringValue ?? ""))
      files.append(("\(service)/\(name).diff", file["diff"]?.stringValue ?? ""))
    }
    let directory = URL(fileURLWithPath: output, isDirectory: true)
    do {
      for file in files {
        let url = directory.appendingPathComponent(file.path)
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(file.text.utf8).write(to: url)
        print("wrote \(url.path)")
      }
    } catch {
      runner.terminal.printError(["message": .string("\(error)")], message: "cannot write to \(output)")
      throw ExitCode(1)
    }
    let findings = (template["findings"]?.arrayValue ?? []) + (rewrite["findings"]?.arrayValue ?? [])
    TextReport.findings(.array(findings), style: runner.style).forEach { print($0) }
    try loaded.exitIfErrors()
  }

  /// A single path component: separators and leading dots replaced, so nothing lands outside DIR.
  static func safeName(_ name: String) -> String {
    var cleaned = String(name.map { $0 == "/" || $0 == "\\" ? "_" : $0 })
    while cleaned.hasPrefix(".") { cleaned = "_" + cleaned.dropFirst() }
    return cleaned.isEmpty ? "_" : cleaned
  }
}
