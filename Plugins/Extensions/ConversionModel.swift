import EstateModel

/// `CloudServiceExtensionProperties` as the template writes them.
struct ExtensionProperties: Codable, Sendable, Hashable {
  /// The publisher namespace.
  var publisher: String
  /// The handler type.
  var type: String
  /// The handler version (`X.Y`, `X.*` or `*`).
  var typeHandlerVersion: String
  /// Whether minor upgrades are applied automatically.
  var autoUpgradeMinorVersion: Bool
  /// Public settings: an XML string, a JSON object, or a parameter reference.
  var settings: JSONFragment?
  /// Always a `[parameters('…')]` reference to a secure parameter, never a value.
  var protectedSettings: String?
  /// The roles it applies to; absent means every role.
  var rolesAppliedTo: [String]?
  /// Optional tag that forces the settings to be applied again.
  var forceUpdateTag: String?
}

/// Where a converted entry comes from.
struct ConversionOrigin: Codable, Sendable, Hashable {
  /// `plugin` or `extension`.
  var category: String
  /// The plugin module or classic extension name.
  var name: String
  /// The roles it came from.
  var roles: [String]
  /// Non-secret values carried over (user name, expiry, certificate thumbprint, storage account name).
  var carried: [String: String]
}

/// Something the user must provide before deploying.
struct SupplyItem: Codable, Sendable, Hashable {
  /// The template parameter that receives it, when there is one.
  var parameter: String?
  /// What to supply and why.
  var what: String
}

/// One `extensionProfile.extensions[]` entry with its provenance.
struct ConvertedExtension: Codable, Sendable, Hashable {
  /// The extension name in the profile.
  var name: String
  /// Its properties.
  var properties: ExtensionProperties
  /// Where it comes from.
  var origin: ConversionOrigin
  /// What the user must still supply.
  var userMustSupply: [SupplyItem]
}

/// A template parameter the entries reference.
struct ExtensionParameter: Codable, Sendable, Hashable {
  /// The parameter name.
  var name: String
  /// `string`, `securestring` or `secureObject`.
  var type: String
  /// What it holds.
  var description: String
  /// A suggested value with blanks to fill, for non-secret parameters only.
  var suggestedValue: String?
}

/// An add-on that does not reach the extension profile.
struct DroppedAddOn: Codable, Sendable, Hashable {
  /// `plugin` or `extension`.
  var category: String
  /// The name.
  var name: String
  /// The roles it applied to.
  var roles: [String]
  /// Why.
  var reason: String
}

/// A `.csdef`/`.cscfg` element to remove so the plugins are gone (what `artifacts/rewrite` does).
struct ArtifactEdit: Codable, Sendable, Hashable {
  /// `csdef` or `cscfg`.
  var artifact: String
  /// The file, when known.
  var file: String?
  /// The 1-based line, when known.
  var line: Int?
  /// The role.
  var role: String
  /// `Import`, `Setting` or `Certificate`.
  var element: String
  /// The module, setting or certificate name.
  var name: String
  /// Always `remove`.
  var action: String
}

/// The conversion of one deployment.
struct DeploymentConversion: Codable, Sendable, Hashable {
  /// The cloud service.
  var service: String
  /// The deployment name (or slot).
  var deployment: String
  /// The entries, in profile order (converted plugins first, then extensions by name).
  var extensions: [ConvertedExtension]
  /// Parameters the entries reference, by name.
  var parameters: [ExtensionParameter]
  /// Add-ons that are not carried over.
  var dropped: [DroppedAddOn]
  /// Plugin removals for the `.csdef`/`.cscfg`.
  var artifactEdits: [ArtifactEdit]
}
