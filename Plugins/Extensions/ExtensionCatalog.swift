import EstateModel

/// The extensions and plugins whose identity and settings schema the plugin knows.
enum ExtensionKind: String, Sendable, Hashable, CaseIterable {
  /// `Microsoft.Windows.Azure.Extensions` / `RDP`.
  case remoteDesktop
  /// `Microsoft.Azure.Diagnostics` / `PaaSDiagnostics`.
  case diagnostics
  /// `Microsoft.Azure.Security` / `PaaSAntimalware`.
  case antimalware
  /// An XML extension the platform lists as supported (BGInfo, debugger, Web Deploy, remote debugging).
  case xmlSupported
  /// Anything else.
  case other
}

/// Identity of an extended-support extension: publisher, type and the handler version to ask for.
struct ExtensionIdentity: Sendable, Hashable {
  var publisher: String
  var type: String
  var version: String
}

/// Known extension identities and the tests that recognise them (data, not code paths).
enum ExtensionCatalog {
  /// Extended-support identities by kind (`deploy-template.md`, `enable-wad.md`, `enable-antimalware.md`).
  static let identities: [ExtensionKind: ExtensionIdentity] = [
    .remoteDesktop: ExtensionIdentity(publisher: "Microsoft.Windows.Azure.Extensions", type: "RDP", version: "1.2.1"),
    .diagnostics: ExtensionIdentity(publisher: "Microsoft.Azure.Diagnostics", type: "PaaSDiagnostics", version: "1.5"),
    .antimalware: ExtensionIdentity(publisher: "Microsoft.Azure.Security", type: "PaaSAntimalware", version: "1.5"),
  ]

  /// Lower-cased name/type fragments that identify each kind (ASM extension IDs carry only a name).
  static let markers: [(kind: ExtensionKind, fragments: [String])] = [
    (.remoteDesktop, ["rdp", "remotedesktop", "remoteaccess"]),
    (.diagnostics, ["paasdiagnostics", "diagnostics", "wad"]),
    (.antimalware, ["antimalware", "microsoft.azure.security"]),
    (.xmlSupported, ["bginfo", "debugger", "webdeploy", "remotedebug"]),
  ]

  /// Plugin modules the platform names (`Imports/Import@moduleName`), in a stable order.
  static let remoteDesktopModules = ["RemoteAccess", "RemoteForwarder"]

  /// The `.cscfg` setting prefix of plugin modules.
  static let pluginPrefix = "Microsoft.WindowsAzure.Plugins."
  /// RemoteAccess settings the import declares.
  static let remoteAccessSettings = ["Enabled", "AccountUsername", "AccountEncryptedPassword", "AccountExpiration"]
  /// The RemoteAccess password-encryption certificate.
  static let passwordCertificate = pluginPrefix + "RemoteAccess.PasswordEncryption"
  /// The Diagnostics plugin connection string setting.
  static let diagnosticsConnectionString = pluginPrefix + "Diagnostics.ConnectionString"

  /// Imports `artifacts/rewrite` removes (kept in step with the engine's ArtifactRewriter).
  static let removedImports = ["RemoteAccess", "RemoteForwarder", "Diagnostics"]

  /// What kind an extension is, from its type, publisher and name.
  static func kind(of item: RoleExtension) -> ExtensionKind {
    let texts = [item.type, item.publisher, item.name].compactMap { $0?.lowercased() }
    if texts.contains(where: { $0 == "rdp" || $0.hasPrefix("rdp-") || $0.contains("remotedesktop") }) {
      return .remoteDesktop
    }
    for (kind, fragments) in markers where kind != .remoteDesktop {
      if texts.contains(where: { text in fragments.contains { text.contains($0) } }) { return kind }
    }
    if texts.contains(where: { $0.contains("rdp") }) { return .remoteDesktop }
    return .other
  }

  /// The plugin module a setting or certificate name belongs to, or nil.
  static func module(ofSetting name: String) -> String? {
    guard name.hasPrefix(pluginPrefix) else { return nil }
    return name.dropFirst(pluginPrefix.count).split(separator: ".").first.map(String.init)
  }
}

extension Deployment {
  /// Every extension of the deployment with the roles it applies to (nil: all roles), enabled or not.
  var extensionPlacements: [(extension: RoleExtension, roles: [String]?)] {
    var result: [(extension: RoleExtension, roles: [String]?)] = allRoleExtensions.map { ($0, nil) }
    for role in roles {
      for item in role.extensions {
        if let index = result.firstIndex(where: { $0.roles != nil && $0.extension == item }) {
          result[index].roles?.append(role.name)
        } else {
          result.append((item, [role.name]))
        }
      }
    }
    return result
  }
}
