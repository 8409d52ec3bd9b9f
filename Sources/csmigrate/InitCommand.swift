import ArgumentParser
import Foundation
import WorkerProtocol

/// `csmigrate init [DIR]`: writes the estate document discovery proposes for a project folder.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Write an estate document for a cloud service project folder (runs estate/discover).",
    discussion: """
      Finds ServiceDefinition.csdef, ServiceConfiguration.*.cscfg, .netcfg, .ccproj/.sln and ASM export XML \
      under DIR, pairs them into cloud services (the .Cloud configuration over .Local unless --configuration \
      says otherwise) and writes the document. Every fact no file gives (slot, status, VNet, extensions, quota, \
      registrations) is written with the value assumed and listed under "assumptions" with how to check it; \
      stderr lists them too. Then run: csmigrate check FILE, and csmigrate validate FILE.

      Exit codes: 0 when written; 1 when DIR holds nothing csmigrate can use (or another JSON-RPC error, on \
      stderr); 2 for a usage error, including an existing FILE without --force.
      """
  )

  @Argument(help: "The project folder, relative to --root.")
  var directory: String = "."

  @Option(name: [.short, .long], help: "Where to write the document, relative to --root; '-' for stdout.")
  var output: String = "estate.json"

  @Option(name: .long, help: "The configuration to use: Cloud, Local, or the NAME of ServiceConfiguration.NAME.cscfg.")
  var configuration: String?

  @Flag(name: .long, help: "Replace FILE when it exists.")
  var force = false

  @OptionGroup var engine: EngineOptions

  func run() throws {
    let runner = try EngineRunner(engine)
    _ = try RootedPath(directory, root: engine.root)
    var params = JSONObject()
    params["path"] = .string(directory)
    if let configuration { params["configuration"] = .string(configuration) }
    var target: String?
    if output != "-" {
      let location = try RootedPath(output, root: engine.root)
      if FileManager.default.fileExists(atPath: location.absolute), !force {
        throw ValidationError("'\(output)' exists; pass --force to replace it, or -o another file")
      }
      target = location.absolute
      let folder = (location.relative as NSString).deletingLastPathComponent
      params["documentDirectory"] = .string(folder.isEmpty ? "." : folder)
    }
    let result = try runner.call("estate/discover", .object(params))
    let text = (result["document"] ?? .null).prettyText() + "\n"
    guard let target else {
      print(text, terminator: "")
      FileHandle.standardError.write(
        Data((DiscoverySummary(result).text(heading: "discovered \(directory)") + "\n").utf8))
      return
    }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    } catch {
      throw ValidationError("cannot write '\(output)': \(error.localizedDescription)")
    }
    let summary = DiscoverySummary(result)
    print(summary.text(heading: "wrote \(output)"))
    print("next: edit the assumed values in \(output) if they are wrong, then run")
    print("  csmigrate check \(output)")
    print("  csmigrate validate \(output)")
  }
}
