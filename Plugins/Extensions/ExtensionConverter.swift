import EstateModel
import Foundation

/// Turns a deployment's plugins and classic extensions into the extended-support extension profile.
///
/// Secrets are never read into the output: protected settings become secure parameter references, the
/// RemoteAccess password and the Diagnostics storage key are listed as things to supply.
struct ExtensionConverter {
  /// The cloud service name (parameter names are scoped by it, as the core mapper does).
  let service: String
  /// The deployment.
  let deployment: Deployment
  /// A tag written on every entry, when asked for.
  var forceUpdateTag: String?

  /// Converts the deployment.
  func convert() -> DeploymentConversion {
    var result = DeploymentConversion(
      service: service, deployment: deployment.name ?? deployment.slot.rawValue, extensions: [], parameters: [],
      dropped: [], artifactEdits: artifactEdits())
    let placements = deployment.extensionPlacements
    let enabledKinds = placements.filter(\.extension.enabled).map {
      (kind: ExtensionCatalog.kind(of: $0.extension), roles: $0.roles)
    }
    convertRemoteAccess(into: &result, existing: enabledKinds.filter { $0.kind == .remoteDesktop })
    convertDiagnostics(into: &result, existing: enabledKinds.filter { $0.kind == .diagnostics })
    let sorted = placements.sorted { $0.extension.name < $1.extension.name }
    for placement in sorted { convertExtension(placement.extension, roles: placement.roles, into: &result) }
    if let forceUpdateTag {
      for index in result.extensions.indices { result.extensions[index].properties.forceUpdateTag = forceUpdateTag }
    }
    result.parameters.sort { $0.name < $1.name }
    return result
  }

  /// A parameter name scoped to the service: letters, digits and underscores.
  func parameterName(_ suffix: String) -> String { Self.sanitize(service) + "_" + suffix }

  /// Letters and digits kept, anything else `_`.
  static func sanitize(_ text: String) -> String {
    String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
  }

  /// An ARM parameter expression.
  static func reference(_ parameter: String) -> String { "[parameters('\(parameter)')]" }

  // MARK: - RemoteAccess plugin

  private struct RemoteAccessRole: Hashable {
    var role: String
    var userName: String?
    var expiration: String?
    var thumbprint: String?
    var enabled: Bool
  }

  private func convertRemoteAccess(
    into result: inout DeploymentConversion, existing: [(kind: ExtensionKind, roles: [String]?)]
  ) {
    let roles = deployment.roles.filter { role in
      role.definition?.imports.contains { $0.moduleName == "RemoteAccess" } ?? false
    }
    guard !roles.isEmpty else { return }
    let facts = roles.map { role in
      let setting = { (suffix: String) in
        role.configuration?.settings.first { $0.name == ExtensionCatalog.pluginPrefix + "RemoteAccess." + suffix }?
          .value
      }
      let thumbprint = role.configuration?.certificates.first { $0.name == ExtensionCatalog.passwordCertificate }
      let enabled = setting("Enabled").map { $0.text.lowercased() != "false" } ?? true
      return RemoteAccessRole(
        role: role.name, userName: setting("AccountUsername").flatMap(Self.plain),
        expiration: setting("AccountExpiration").flatMap(Self.plain), thumbprint: thumbprint?.thumbprint,
        enabled: enabled)
    }
    if !existing.isEmpty {
      result.dropped.append(
        DroppedAddOn(
          category: "plugin", name: "RemoteAccess", roles: roles.map(\.name),
          reason: "The deployment already has an enabled remote desktop extension, which is carried over instead; "
            + "the plugin and the extension cannot be migrated together."))
      return
    }
    let disabled = facts.filter { !$0.enabled }
    if !disabled.isEmpty {
      result.dropped.append(
        DroppedAddOn(
          category: "plugin", name: "RemoteAccess", roles: disabled.map(\.role),
          reason: "Microsoft.WindowsAzure.Plugins.RemoteAccess.Enabled is false; no remote desktop extension is made."))
    }
    var groups: [[RemoteAccessRole]] = []
    for fact in facts where fact.enabled {
      if let index = groups.firstIndex(where: { $0[0].userName == fact.userName && $0[0].expiration == fact.expiration }
      ) {
        groups[index].append(fact)
      } else {
        groups.append([fact])
      }
    }
    for group in groups {
      let suffix = groups.count == 1 ? "" : "_" + Self.sanitize(group[0].role)
      result.extensions.append(remoteDesktopEntry(group, suffix: suffix, into: &result))
    }
  }

  private func remoteDesktopEntry(
    _ group: [RemoteAccessRole], suffix: String, into result: inout DeploymentConversion
  ) -> ConvertedExtension {
    let identity =
      ExtensionCatalog.identities[.remoteDesktop] ?? ExtensionIdentity(publisher: "", type: "", version: "")
    let first = group[0]
    var supply: [SupplyItem] = []
    let privateParameter = parameterName("rdpPrivateConfig" + suffix)
    let thumbprints = Set(group.compactMap(\.thumbprint)).sorted()
    let certificateNote =
      thumbprints.isEmpty
      ? "" : " (encrypted with the PasswordEncryption certificate \(thumbprints.joined(separator: ", ")))"
    supply.append(
      SupplyItem(
        parameter: privateParameter,
        what: "<PrivateConfig><Password>…</Password></PrivateConfig> with a new password of 8-123 characters: "
          + "AccountEncryptedPassword\(certificateNote) is not carried over."))
    result.parameters.append(
      ExtensionParameter(
        name: privateParameter, type: "securestring",
        description: "Private configuration (password) of the remote desktop extension", suggestedValue: nil))
    var settings: JSONFragment
    if let userName = first.userName, let expiration = first.expiration {
      settings = .string(
        "<PublicConfig><UserName>\(Self.xmlEscape(userName))</UserName><Expiration>\(Self.xmlEscape(expiration))"
          + "</Expiration></PublicConfig>")
    } else {
      let publicParameter = parameterName("rdpPublicConfig" + suffix)
      settings = .string(Self.reference(publicParameter))
      let missing = [
        first.userName == nil ? "AccountUsername" : nil, first.expiration == nil ? "AccountExpiration" : nil,
      ]
      .compactMap { $0 }.joined(separator: " and ")
      supply.append(
        SupplyItem(
          parameter: publicParameter,
          what: "<PublicConfig><UserName>…</UserName><Expiration>…</Expiration></PublicConfig>: the .cscfg has no "
            + missing + "."))
      result.parameters.append(
        ExtensionParameter(
          name: publicParameter, type: "string", description: "Public configuration of the remote desktop extension",
          suggestedValue: "<PublicConfig><UserName>\(Self.xmlEscape(first.userName ?? "…"))</UserName><Expiration>"
            + "\(Self.xmlEscape(first.expiration ?? "…"))</Expiration></PublicConfig>"))
    }
    if !thumbprints.isEmpty {
      supply.append(
        SupplyItem(
          parameter: nil,
          what: "Remove the certificate Microsoft.WindowsAzure.Plugins.RemoteAccess.PasswordEncryption "
            + "(\(thumbprints.joined(separator: ", "))) from osProfile secrets if nothing else uses it."))
    }
    var carried: [String: String] = [:]
    carried["userName"] = first.userName
    carried["expiration"] = first.expiration
    if !thumbprints.isEmpty { carried["encryptionCertificateThumbprint"] = thumbprints.joined(separator: ",") }
    let roles = group.map(\.role)
    return ConvertedExtension(
      name: "RDPExtension" + suffix,
      properties: ExtensionProperties(
        publisher: identity.publisher, type: identity.type, typeHandlerVersion: identity.version,
        autoUpgradeMinorVersion: true, settings: settings, protectedSettings: Self.reference(privateParameter),
        rolesAppliedTo: appliesToAll(roles) ? nil : roles),
      origin: ConversionOrigin(category: "plugin", name: "RemoteAccess", roles: roles, carried: carried),
      userMustSupply: supply)
  }

  // MARK: - Diagnostics plugin

  private func convertDiagnostics(
    into result: inout DeploymentConversion, existing: [(kind: ExtensionKind, roles: [String]?)]
  ) {
    let identity = ExtensionCatalog.identities[.diagnostics] ?? ExtensionIdentity(publisher: "", type: "", version: "")
    for role in deployment.roles
    where role.definition?.imports.contains(where: { $0.moduleName == "Diagnostics" }) ?? false {
      if existing.contains(where: { $0.roles == nil || $0.roles?.contains(role.name) == true }) {
        result.dropped.append(
          DroppedAddOn(
            category: "plugin", name: "Diagnostics", roles: [role.name],
            reason: "The role already has an enabled Diagnostics extension, which is carried over instead."))
        continue
      }
      let connection = role.configuration?.settings.first { $0.name == ExtensionCatalog.diagnosticsConnectionString }
      let storage = connection.map { StorageConnection(parsing: $0.value.text) }
      let roleSuffix = Self.sanitize(role.name)
      let publicParameter = parameterName("wadPublicConfig_" + roleSuffix)
      let privateParameter = parameterName("wadPrivateConfig_" + roleSuffix)
      let account = storage?.accountName
      var supply = [
        SupplyItem(
          parameter: publicParameter,
          what: "The WadCfg of role \(role.name) (its diagnostics.wadcfgx), in <PublicConfig> with <StorageAccount>."),
        SupplyItem(
          parameter: privateParameter,
          what: "<PrivateConfig><StorageAccount name=\"\(account ?? "…")\" key=\"…\" endpoint=\"…\" /></PrivateConfig> "
            + "with the storage account key of the connection string (not reproduced here)."),
      ]
      if storage?.usesDevelopmentStorage == true {
        supply.append(
          SupplyItem(
            parameter: nil, what: "The connection string uses development storage; name a real storage account."))
      } else if connection == nil {
        supply.append(
          SupplyItem(
            parameter: nil,
            what: "The .cscfg gives no \(ExtensionCatalog.diagnosticsConnectionString); name the storage account."))
      }
      result.parameters.append(
        ExtensionParameter(
          name: publicParameter, type: "string",
          description: "Public configuration of the Azure Diagnostics extension of role \(role.name)",
          suggestedValue: "<PublicConfig xmlns=\"http://schemas.microsoft.com/ServiceHosting/2010/10/"
            + "DiagnosticsConfiguration\"><WadCfg>…</WadCfg><StorageAccount>\(Self.xmlEscape(account ?? "…"))"
            + "</StorageAccount></PublicConfig>"))
      result.parameters.append(
        ExtensionParameter(
          name: privateParameter, type: "securestring",
          description: "Private configuration of the Azure Diagnostics extension of role \(role.name)",
          suggestedValue: nil))
      var carried: [String: String] = [:]
      carried["storageAccountName"] = account
      carried["endpointSuffix"] = storage?.endpointSuffix
      result.extensions.append(
        ConvertedExtension(
          name: "Microsoft.Insights.VMDiagnosticsSettings_" + role.name,
          properties: ExtensionProperties(
            publisher: identity.publisher, type: identity.type, typeHandlerVersion: identity.version,
            autoUpgradeMinorVersion: true, settings: .string(Self.reference(publicParameter)),
            protectedSettings: Self.reference(privateParameter), rolesAppliedTo: [role.name]),
          origin: ConversionOrigin(category: "plugin", name: "Diagnostics", roles: [role.name], carried: carried),
          userMustSupply: supply))
    }
  }

  // MARK: - Classic extensions

  private func convertExtension(_ item: RoleExtension, roles: [String]?, into result: inout DeploymentConversion) {
    let roleList = roles ?? deployment.roles.map(\.name)
    guard item.enabled else {
      result.dropped.append(
        DroppedAddOn(category: "extension", name: item.name, roles: roleList, reason: AddOnInventory.Outcome.disabled))
      return
    }
    let kind = ExtensionCatalog.kind(of: item)
    let known = ExtensionCatalog.identities[kind]
    guard let publisher = item.publisher ?? known?.publisher, let type = item.type ?? known?.type else {
      result.dropped.append(
        DroppedAddOn(
          category: "extension", name: item.name, roles: roleList,
          reason: "The platform migrates it, but its publisher and type are unknown (ASM gives only the extension "
            + "ID); add its entry by hand."))
      return
    }
    var supply: [SupplyItem] = []
    var protectedReference: String?
    if let secret = item.protectedSettings {
      let parameter = parameterName(Self.sanitize(item.name) + "_protectedSettings")
      let isObject: Bool
      if case .object? = SettingsSchema.parseSecret(secret) { isObject = true } else { isObject = false }
      result.parameters.append(
        ExtensionParameter(
          name: parameter, type: isObject ? "secureObject" : "securestring",
          description: "Protected settings of the extension \(item.name)", suggestedValue: nil))
      protectedReference = Self.reference(parameter)
      supply.append(SupplyItem(parameter: parameter, what: "The protected settings of \(item.name) (kept secret)."))
    }
    var settings = item.publicSettings
    if kind == .remoteDesktop, case .object(let members)? = settings {
      let user = members["UserName"].flatMap(Self.text) ?? "…"
      let expiry = members["Expiration"].flatMap(Self.text) ?? "…"
      settings = .string(
        "<PublicConfig><UserName>\(Self.xmlEscape(user))</UserName><Expiration>\(Self.xmlEscape(expiry))"
          + "</Expiration></PublicConfig>")
    }
    result.extensions.append(
      ConvertedExtension(
        name: item.name,
        properties: ExtensionProperties(
          publisher: publisher, type: type, typeHandlerVersion: item.version ?? known?.version ?? "*",
          autoUpgradeMinorVersion: true, settings: settings, protectedSettings: protectedReference,
          rolesAppliedTo: roles.flatMap { appliesToAll($0) ? nil : $0 }),
        origin: ConversionOrigin(category: "extension", name: item.name, roles: roleList, carried: [:]),
        userMustSupply: supply))
  }

  // MARK: - Artifact edits

  private func artifactEdits() -> [ArtifactEdit] {
    var edits: [ArtifactEdit] = []
    for role in deployment.roles {
      for item in role.definition?.imports ?? [] where ExtensionCatalog.removedImports.contains(item.moduleName) {
        edits.append(edit("csdef", item.location, role.name, "Import", item.moduleName))
      }
      for setting in role.definition?.settings ?? [] where setting.name == ExtensionCatalog.diagnosticsConnectionString
      {
        edits.append(edit("csdef", setting.location, role.name, "Setting", setting.name))
      }
      for setting in role.configuration?.settings ?? [] where Self.isRemovedSetting(setting.name) {
        edits.append(edit("cscfg", setting.location, role.name, "Setting", setting.name))
      }
      for certificate in role.configuration?.certificates ?? []
      where certificate.name == ExtensionCatalog.passwordCertificate {
        edits.append(edit("cscfg", certificate.location, role.name, "Certificate", certificate.name))
      }
    }
    return edits
  }

  private func edit(
    _ artifact: String, _ location: SourceLocation?, _ role: String, _ element: String, _ name: String
  ) -> ArtifactEdit {
    ArtifactEdit(
      artifact: artifact, file: location?.file, line: location?.line, role: role, element: element, name: name,
      action: "remove")
  }

  /// Settings `artifacts/rewrite` removes from the `.cscfg`.
  static func isRemovedSetting(_ name: String) -> Bool {
    name == ExtensionCatalog.diagnosticsConnectionString
      || ExtensionCatalog.remoteDesktopModules.contains { name.hasPrefix(ExtensionCatalog.pluginPrefix + $0 + ".") }
  }

  // MARK: - Helpers

  private func appliesToAll(_ roles: [String]) -> Bool {
    Set(roles) == Set(deployment.roles.map(\.name))
  }

  private static func plain(_ value: ConfigValue) -> String? {
    value.isSecret || value.text.isEmpty ? nil : value.text
  }

  private static func text(_ value: JSONFragment) -> String? {
    if case .string(let text) = value { return text }
    return nil
  }

  static func xmlEscape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}

/// The non-secret parts of a storage connection string.
struct StorageConnection: Sendable, Hashable {
  /// `AccountName`.
  var accountName: String?
  /// `EndpointSuffix`.
  var endpointSuffix: String?
  /// `UseDevelopmentStorage=true`.
  var usesDevelopmentStorage: Bool

  /// Reads the string; `AccountKey` and `SharedAccessSignature` are never kept.
  init(parsing text: String) {
    var pairs: [String: String] = [:]
    for part in text.split(separator: ";") {
      guard let equals = part.firstIndex(of: "=") else { continue }
      let key = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      guard ["accountname", "endpointsuffix", "usedevelopmentstorage"].contains(key) else { continue }
      pairs[key] = String(part[part.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
    }
    accountName = pairs["accountname"]
    endpointSuffix = pairs["endpointsuffix"]
    usesDevelopmentStorage = pairs["usedevelopmentstorage"]?.lowercased() == "true"
  }
}
