import Foundation
import WorkerProtocol

/// One process plugin as a manifest or `--plugin` names it: what to run, with which environment, where.
public struct PluginEntry: Sendable, Hashable {
  /// The plugin's name in the worker, in its errors and log lines; its rule ids must start with `name.`.
  public let name: String
  /// The executable: a name looked up on `PATH`, or a path (relative ones resolve against `directory`).
  public let command: String
  /// Arguments after the executable.
  public let arguments: [String]
  /// Variables added to the plugin's environment (the worker passes only an allowlist of its own).
  public let environment: [String: String]
  /// The working directory of the plugin process.
  public let directory: String
  /// Where the entry came from (a manifest file or `--plugin`), for messages and `plugins list`.
  public let source: String
  /// How long one call may wait for its answer (`timeoutMs`); `nil` takes the worker's default.
  public var callTimeout: Duration?
  /// When the process starts (`start`): at the worker's start-up, or at the first call of one of its methods or
  /// rules.
  public var start: StartMode = .eager
  /// A lazy plugin's methods and rules as its manifest entry declares them (in the handshake's form), registered
  /// before it runs; its handshake must declare the same names.
  public var declared: PluginDescription?

  /// When a plugin process starts.
  public enum StartMode: String, Sendable, Hashable {
    /// At the worker's start-up, which waits for the handshake (the default).
    case eager
    /// At the first call; the manifest declares the methods and rules.
    case lazy
  }

  /// Describes a plugin.
  public init(
    name: String, command: String, arguments: [String] = [], environment: [String: String] = [:], directory: String,
    source: String
  ) {
    self.name = name
    self.command = command
    self.arguments = arguments
    self.environment = environment
    self.directory = directory
    self.source = source
  }

  /// The executable and arguments as `uv_spawn` takes them: a command with a slash is resolved against `directory`.
  public var argv: [String] {
    let program =
      command.contains("/") && !command.hasPrefix("/")
      ? URL(fileURLWithPath: command, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).path
      : command
    return [program] + arguments
  }

  /// Variables passed through from the worker's own environment; everything else (credentials) stays behind.
  /// (`PYTHONPATH` and `VIRTUAL_ENV` let Python plugins find their packages.)
  public static let inheritedVariables = [
    "PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "PYTHONPATH", "VIRTUAL_ENV",
  ]

  /// The plugin's whole environment as `NAME=value` strings: the allowlist from `parent`, then the entry's own.
  public func environmentList(parent: [String: String]) -> [String] {
    var merged: [String: String] = [:]
    for name in Self.inheritedVariables { merged[name] = parent[name] }
    merged.merge(environment) { _, own in own }
    return merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
  }
}

/// Why the plugin manifest or a `--plugin` flag could not be used.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
  /// The file (or `--plugin`) at fault.
  public let source: String
  /// What is wrong, naming the field.
  public let reason: String
  /// The line and column in `source`, when the parser gives them (a TOML syntax error).
  public var position: (line: Int, column: Int)?

  /// Describes an error in `source`.
  public init(source: String, reason: String, position: (line: Int, column: Int)? = nil) {
    self.source = source
    self.reason = reason
    self.position = position
  }

  public var description: String {
    guard let position else { return "\(source): \(reason)" }
    return "\(source):\(position.line):\(position.column): \(reason)"
  }
}

/// Reads `csmigrate.plugins.json` (or `.toml`) files and `--plugin NAME=COMMAND` flags into ``PluginEntry``
/// values.
///
/// The file is `{"plugins": [{"name", "command", "args"?, "env"?, "cwd"?, "timeoutMs"?, "start"?}]}` (a lazy entry
/// adds `methods`, `rules`, `version`? and `summary`?); `cwd` resolves against the file's folder, which is also the
/// default working directory, and a relative `command` against the working directory. The TOML form has the same
/// fields, one `[[plugins]]` table per entry.
public enum PluginManifest {
  /// The manifest's file name, looked for under `--root` and the user's configuration folder.
  public static let fileName = "csmigrate.plugins.json"
  /// The TOML manifest's file name, looked for in the same folders; a folder may hold only one of the two.
  public static let tomlFileName = "csmigrate.plugins.toml"

  /// The user's configuration folder: `$XDG_CONFIG_HOME/csmigrate`, or `~/.config/csmigrate`.
  public static func userConfigDirectory(environment: [String: String]) -> String? {
    if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/csmigrate" }
    if let home = environment["HOME"], !home.isEmpty { return home + "/.config/csmigrate" }
    return nil
  }

  /// Every plugin the user's configuration folder, the root and the flags name, in that order.
  ///
  /// A later source replaces an earlier entry of the same name (the root's manifest overrides the user's, a flag
  /// overrides both); a name used twice within one source is an error.
  public static func entries(
    root: String, configDirectory: String?, flags: [String], currentDirectory: String
  ) throws(ManifestError) -> [PluginEntry] {
    var ordered: [PluginEntry] = []
    func add(_ batch: [PluginEntry]) {
      for entry in batch {
        if let index = ordered.firstIndex(where: { $0.name == entry.name }) {
          ordered[index] = entry
        } else {
          ordered.append(entry)
        }
      }
    }
    for folder in [configDirectory, root].compactMap(\.self) {
      guard let path = try manifestFile(in: folder) else { continue }
      add(try read(file: path))
    }
    add(try flags.map { flag throws(ManifestError) in try parse(flag: flag, currentDirectory: currentDirectory) })
    return ordered
  }

  /// The manifest in `folder`: `csmigrate.plugins.json` or `csmigrate.plugins.toml`, nil when neither is there.
  ///
  /// - Throws: ``ManifestError`` naming both files when both are there (neither silently wins).
  public static func manifestFile(in folder: String) throws(ManifestError) -> String? {
    let found = [fileName, tomlFileName].map { URL(fileURLWithPath: folder).appendingPathComponent($0).path }
      .filter { FileManager.default.fileExists(atPath: $0) }
    guard found.count < 2 else {
      throw ManifestError(
        source: found[0], reason: "\(found[1]) is there too; keep one manifest per folder (JSON or TOML)")
    }
    return found.first
  }

  /// Reads one manifest file: TOML when its name ends in `.toml`, JSON otherwise.
  public static func read(file path: String) throws(ManifestError) -> [PluginEntry] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ManifestError(source: path, reason: "cannot be read")
    }
    let document: JSONValue
    if path.hasSuffix(".toml") {
      document = try TOMLManifest.document(data, path: path)
    } else {
      do {
        document = try JSONParser.parse([UInt8](data))
      } catch {
        throw ManifestError(source: path, reason: "is not JSON (\(error))")
      }
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard let list = document["plugins"]?.arrayValue else {
      throw ManifestError(source: path, reason: "plugins must be an array")
    }
    var entries: [PluginEntry] = []
    for (index, item) in list.enumerated() {
      let entry = try entry(item, field: "plugins[\(index)]", folder: folder, source: path)
      if entries.contains(where: { $0.name == entry.name }) {
        throw ManifestError(source: path, reason: "plugins[\(index)].name: '\(entry.name)' is listed twice")
      }
      entries.append(entry)
    }
    return entries
  }

  /// Reads `NAME=COMMAND [ARG ...]` (arguments split on spaces) from `--plugin`.
  public static func parse(flag: String, currentDirectory: String) throws(ManifestError) -> PluginEntry {
    let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
    let words = parts.count == 2 ? parts[1].split(separator: " ").map(String.init) : []
    guard parts.count == 2, let command = words.first else {
      throw ManifestError(source: "--plugin \(flag)", reason: "expected NAME=COMMAND")
    }
    try checkName(parts[0], source: "--plugin \(flag)", field: "NAME")
    return PluginEntry(
      name: parts[0], command: command, arguments: Array(words.dropFirst()), directory: currentDirectory,
      source: "--plugin")
  }

  private static func entry(_ item: JSONValue, field: String, folder: String, source: String) throws(ManifestError)
    -> PluginEntry
  {
    guard let name = item["name"]?.stringValue else {
      throw ManifestError(source: source, reason: "\(field).name must be a string")
    }
    try checkName(name, source: source, field: "\(field).name")
    guard let command = item["command"]?.stringValue, !command.isEmpty else {
      throw ManifestError(source: source, reason: "\(field).command must be a non-empty string")
    }
    var arguments: [String] = []
    if let args = item["args"] {
      guard let list = args.arrayValue?.compactMap(\.stringValue), list.count == args.arrayValue?.count else {
        throw ManifestError(source: source, reason: "\(field).args must be an array of strings")
      }
      arguments = list
    }
    var environment: [String: String] = [:]
    if let env = item["env"] {
      guard let object = env.objectValue else {
        throw ManifestError(source: source, reason: "\(field).env must be an object of strings")
      }
      for (key, value) in object {
        guard let text = value.stringValue else {
          throw ManifestError(source: source, reason: "\(field).env.\(key) must be a string")
        }
        environment[key] = text
      }
    }
    var directory = folder
    if let cwd = item["cwd"] {
      guard let text = cwd.stringValue else {
        throw ManifestError(source: source, reason: "\(field).cwd must be a string")
      }
      directory = URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: folder, isDirectory: true)).path
    }
    var entry = PluginEntry(
      name: name, command: command, arguments: arguments, environment: environment, directory: directory,
      source: source)
    if let timeout = item["timeoutMs"] {
      guard let milliseconds = timeout.intValue, milliseconds > 0 else {
        throw ManifestError(source: source, reason: "\(field).timeoutMs must be a positive integer")
      }
      entry.callTimeout = .milliseconds(milliseconds)
    }
    if let start = item["start"] {
      guard let mode = start.stringValue.flatMap(PluginEntry.StartMode.init(rawValue:)) else {
        throw ManifestError(source: source, reason: "\(field).start must be \"eager\" or \"lazy\"")
      }
      entry.start = mode
    }
    if entry.start == .lazy {
      entry.declared = try declaration(item, field: field, name: name, source: source)
    }
    return entry
  }

  /// A lazy entry's `methods`, `rules` (as `plugin/initialize` answers them) and optional `version` and `summary`.
  private static func declaration(_ item: JSONValue, field: String, name: String, source: String)
    throws(ManifestError) -> PluginDescription
  {
    let declared: JSONValue = [
      "protocolVersion": .number(JSONNumber(PluginDescription.protocolVersion)),
      "version": item["version"] ?? "not started", "summary": item["summary"] ?? "",
      "methods": item["methods"] ?? [], "rules": item["rules"] ?? [],
    ]
    do {
      return try PluginDescription(result: declared, plugin: name)
    } catch {
      throw ManifestError(source: source, reason: "\(field).\(error.description)")
    }
  }

  private static func checkName(_ name: String, source: String, field: String) throws(ManifestError) {
    let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    guard !name.isEmpty, allowed else {
      throw ManifestError(source: source, reason: "\(field) '\(name)' must be letters, digits, '-' or '_'")
    }
  }
}
