public import PluginAPI
import WorkerProtocol

/// The methods the worker answers, keyed by name, with the plugin that owns each.
///
/// Built once at start-up and read-only afterwards. Registering a name twice is a
/// start-up error naming both owners, so no plugin can silently shadow another.
public struct MethodRegistry: Sendable {
  /// A registered method with its owner.
  public struct Entry: Sendable {
    /// The plugin (or `worker` for built-ins) that owns the method.
    public let owner: String
    /// The method.
    public let spec: MethodSpec
  }

  /// A plugin as `initialize` reports it.
  public struct PluginInfo: Sendable, Hashable {
    public let name: String
    public let version: String
    public let summary: String
    public let methods: [String]
  }

  /// Why the registry could not be built.
  public enum RegistrationError: Error, Hashable, CustomStringConvertible {
    /// Two owners declared the same method.
    case duplicateMethod(method: String, firstOwner: String, secondOwner: String)
    /// Two plugins have the same name.
    case duplicatePlugin(name: String)
    /// `--plugins` named a plugin that is not compiled in.
    case unknownPlugin(name: String, available: [String])

    public var description: String {
      switch self {
      case .duplicateMethod(let method, let first, let second):
        "method '\(method)' is registered by both '\(first)' and '\(second)'"
      case .duplicatePlugin(let name):
        "plugin '\(name)' is listed twice"
      case .unknownPlugin(let name, let available):
        "unknown plugin '\(name)'; available: \(available.joined(separator: ", "))"
      }
    }
  }

  private var entries: [String: Entry] = [:]
  /// The enabled plugins in registration order.
  public private(set) var plugins: [PluginInfo] = []
  /// The MCP resources of the enabled plugins, in registration order.
  public private(set) var resources: [ResourceSpec] = []

  /// Makes an empty registry.
  public init() {}

  /// Builds a registry from compiled-in plugins, keeping those `enabled` names (or the default set when `nil`).
  ///
  /// - Throws: ``RegistrationError`` for an unknown name in `enabled`, a duplicate plugin or a duplicate method.
  public init(plugins available: [any WorkerPlugin], enabled: [String]? = nil) throws(RegistrationError) {
    self.init()
    let names = available.map(\.name)
    if let enabled {
      for name in enabled where !names.contains(name) {
        throw .unknownPlugin(name: name, available: names)
      }
    }
    for plugin in available {
      let isEnabled = enabled.map { $0.contains(plugin.name) } ?? plugin.enabledByDefault
      if isEnabled { try register(plugin) }
    }
  }

  /// Adds a plugin and its methods.
  ///
  /// - Throws: ``RegistrationError`` when the plugin or one of its methods is already registered.
  public mutating func register(_ plugin: any WorkerPlugin) throws(RegistrationError) {
    if plugins.contains(where: { $0.name == plugin.name }) {
      throw .duplicatePlugin(name: plugin.name)
    }
    let methods = plugin.methods
    for spec in methods {
      try reserve(spec.name, owner: plugin.name)
      entries[spec.name] = Entry(owner: plugin.name, spec: spec)
    }
    resources += plugin.resources
    plugins.append(
      PluginInfo(name: plugin.name, version: plugin.version, summary: plugin.summary, methods: methods.map(\.name)))
  }

  /// Claims a name for an owner that handles it outside the registry (the worker's built-ins).
  public mutating func reserve(_ method: String, owner: String) throws(RegistrationError) {
    if let existing = entries[method] {
      throw .duplicateMethod(method: method, firstOwner: existing.owner, secondOwner: owner)
    }
    if let builtin = BuiltinMethods.all.first(where: { $0.name == method }), owner != BuiltinMethods.owner {
      throw .duplicateMethod(method: builtin.name, firstOwner: BuiltinMethods.owner, secondOwner: owner)
    }
  }

  /// The method registered under `name`.
  public func entry(for name: String) -> Entry? { entries[name] }

  /// Every plugin method, sorted by name.
  public var sortedEntries: [Entry] { entries.values.sorted { $0.spec.name < $1.spec.name } }
}
