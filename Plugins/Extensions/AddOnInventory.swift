import EstateModel
import PluginAPI

/// Where an add-on was found: a file position, or the estate document / ASM facts.
struct AddOnSource: Codable, Sendable, Hashable {
  /// `csdef`, `cscfg` or `estate`.
  var kind: String
  /// The file, when the add-on comes from one.
  var file: String?
  /// The 1-based line, when known.
  var line: Int?
}

/// One plugin import or extension of a role.
struct AddOn: Codable, Sendable, Hashable {
  /// `plugin` or `extension`.
  var category: String
  /// The module name (plugins) or extension name.
  var name: String
  /// The recognised kind (`remoteDesktop`, `diagnostics`, `antimalware`, `xmlSupported`, `other`).
  var kind: String
  /// Whether it is enabled (plugins: always true).
  var enabled: Bool
  /// Extension type, when known.
  var type: String?
  /// Extension publisher, when known.
  var publisher: String?
  /// Extension version, when known.
  var version: String?
  /// Whether it applies to every role of the deployment (extensions only).
  var appliesToAllRoles: Bool?
  /// Whether it has protected settings (never their content).
  var hasProtectedSettings: Bool?
  /// What happens to it on migration.
  var outcome: String
  /// Where it was found.
  var source: AddOnSource
}

/// The add-ons of one role.
struct RoleAddOns: Codable, Sendable, Hashable {
  /// The role name.
  var role: String
  /// Plugins first (in file order), then extensions (by name).
  var addOns: [AddOn]
}

/// The add-ons of one deployment.
struct DeploymentAddOns: Codable, Sendable, Hashable {
  /// The cloud service.
  var service: String
  /// The deployment name (or slot).
  var deployment: String
  /// The slot.
  var slot: String
  /// Per role, in deployment order.
  var roles: [RoleAddOns]
}

/// Builds the inventory of plugins and extensions.
enum AddOnInventory {
  /// Outcome texts (platform wording from `in-place-migration-technical-details.md` where it has one).
  enum Outcome {
    static let plugin = "Plugins are a legacy concept and should be removed before migration."
    static let enabled = "All enabled and supported extensions are migrated."
    static let disabled = "Disabled extensions won't be migrated."
  }

  /// Every deployment's add-ons, services by name, deployments by slot.
  ///
  /// - Throws: the cancellation error when the request is cancelled between two services (``WorkSteps``).
  static func inventory(of estate: Estate) throws(PluginError) -> [DeploymentAddOns] {
    let services = estate.cloudServices.sorted { $0.name < $1.name }
    var result: [DeploymentAddOns] = []
    for (index, service) in services.enumerated() {
      try WorkSteps.check()
      for deployment in service.deployments.sorted(by: { $0.slot.rawValue < $1.slot.rawValue }) {
        result.append(inventory(service: service.name, deployment: deployment))
      }
      try WorkSteps.step(index + 1, of: services.count, "listed the add-ons of \(service.name)")
    }
    return result
  }

  /// The add-ons of one deployment.
  static func inventory(service: String, deployment: Deployment) -> DeploymentAddOns {
    let placements = deployment.extensionPlacements
    let roles = deployment.roles.map { role in
      var addOns = (role.definition?.imports ?? []).map { item in
        AddOn(
          category: "plugin", name: item.moduleName, kind: pluginKind(item.moduleName), enabled: true,
          outcome: Outcome.plugin,
          source: AddOnSource(kind: "csdef", file: item.location?.file, line: item.location?.line))
      }
      let applied = placements.filter { $0.roles == nil || $0.roles?.contains(role.name) == true }
      addOns += applied.sorted { $0.extension.name < $1.extension.name }.map { placement in
        let item = placement.extension
        return AddOn(
          category: "extension", name: item.name, kind: ExtensionCatalog.kind(of: item).rawValue,
          enabled: item.enabled, type: item.type, publisher: item.publisher, version: item.version,
          appliesToAllRoles: placement.roles == nil, hasProtectedSettings: item.protectedSettings != nil,
          outcome: item.enabled ? Outcome.enabled : Outcome.disabled, source: AddOnSource(kind: "estate"))
      }
      return RoleAddOns(role: role.name, addOns: addOns)
    }
    return DeploymentAddOns(
      service: service, deployment: deployment.name ?? deployment.slot.rawValue, slot: deployment.slot.rawValue,
      roles: roles)
  }

  /// The kind of a plugin module.
  static func pluginKind(_ module: String) -> String {
    switch module.lowercased() {
    case "remoteaccess", "remoteforwarder": ExtensionKind.remoteDesktop.rawValue
    case "diagnostics": ExtensionKind.diagnostics.rawValue
    default: ExtensionKind.other.rawValue
    }
  }
}
