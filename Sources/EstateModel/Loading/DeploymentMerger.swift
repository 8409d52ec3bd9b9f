/// Joins a `.csdef` and a `.cscfg` into roles, reporting where the two files disagree.
///
/// These are facts of loading (the platform refuses such a package), not migration rules.
struct DeploymentMerger {
  var problems: [Problem] = []

  /// Merges the files; either may be missing.
  mutating func merge(definition: ServiceDefinition?, configuration: ServiceConfiguration?) -> [Role] {
    if let definition, let configuration, definition.header.name != configuration.header.serviceName {
      problems.append(
        Problem(
          .error, "estate.service-name-mismatch",
          "the .cscfg names service '\(configuration.header.serviceName)' but the .csdef names "
            + "'\(definition.header.name)'", at: configuration.header.location))
    }
    var roles = (definition?.roles ?? []).map { Role(name: $0.name, definition: $0) }
    // Positions by name (the first role of a name wins, as a search in order would find it): one lookup per
    // configured role keeps merging linear in the number of roles.
    var positions = Dictionary(roles.indices.map { (roles[$0].name, $0) }, uniquingKeysWith: { first, _ in first })
    for roleConfiguration in configuration?.roles ?? [] {
      if let index = positions[roleConfiguration.name] {
        roles[index].configuration = roleConfiguration
      } else {
        if definition != nil {
          problems.append(
            Problem(
              .error, "estate.role-not-in-csdef",
              "role '\(roleConfiguration.name)' is configured in the .cscfg but not defined in the .csdef",
              at: roleConfiguration.location))
        }
        if positions[roleConfiguration.name] == nil { positions[roleConfiguration.name] = roles.count }
        roles.append(Role(name: roleConfiguration.name, configuration: roleConfiguration))
      }
    }
    let subnetsByRole = Dictionary(
      (configuration?.header.network?.instanceAddresses ?? []).map { ($0.roleName, $0.subnets) },
      uniquingKeysWith: +)
    for index in roles.indices {
      roles[index].subnets = subnetsByRole[roles[index].name] ?? []
      guard let roleDefinition = roles[index].definition else { continue }
      guard let roleConfiguration = roles[index].configuration else {
        if configuration != nil {
          problems.append(
            Problem(
              .error, "estate.role-not-in-cscfg",
              "role '\(roleDefinition.name)' is defined in the .csdef but not configured in the .cscfg",
              at: roleDefinition.location))
        }
        continue
      }
      compareSettings(roleDefinition, roleConfiguration)
      compareCertificates(roleDefinition, roleConfiguration)
    }
    return roles
  }

  private mutating func compareSettings(_ definition: RoleDefinition, _ configuration: RoleConfiguration) {
    let imported = Set(definition.imports.map(\.moduleName))
    var declared = definition.settings.map { ($0.name, $0.location) }
    for module in definition.imports {
      declared += PluginCatalog.settings(of: module.moduleName).map { ($0, module.location) }
    }
    let declaredNames = Set(declared.map(\.0))
    let configuredNames = Set(configuration.settings.map(\.name))
    // A nameless setting is already reported as a missing attribute; it is not a second, undeclared setting.
    for setting in configuration.settings where !setting.name.isEmpty && !declaredNames.contains(setting.name) {
      if let module = PluginCatalog.module(ofName: setting.name) {
        if imported.contains(module) && PluginCatalog.modules[module]?.acceptsOtherSettings != false { continue }
        if !imported.contains(module) {
          problems.append(
            Problem(
              .warning, "estate.plugin-setting-not-imported",
              "role '\(configuration.name)' sets '\(setting.name)' but the .csdef does not import \(module)",
              at: setting.location))
          continue
        }
      }
      problems.append(
        Problem(
          .error, "estate.setting-not-in-csdef",
          "role '\(configuration.name)' sets '\(setting.name)', which the .csdef does not declare",
          at: setting.location))
    }
    var reported: Set<String> = []
    for (name, location) in declared where !configuredNames.contains(name) && reported.insert(name).inserted {
      problems.append(
        Problem(
          .error, "estate.setting-not-in-cscfg",
          "role '\(definition.name)' declares setting '\(name)' but the .cscfg gives it no value", at: location))
    }
  }

  private mutating func compareCertificates(_ definition: RoleDefinition, _ configuration: RoleConfiguration) {
    var declared = definition.certificates.map { ($0.name, $0.location) }
    for module in definition.imports {
      declared += PluginCatalog.certificates(of: module.moduleName).map { ($0, module.location) }
    }
    let declaredNames = Set(declared.map(\.0))
    let configuredNames = Set(configuration.certificates.map(\.name))
    for certificate in configuration.certificates
    where !certificate.name.isEmpty && !declaredNames.contains(certificate.name) {
      problems.append(
        Problem(
          .error, "estate.certificate-not-in-csdef",
          "role '\(configuration.name)' gives a thumbprint for certificate '\(certificate.name)', "
            + "which the .csdef does not declare", at: certificate.location))
    }
    var reported: Set<String> = []
    for (name, location) in declared where !configuredNames.contains(name) && reported.insert(name).inserted {
      problems.append(
        Problem(
          .error, "estate.certificate-not-in-cscfg",
          "role '\(definition.name)' declares certificate '\(name)' but the .cscfg gives no thumbprint",
          at: location))
    }
  }
}
