import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// The TOML manifest (`csmigrate.plugins.toml`) beside the JSON one, and `--plugins -NAME` for process plugins.
@Suite(.serialized)
struct PluginManifestFormTests {
  /// A TOML manifest running the test plugin in mode `well`, logging its starts to `starts` in `folder`.
  static func tomlManifest(in folder: URL) -> String {
    """
    # Process plugins for csmigrate, in TOML.
    [[plugins]]
    name = "test"
    command = "python3"
    args = ["\(ProcessPluginTests.script)", "well"]
    timeoutMs = 20000
    env = { PLUGIN_STARTS = "\(folder.appendingPathComponent("starts").path)" }

    """
  }

  /// A fresh root holding `text` as `csmigrate.plugins.toml`.
  static func tomlRoot(_ prefix: String, _ text: (URL) -> String) throws -> URL {
    let folder = try temporaryDirectory(prefix)
    try Data(text(folder).utf8).write(to: folder.appendingPathComponent("csmigrate.plugins.toml"))
    return folder
  }

  @Test func tomlManifestRegistersAPluginEndToEnd() async throws {
    let folder = try Self.tomlRoot("plugins-toml", Self.tomlManifest(in:))
    defer { try? FileManager.default.removeItem(at: folder) }
    let list = try await CLIRun.run(["plugins", "list", "--root", folder.path, "--format", "json"])
    #expect(list.status == 0)
    let row = list.json?["plugins"]?.arrayValue?.first
    #expect(row?["state"] == "ready")
    #expect(row?["source"]?.stringValue?.hasSuffix("/csmigrate.plugins.toml") == true)
    #expect(row?["command"]?.arrayValue?.last == "well")

    let worker = try WorkerProcess(arguments: ["serve", "--root", folder.path, "--state", ":memory:"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"test/echo","params":{"from":"toml"}}"#)
    #expect(ProcessPluginTests.byID(await worker.waitForMessages(1))[1]?["result"] == ["from": "toml"])
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    #expect(LazyPluginTests.starts(in: folder) == 2)  // once for plugins list, once for serve: env was passed
  }

  /// TOML manifests that cannot be used, and what the start-up error says after the file's name.
  static let badTOML: [(text: String, expected: String)] = [
    ("[[plugins]]\nname = \"test\ncommand = \"python3\"\n", "csmigrate.plugins.toml:2:"),
    ("[[plugins]]\nname = \"test\"\ncommand = 3\n", "csmigrate.plugins.toml: plugins[0].command must be a non-empty"),
    ("plugins = \"none\"\n", "csmigrate.plugins.toml: plugins must be an array"),
  ]

  @Test(arguments: badTOML)
  func malformedTOMLManifestStopsStartUpNamingTheFile(bad: (text: String, expected: String)) async throws {
    let folder = try Self.tomlRoot("plugins-toml-bad") { _ in bad.text }
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try await CLIRun.run(["serve", "--root", folder.path, "--state", ":memory:"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("cannot start: plugin manifest \(folder.path)/"))
    #expect(run.stderr.contains(bad.expected))
  }

  @Test func jsonAndTOMLManifestsInOneFolderAreRefusedNamingBoth() async throws {
    let folder = try Self.tomlRoot("plugins-toml-both", Self.tomlManifest(in:))
    defer { try? FileManager.default.removeItem(at: folder) }
    try ProcessPluginTests.writeManifest([ProcessPluginTests.entry("well")], in: folder)
    let run = try await CLIRun.run(["serve", "--root", folder.path, "--state", ":memory:"])
    #expect(run.status == 2)
    let json = folder.appendingPathComponent("csmigrate.plugins.json").path
    let toml = folder.appendingPathComponent("csmigrate.plugins.toml").path
    #expect(run.stderr.contains("\(json): \(toml) is there too; keep one manifest per folder"))
    #expect(LazyPluginTests.starts(in: folder) == 0)
  }

  @Test func pluginsMinusNameLeavesAProcessPluginOutAndPlusNameTakesItBack() async throws {
    let folder = try Self.tomlRoot("plugins-disabled", Self.tomlManifest(in:))
    defer { try? FileManager.default.removeItem(at: folder) }
    let list = try await CLIRun.run([
      "plugins", "list", "--root", folder.path, "--plugins=-test", "--format", "json",
    ])
    #expect(list.status == 0)
    #expect(list.json?["plugins"]?.arrayValue?.first?["state"] == "disabled")
    let text = try await CLIRun.run(["plugins", "--root", folder.path, "--plugins=-test"])
    #expect(text.stdout.contains("test  disabled"))

    let worker = try WorkerProcess(arguments: [
      "serve", "--root", folder.path, "--state", ":memory:", "--plugins=-test",
    ])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"test/echo","params":{}}"#)
    let replies = ProcessPluginTests.byID(await worker.waitForMessages(2))
    let methods = replies[1]?["result"]?["methods"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    #expect(methods.contains("estate/load") && !methods.contains("test/echo"))
    #expect(replies[2]?["error"]?["code"] == -32601)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    #expect(LazyPluginTests.starts(in: folder) == 0)  // never started

    let back = try await CLIRun.run([
      "plugins", "list", "--root", folder.path, "--plugins=-test,+test", "--format", "json",
    ])
    #expect(back.json?["plugins"]?.arrayValue?.first?["state"] == "ready")
    let unknown = try await CLIRun.run(["serve", "--root", folder.path, "--state", ":memory:", "--plugins=-tset"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("--plugins: unknown plugin 'tset'; available: "))
    #expect(unknown.stderr.contains(", test"))
  }
}
