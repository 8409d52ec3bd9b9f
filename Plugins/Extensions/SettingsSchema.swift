import EstateModel
import Foundation

/// The public and private configuration shapes of the extensions whose schema is documented.
///
/// Checks report key names and shapes only; a value (public or secret) never appears in what they return.
struct SettingsSchema: Sendable {
  /// Keys a configuration may have.
  var allowed: Set<String>
  /// Groups of keys of which at least one must be present (each group is an either-or).
  var required: [[String]]
  /// Element names an XML configuration string must contain.
  var requiredXMLElements: [String]
  /// Whether any configuration at all is accepted (false: the extension takes none).
  var acceptsAny: Bool = true

  /// Public (`settings`) and private (`protectedSettings`) schemas by extension kind.
  static let publicSchemas: [ExtensionKind: SettingsSchema] = [
    .remoteDesktop: SettingsSchema(
      allowed: ["UserName", "Expiration"], required: [["UserName"], ["Expiration"]],
      requiredXMLElements: ["UserName", "Expiration"]),
    .diagnostics: SettingsSchema(
      allowed: ["WadCfg", "xmlCfg", "StorageAccount", "StorageType"], required: [["WadCfg", "xmlCfg"]],
      requiredXMLElements: ["WadCfg"]),
    .antimalware: SettingsSchema(
      allowed: ["AntimalwareEnabled", "RealtimeProtectionEnabled", "ScheduledScanSettings", "Exclusions"],
      required: [["AntimalwareEnabled"]], requiredXMLElements: ["AntimalwareEnabled"]),
  ]

  /// Private schemas by extension kind.
  static let privateSchemas: [ExtensionKind: SettingsSchema] = [
    .remoteDesktop: SettingsSchema(allowed: ["Password"], required: [["Password"]], requiredXMLElements: ["Password"]),
    .diagnostics: SettingsSchema(
      allowed: [
        "storageAccountName", "storageAccountKey", "storageAccountEndPoint", "storageAccountSasToken", "EventHub",
      ],
      required: [["storageAccountName"], ["storageAccountKey", "storageAccountSasToken"]],
      requiredXMLElements: ["StorageAccount"]),
    .antimalware: SettingsSchema(allowed: [], required: [], requiredXMLElements: [], acceptsAny: false),
  ]

  /// Why a configuration does not fit, one reason per entry (empty when it fits).
  func violations(of value: JSONFragment) -> [String] {
    guard acceptsAny else { return ["takes no configuration"] }
    switch value {
    case .string(let text):
      let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
      guard trimmed.hasPrefix("<") else { return ["is a string but not an XML configuration"] }
      return requiredXMLElements.filter { !trimmed.contains("<\($0)") }.map { "lacks the element \($0)" }
    case .object(let members):
      var reasons = members.keys.sorted().filter { !allowed.contains($0) }.map { "has the unknown key \($0)" }
      for group in required where !group.contains(where: { members[$0] != nil }) {
        reasons.append("lacks " + group.joined(separator: " or "))
      }
      return reasons
    default:
      return ["is neither an object nor an XML string"]
    }
  }

  /// Reads a protected configuration kept as secret JSON text; nil when it holds no JSON value.
  static func parseSecret(_ value: ConfigValue) -> JSONFragment? {
    guard !value.text.isEmpty else { return nil }
    return try? JSONDecoder().decode(JSONFragment.self, from: Data(value.text.utf8))
  }

  /// Every violation of an extension's configurations, labelled `settings` or `protectedSettings`.
  static func violations(of item: RoleExtension) -> [String] {
    let kind = ExtensionCatalog.kind(of: item)
    var reasons: [String] = []
    if let schema = publicSchemas[kind], let settings = item.publicSettings, settings != .null {
      reasons += schema.violations(of: settings).map { "settings " + $0 }
    }
    if let schema = privateSchemas[kind], let secret = item.protectedSettings, let parsed = parseSecret(secret) {
      if parsed != .null && !(parsed == .object([:]) && !schema.acceptsAny) {
        reasons += schema.violations(of: parsed).map { "protectedSettings " + $0 }
      }
    }
    return reasons
  }
}
