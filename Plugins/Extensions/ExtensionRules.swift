import EstateModel
import PluginAPI

/// The plugin's validation rules (the general catalogue already has the same-role RemoteAccess + RDP extension
/// error, the supported XML extensions and the plugins-and-extensions summary; these rules do not repeat them).
enum ExtensionRules {
  static let docs =
    "https://learn.microsoft.com/azure/cloud-services-extended-support/in-place-migration-technical-details"
  static let prerequisites = "https://learn.microsoft.com/azure/cloud-services-extended-support/deploy-prerequisite"

  /// Every rule, by id.
  static let all: [ValidationRule] = [
    rdpPluginAndExtensionAcrossRoles, legacyPlugin, orphanedSettings, missingSettings, disabledExtension,
    unknownRole, invalidSettings,
  ]

  /// A role-level hit.
  static func roleHit(
    _ scoped: ScopedDeployment, _ role: Role, _ values: [String: String], location: SourceLocation?
  ) -> ValidationHit {
    var merged = values
    merged["service"] = scoped.service.name
    merged["deployment"] = scoped.deploymentName
    merged["role"] = role.name
    return ValidationHit(
      resourceType: "Role", resourceName: role.name, values: merged,
      location: location ?? role.definition?.location ?? role.configuration?.location, virtualMachineName: role.name)
  }

  static let rdpPluginAndExtensionAcrossRoles = ValidationRule(
    id: "EXT-RDP-PLUGIN-AND-EXTENSION", scope: .deployment, severity: .error,
    summary: "A deployment has the remote desktop plugin in one role and the remote desktop extension in another.",
    messageTemplate: "Deployment {deployment} of {service} imports the remote desktop plugin ({plugins}) and has the "
      + "remote desktop extension {extension}.",
    fix: "Option 1: Remove the remote desktop plugin before migration. This requires changes to deployment files. "
      + "Option 2: Remove remote desktop extension and migrate the deployment. Post-migration, remove the plugin and "
      + "install the extension. This requires changes to deployment files.",
    docs: docs + "#unsupported-configurations--migration-scenarios",
    sources: ["4.5: Migration of deployment containing the remote desktop plugin and the remote desktop extensions"],
    example: "Role A imports RemoteForwarder; an enabled RDP extension applies to role B only."
  ) { input in
    input.deployments.compactMap { scoped in
      let placements = scoped.deployment.extensionPlacements.filter {
        $0.extension.enabled && ExtensionCatalog.kind(of: $0.extension) == .remoteDesktop
      }
      guard let rdp = placements.first else { return nil }
      let pluginRoles = scoped.deployment.roles.filter { role in
        role.definition?.imports.contains { ExtensionCatalog.remoteDesktopModules.contains($0.moduleName) } ?? false
      }
      guard !pluginRoles.isEmpty else { return nil }
      // The general catalogue's CS-UNSUP-RDP-PLUGIN-AND-EXTENSION reports a role holding RemoteAccess and RDP.
      let sameRole = pluginRoles.contains { role in
        role.definition?.imports.contains { $0.moduleName.lowercased() == "remoteaccess" } == true
          && placements.contains { $0.roles == nil || $0.roles?.contains(role.name) == true }
      }
      guard !sameRole else { return nil }
      let modules = Set(pluginRoles.flatMap { $0.definition?.imports.map(\.moduleName) ?? [] })
        .intersection(ExtensionCatalog.remoteDesktopModules).sorted()
      return ValidationHit(
        resourceType: "Deployment", resourceName: scoped.deploymentName,
        values: [
          "service": scoped.service.name, "deployment": scoped.deploymentName,
          "plugins": modules.joined(separator: ", "), "extension": rdp.extension.name,
        ],
        location: pluginRoles.first?.definition?.imports.first { modules.contains($0.moduleName) }?.location)
    }
  }

  static let legacyPlugin = ValidationRule(
    id: "EXT-PLUGIN-LEGACY", scope: .role, severity: .warning,
    summary: "A role imports legacy plugins.",
    messageTemplate: "Role {role} imports the plugin {plugin}; plugins are a legacy concept and should be removed "
      + "before migration, and must be removed before an extension replacing them is installed.",
    fix: "Remove the <Import> (extensions/convert lists the edits and the replacing extension; artifacts/rewrite "
      + "applies them).",
    docs: docs + "#extensions-and-plugin-migration",
    sources: ["4.1: Plugins are a legacy concept and should be removed before migration."],
    example: "<Import moduleName=\"RemoteAccess\" />"
  ) { input in
    input.roles.flatMap { pair in
      (pair.role.definition?.imports ?? []).map {
        roleHit(pair.deployment, pair.role, ["plugin": $0.moduleName], location: $0.location)
      }
    }
  }

  static let orphanedSettings = ValidationRule(
    id: "EXT-PLUGIN-SETTINGS-ORPHANED", scope: .role, severity: .warning,
    summary: "The .cscfg sets remote desktop plugin settings the .csdef no longer imports.",
    messageTemplate: "Role {role} sets {setting} in the .cscfg but the .csdef does not import {plugin}.",
    fix: "Remove the plugin's settings and the PasswordEncryption certificate from the .cscfg (artifacts/rewrite "
      + "does it), or import the plugin again.",
    docs: prerequisites + "#required-service-configuration-cscfg-updates",
    sources: ["7.2: Plugin settings that must be removed for extended support"],
    example:
      "<Setting name=\"Microsoft.WindowsAzure.Plugins.RemoteAccess.Enabled\" value=\"true\" /> without the import"
  ) { input in
    input.roles.flatMap { pair in
      let (scoped, role) = (pair.deployment, pair.role)
      let imported = Set(role.definition?.imports.map(\.moduleName) ?? [])
      guard role.definition != nil else { return [ValidationHit]() }
      let names =
        (role.configuration?.settings.map { ($0.name, $0.location) } ?? [])
        + (role.configuration?.certificates.map { ($0.name, $0.location) } ?? [])
      return names.compactMap { name, location in
        guard let module = ExtensionCatalog.module(ofSetting: name),
          ExtensionCatalog.remoteDesktopModules.contains(module), !imported.contains(module)
        else { return nil }
        return roleHit(scoped, role, ["setting": name, "plugin": module], location: location)
      }
    }
  }

  static let missingSettings = ValidationRule(
    id: "EXT-PLUGIN-SETTINGS-MISSING", scope: .role, severity: .warning,
    summary: "The .csdef imports RemoteAccess but the .cscfg lacks its settings.",
    messageTemplate: "Role {role} imports RemoteAccess but the .cscfg does not set {setting}.",
    fix: "Remove the RemoteAccess import (the remote desktop extension replaces it), or set the missing values.",
    docs: prerequisites + "#required-service-definition-file-csdef-updates",
    sources: ["7.1: Imports/Import@moduleName; 7.2: RemoteAccess plugin settings"],
    example: "<Import moduleName=\"RemoteAccess\" /> with no Microsoft.WindowsAzure.Plugins.RemoteAccess.* settings"
  ) { input in
    input.roles.flatMap { pair in
      let (scoped, role) = (pair.deployment, pair.role)
      guard let configuration = role.configuration,
        let item = role.definition?.imports.first(where: { $0.moduleName == "RemoteAccess" })
      else { return [ValidationHit]() }
      let configured = Set(configuration.settings.map(\.name))
      return ExtensionCatalog.remoteAccessSettings.map { ExtensionCatalog.pluginPrefix + "RemoteAccess." + $0 }
        .filter { !configured.contains($0) }
        .map { roleHit(scoped, role, ["setting": $0], location: item.location) }
    }
  }

  static let disabledExtension = ValidationRule(
    id: "EXT-DISABLED", scope: .extension, severity: .information,
    summary: "A disabled extension is not migrated.",
    messageTemplate: "Extension {extension} of deployment {deployment} ({roles}) is disabled and won't be migrated.",
    fix: "Nothing to do; enable it before migration to carry it over, or add it to the extension profile afterwards.",
    docs: docs + "#extensions-and-plugin-migration", sources: ["4.1: Disabled extensions won't be migrated."],
    example: "extensions [{\"name\": \"RDP\", \"type\": \"RDP\", \"enabled\": false}]"
  ) { input in
    input.deployments.flatMap { scoped in
      scoped.deployment.extensionPlacements.filter { !$0.extension.enabled }.map { placement in
        ValidationHit(
          resourceType: "Extension", resourceName: placement.extension.name,
          values: [
            "service": scoped.service.name, "deployment": scoped.deploymentName, "extension": placement.extension.name,
            "roles": placement.roles?.joined(separator: ", ") ?? "all roles",
          ])
      }
    }
  }

  static let unknownRole = ValidationRule(
    id: "EXT-UNKNOWN-ROLE", scope: .extension, severity: .warning,
    summary: "An extension names a role the deployment does not have.",
    messageTemplate: "{detail}; rolesAppliedTo would name a role that does not exist.",
    fix: "Correct the role name in the extension's roles, or remove it.",
    docs: "https://learn.microsoft.com/azure/templates/microsoft.compute/cloudservices",
    sources: ["6.2: rolesAppliedTo"], example: "extensions [{\"name\": \"WAD\", \"roles\": [\"NoSuchRole\"]}]"
  ) { input in
    input.problems.filter { $0.code == "estate.unknown-role" }.map { problem in
      ValidationHit(
        resourceType: "Extension", resourceName: problem.path ?? "extension", values: ["detail": problem.message],
        location: problem.file.map { SourceLocation(file: $0, line: problem.line ?? 1, column: problem.column ?? 1) })
    }
  }

  static let invalidSettings = ValidationRule(
    id: "EXT-SETTINGS-INVALID", scope: .extension, severity: .warning,
    summary: "An extension's configuration does not fit its documented schema.",
    messageTemplate: "Extension {extension} ({kind}) of deployment {deployment}: {reasons}.",
    fix: "Correct the configuration: RDP takes UserName and Expiration (private: Password); PaaSDiagnostics takes "
      + "WadCfg or xmlCfg (private: storageAccountName and storageAccountKey); Antimalware takes AntimalwareEnabled "
      + "and no private configuration.",
    docs: "https://learn.microsoft.com/azure/cloud-services-extended-support/extensions",
    sources: ["6.3: RDP and PaaSDiagnostics settings", "enable-antimalware.md"],
    example: "extensions [{\"name\": \"RDP\", \"type\": \"RDP\", \"publicSettings\": {\"User\": \"x\"}}]"
  ) { input in
    input.deployments.flatMap { scoped in
      scoped.deployment.extensionPlacements.compactMap { placement in
        let reasons = SettingsSchema.violations(of: placement.extension)
        guard !reasons.isEmpty else { return nil }
        return ValidationHit(
          resourceType: "Extension", resourceName: placement.extension.name,
          values: [
            "service": scoped.service.name, "deployment": scoped.deploymentName,
            "extension": placement.extension.name, "kind": ExtensionCatalog.kind(of: placement.extension).rawValue,
            "reasons": reasons.joined(separator: "; "),
          ])
      }
    }
  }
}
