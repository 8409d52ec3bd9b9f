import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// Every problem code loading can report, through `validation/run`, `csmigrate validate` and `csmigrate template`:
/// an error fails the verdict and refuses the artifact, a warning is a Warning and blocks nothing, each at its file
/// and line.
@Suite(.serialized)
struct ProblemCodeTests {
  /// The validation category of each problem severity.
  static let categories = ["error": "Error", "warning": "Warning", "info": "Information"]

  /// The read budget of every run (see ``ProblemCase/estateBudget``).
  static let budget = ["--max-estate-bytes", String(ProblemCase.estateBudget)]

  /// A root holding every case in its own folder (and the file outside the root some cases point at).
  static func writeCases() throws -> URL {
    let root = try temporaryDirectory("problem-codes").appendingPathComponent("root")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try Data(ProblemCase.definition().utf8).write(
      to: root.deletingLastPathComponent().appendingPathComponent("outside.csdef"))
    for problemCase in ProblemCase.all { try problemCase.write(under: root) }
    return root
  }

  @Test func validationRunReportsEachCodeAtItsPlace() async throws {
    let root = try Self.writeCases()
    let worker = try WorkerProcess(arguments: ["serve", "--root", root.path] + Self.budget)
    let cases = ProblemCase.all
    for (index, problemCase) in cases.enumerated() {
      let params = #"{"estate":{"path":"\#(problemCase.directory)/estate.json"},"target":{"service":"svc"}}"#
      worker.send(#"{"jsonrpc":"2.0","id":\#(index + 1),"method":"validation/run","params":\#(params)}"#)
    }
    let replies = await worker.repliesByID(cases.count)
    for (index, problemCase) in cases.enumerated() {
      let report = try #require(
        replies[index + 1]?["result"], "\(problemCase.code): \(String(describing: replies[index + 1]))")
      let rows = report["validationMessages"]?.arrayValue ?? []
      let ruleID = "CS-INPUT-\(problemCase.code)"
      let row = try #require(rows.first { $0["ruleId"]?.stringValue == ruleID }, "\(problemCase.code): \(rows)")
      #expect(row["category"]?.stringValue == Self.categories[problemCase.severity], "\(problemCase.code)")
      #expect(row["phase"] == "validate", "\(problemCase.code)")
      #expect(row["resourceType"] == "EstateFile", "\(problemCase.code)")
      #expect(
        row["location"]?["file"]?.stringValue == "\(problemCase.directory)/\(problemCase.file)",
        "\(problemCase.code): \(row)")
      if let line = problemCase.line {
        #expect(row["location"]?["line"]?.intValue == line, "\(problemCase.code): \(row)")
        #expect((row["location"]?["column"]?.intValue ?? 0) >= 1, "\(problemCase.code)")
      }
      if problemCase.isError {
        #expect(report["result"]?.stringValue?.hasPrefix("Validation Failed") == true, "\(problemCase.code)")
      }
    }
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func validateAndTemplateCommandsPrintEachCodeAndRefuseOnErrors() async throws {
    let root = try Self.writeCases()
    let output = try temporaryDirectory("problem-code-templates")
    let runs = try await Self.runCommands(for: ProblemCase.all, root: root, output: output)
    let problemLine = #/: (?:error|warning|info): .* \[([a-z0-9.-]+)\]$/#
    for problemCase in ProblemCase.all {
      let (validate, template) = try #require(runs[problemCase.code])
      let place =
        "\(problemCase.directory)/\(problemCase.file)" + (problemCase.line.map { ":\($0):" } ?? "")
      let printed = validate.stderr.split(separator: "\n").first { $0.hasSuffix("[\(problemCase.code)]") }
      let line = try #require(printed, "\(problemCase.code): \(validate.stderr)")
      #expect(line.hasPrefix(place), "\(problemCase.code): \(line)")
      #expect(line.contains(": \(problemCase.severity): "), "\(problemCase.code): \(line)")
      let reported = validate.stderr.split(separator: "\n").compactMap { $0.firstMatch(of: problemLine)?.output.1 }
      #expect(Set(reported) == [Substring(problemCase.code)], "\(problemCase.code): one mistake, one problem")
      #expect(validate.stdout.contains("CS-INPUT-\(problemCase.code)"), "\(problemCase.code)")
      #expect(template.stderr.contains("[\(problemCase.code)]"), "\(problemCase.code): \(template.stderr)")
      let written = try FileManager.default.contentsOfDirectory(
        atPath: output.appendingPathComponent(problemCase.directory).path)
      if problemCase.isError {
        #expect(validate.status == 1, "\(problemCase.code)")
        #expect(template.status == 1, "\(problemCase.code)")
        #expect(written.isEmpty, "\(problemCase.code): nothing written, found \(written)")
      } else {
        #expect(template.status == 0, "\(problemCase.code): \(template.stderr)")
        #expect(!written.isEmpty, "\(problemCase.code): a warning does not block the template")
      }
    }
  }

  /// Runs `csmigrate validate` and `csmigrate template` for every case, a few processes at a time.
  static func runCommands(for cases: [ProblemCase], root: URL, output: URL) async throws
    -> [String: (validate: CLIRun, template: CLIRun)]
  {
    try await withThrowingTaskGroup(of: (String, CLIRun, CLIRun).self) { group in
      var results: [String: (validate: CLIRun, template: CLIRun)] = [:]
      var pending = cases[...]
      func start(_ problemCase: ProblemCase) throws {
        let folder = output.appendingPathComponent(problemCase.directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let estate = "\(problemCase.directory)/estate.json"
        let common = ["--target", "svc", "--root", root.path] + Self.budget
        group.addTask {
          let validate = try await CLIRun.run(["validate", estate] + common)
          let template = try await CLIRun.run(["template", estate, "-o", folder.path] + common)
          return (problemCase.code, validate, template)
        }
      }
      for _ in 0..<4 { if let next = pending.popFirst() { try start(next) } }
      while let (code, validate, template) = try await group.next() {
        results[code] = (validate, template)
        if let next = pending.popFirst() { try start(next) }
      }
      return results
    }
  }
}

/// The table of ``ProblemCase`` covers every problem code the sources can report, so a new code cannot go
/// untested.
struct ProblemCodeTableTests {
  /// Codes that loading an estate cannot report, with where they come from instead.
  static let notFromLoading: [String: String] = [
    "input.missing": "artifacts/parse given neither a path nor text",
    "asm.wrong-root": "artifacts/parse given an ASM kind whose root does not match",
    "discover.unreadable": "estate/discover, for a file it leaves out",
    "discover.unusable": "estate/discover, for a file it leaves out",
    "discover.too-many-files": "estate/discover, for a folder it stops walking (DiscoveryTests.aWalkCutShortSaysSo)",
    "xml.parser-unavailable":
      "a read without libxml2; the methods that read XML open it first and fail with -32603 (LazyLibraryTests)",
  ]

  @Test func everyCodeInTheSourcesHasACase() throws {
    // Whole codes written as literals (`"estate.role-not-in-csdef"`), and codes given to a parser's `report` or
    // `integer(code:)`, which add the format's prefix (`"missing-instances"`).
    let wholeCode = #/"((?:xml|input|document|estate|discover|csdef|cscfg|netcfg|asm)\.[a-z][a-z0-9-]*)"/#
    let prefixedCode = #/(?:report\(\s*\.[a-z]+,\s*|code: (?:String = )?)"([a-z][a-z0-9-]*)"/#
    let sources = packageRoot.appendingPathComponent("Sources/EstateModel")
    let files =
      FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
    var whole: Set<String> = []
    var suffixes: Set<String> = []
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      whole.formUnion(text.matches(of: wholeCode).map { String($0.output.1) })
      suffixes.formUnion(text.matches(of: prefixedCode).map { String($0.output.1) })
    }
    #expect(whole.count > 20 && suffixes.count > 10, "the scan finds the codes (\(whole), \(suffixes))")
    let known = Set(ProblemCase.all.map(\.code)).union(Self.notFromLoading.keys)
    #expect(whole.subtracting(known).isEmpty, "codes without a case: \(whole.subtracting(known).sorted())")
    let knownSuffixes = Set(known.map { $0.split(separator: ".", maxSplits: 1).last.map(String.init) ?? $0 })
    #expect(
      suffixes.subtracting(knownSuffixes).isEmpty,
      "parser codes without a case in any format: \(suffixes.subtracting(knownSuffixes).sorted())")
    let stale = ProblemCase.all.map(\.code).filter { code in
      !whole.contains(code) && !suffixes.contains(String(code.split(separator: ".", maxSplits: 1).last ?? ""))
    }
    #expect(stale.isEmpty, "cases for codes the sources no longer report: \(stale)")
    #expect(Set(ProblemCase.all.map(\.code)).count == ProblemCase.all.count, "one case per code")
  }
}
