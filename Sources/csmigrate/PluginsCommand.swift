import ArgumentParser
import Foundation
import Logging
import PluginAPI
import PluginHost
import WorkerProtocol

/// `csmigrate plugins`: the process plugins the manifests and `--plugin` name.
struct PluginsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plugins",
    abstract: "Show the process plugins (csmigrate.plugins.json or .toml, --plugin) and their state.",
    subcommands: [PluginsListCommand.self],
    defaultSubcommand: PluginsListCommand.self
  )
}

/// `csmigrate plugins list`: starts each process plugin, shows what its handshake says, and stops it.
struct PluginsListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "Start each process plugin once and show its state, version and methods.",
    discussion: """
      Reads csmigrate.plugins.json (or csmigrate.plugins.toml) in the user's configuration folder \
      ($XDG_CONFIG_HOME/csmigrate or ~/.config/csmigrate) and under --root, then --plugin NAME=COMMAND. A plugin \
      that does not start is listed as failed with the reason; one that --plugins leaves out (-NAME) as disabled, \
      without starting it. Exit code 1 when any plugin failed.
      """
  )

  @OptionGroup var engine: EngineOptions

  @Option(name: .long, help: "text or json.")
  var format: ReportFormat = .text

  func run() throws {
    WorkerAssembly.bootstrapLogging(level: .warning)
    let entries = try ProcessPlugins.entries(engine.settings)
    let chosen = try engine.settings.enabledPlugins(processPlugins: entries.map(\.name))
    let enabled = entries.filter { chosen.contains($0.name) }
    let host = ProcessPlugins.host(enabled)
    let outcomes = ProcessPlugins.startAll(host, startingLazy: true)
    ProcessPlugins.stopAll(host)
    let started = Dictionary(uniqueKeysWithValues: zip(enabled.map(\.name), outcomes))
    let rows: [JSONValue] = entries.map { entry in
      var row: JSONValue = [
        "name": .string(entry.name), "command": .array(entry.argv.map(JSONValue.string)),
        "source": .string(entry.source),
      ]
      switch started[entry.name] {
      case nil:
        row = merge(row, ["state": "disabled"])
      case .success(let plugin):
        row = merge(
          row,
          [
            "state": "ready", "version": .string(plugin.version),
            "methods": .array(plugin.methods.map { .string($0.name) }),
          ])
      case .failure(let failure):
        row = merge(
          row, ["state": "failed", "reason": .string(failure.reason.rawValue), "error": .string(failure.detail)])
      }
      return row
    }
    switch format {
    case .json:
      print(JSONValue.object(JSONObject([("plugins", .array(rows))])).jsonText)
    case .text:
      if rows.isEmpty {
        print("No process plugins: add csmigrate.plugins.json (or .toml) under --root, or pass --plugin.")
      }
      for row in rows { print(Self.text(row)) }
    }
    if outcomes.contains(where: { if case .failure = $0 { true } else { false } }) { throw ExitCode(1) }
  }

  private func merge(_ base: JSONValue, _ extra: JSONValue) -> JSONValue {
    var object = base.objectValue ?? JSONObject()
    for (key, value) in extra.objectValue ?? JSONObject() { object[key] = value }
    return .object(object)
  }

  /// One plugin as text: `name  state  version  methods` then its command and where it was declared.
  static func text(_ row: JSONValue) -> String {
    let name = row["name"]?.stringValue ?? ""
    let command = (row["command"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " ")
    let source = row["source"]?.stringValue ?? ""
    if row["state"] == "ready" {
      let methods = (row["methods"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
      return "\(name)  ready  \(row["version"]?.stringValue ?? "")  methods: \(methods)\n  \(command)  (\(source))"
    }
    if row["state"] == "disabled" {
      return "\(name)  disabled  (--plugins -\(name))\n  \(command)  (\(source))"
    }
    return "\(name)  failed  \(row["error"]?.stringValue ?? "")\n  \(command)  (\(source))"
  }
}
