/// What importing a legacy plugin module implicitly declares in a role.
///
/// Importing `RemoteAccess` declares four settings and the `PasswordEncryption` certificate; the `.cscfg` must
/// then give them values, and may give them without the `.csdef` declaring them itself.
struct PluginCatalog {
  /// The declarations one module brings.
  struct Module {
    /// Setting name suffixes after `Microsoft.WindowsAzure.Plugins.<module>.` that must have values.
    var settings: [String]
    /// Certificate name suffixes after `Microsoft.WindowsAzure.Plugins.<module>.` that must have thumbprints.
    var certificates: [String]
    /// Whether any other setting under the module's prefix is accepted too (modules whose set varies by SDK).
    var acceptsOtherSettings: Bool
  }

  /// The plugin name prefix.
  static let prefix = "Microsoft.WindowsAzure.Plugins."

  /// Known modules by name.
  static let modules: [String: Module] = [
    "RemoteAccess": Module(
      settings: ["Enabled", "AccountUsername", "AccountEncryptedPassword", "AccountExpiration"],
      certificates: ["PasswordEncryption"], acceptsOtherSettings: false),
    "RemoteForwarder": Module(settings: ["Enabled"], certificates: [], acceptsOtherSettings: false),
    "Diagnostics": Module(settings: ["ConnectionString"], certificates: [], acceptsOtherSettings: false),
    "Caching": Module(settings: [], certificates: [], acceptsOtherSettings: true),
    "Connect": Module(settings: [], certificates: [], acceptsOtherSettings: true),
  ]

  /// The module a plugin setting or certificate name belongs to (`RemoteAccess` for
  /// `Microsoft.WindowsAzure.Plugins.RemoteAccess.Enabled`), or nil for ordinary names.
  static func module(ofName name: String) -> String? {
    guard name.hasPrefix(prefix) else { return nil }
    return name.dropFirst(prefix.count).split(separator: ".").first.map(String.init)
  }

  /// Fully qualified setting names a module declares.
  static func settings(of module: String) -> [String] {
    (modules[module]?.settings ?? []).map { "\(prefix)\(module).\($0)" }
  }

  /// Fully qualified certificate names a module declares.
  static func certificates(of module: String) -> [String] {
    (modules[module]?.certificates ?? []).map { "\(prefix)\(module).\($0)" }
  }
}
