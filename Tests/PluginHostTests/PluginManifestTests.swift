import Foundation
import PluginAPI
import Testing
import WorkerProtocol

@testable import PluginHost

/// `csmigrate.plugins.toml` read beside `csmigrate.plugins.json`: the same entries from the same fields.
struct PluginManifestTests {
  /// A fresh folder holding `text` as `name`.
  static func folder(writing text: String, as name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    return folder
  }

  static let json = """
    {"plugins": [
      {"name": "eager", "command": "./bin/plugin", "args": ["--fast", "x"], "env": {"A": "1", "B": "two"},
       "cwd": "work", "timeoutMs": 1500},
      {"name": "lazy", "command": "python3", "start": "lazy", "version": "2.0", "summary": "Declared.",
       "methods": [{"name": "lazy/echo", "summary": "Echoes.", "writes": true}],
       "rules": [{"id": "lazy.RULE", "scope": "deployment", "severity": "Warning", "summary": "A rule.",
                  "message": "Deployment {deployment}.", "fix": "Fix it."}]}
    ]}
    """

  static let toml = """
    [[plugins]]
    name = "eager"
    command = "./bin/plugin"
    args = ["--fast", "x"]
    env = { A = "1", B = "two" }
    cwd = "work"
    timeoutMs = 1500

    [[plugins]]
    name = "lazy"
    command = "python3"
    start = "lazy"
    version = "2.0"
    summary = "Declared."
    methods = [{ name = "lazy/echo", summary = "Echoes.", writes = true }]

    [[plugins.rules]]
    id = "lazy.RULE"
    scope = "deployment"
    severity = "Warning"
    summary = "A rule."
    message = "Deployment {deployment}."
    fix = "Fix it."
    """

  @Test func tomlAndJSONManifestsGiveTheSameEntries() throws {
    let jsonFolder = try Self.folder(writing: Self.json, as: PluginManifest.fileName)
    let tomlFolder = try Self.folder(writing: Self.toml, as: PluginManifest.tomlFileName)
    defer {
      try? FileManager.default.removeItem(at: jsonFolder)
      try? FileManager.default.removeItem(at: tomlFolder)
    }
    let fromJSON = try PluginManifest.entries(
      root: jsonFolder.path, configDirectory: nil, flags: [], currentDirectory: "/")
    let fromTOML = try PluginManifest.entries(
      root: tomlFolder.path, configDirectory: nil, flags: [], currentDirectory: "/")
    #expect(fromTOML.count == 2)
    #expect(fromTOML.first?.source == tomlFolder.appendingPathComponent(PluginManifest.tomlFileName).path)
    #expect(fromTOML.first?.argv == [tomlFolder.appendingPathComponent("work/bin/plugin").path, "--fast", "x"])
    #expect(fromTOML.first?.directory == tomlFolder.appendingPathComponent("work").path)
    #expect(fromTOML.first?.callTimeout == .milliseconds(1500))
    #expect(fromTOML.last?.declared?.rules.map(\.id) == ["lazy.RULE"])
    for (json, toml) in zip(fromJSON, fromTOML) {
      #expect(json.name == toml.name)
      #expect(json.command == toml.command && json.arguments == toml.arguments)
      #expect(json.environment == toml.environment)
      #expect(json.callTimeout == toml.callTimeout && json.start == toml.start)
      #expect(json.declared == toml.declared)
    }
  }

  @Test func tomlSyntaxErrorGivesFileLineAndColumn() throws {
    let folder = try Self.folder(writing: "[[plugins]]\nname = \"x\"\ncommand = = 3\n", as: PluginManifest.tomlFileName)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent(PluginManifest.tomlFileName).path
    let error = #expect(throws: ManifestError.self) { try PluginManifest.read(file: path) }
    #expect(error?.position?.line == 3)
    #expect(error?.description.hasPrefix("\(path):3:") == true)
    #expect(error?.reason.hasPrefix("is not TOML (") == true)
  }
}
