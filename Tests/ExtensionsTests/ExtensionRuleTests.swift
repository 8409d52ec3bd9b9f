import EstateModel
import Extensions
import PluginAPI
import Testing

/// Every rule of the plugin fires on a triggering estate and stays silent on a near-identical clean one.
struct ExtensionRuleTests {
  /// Service `contoso`, production deployment with roles Web and Worker, no add-ons.
  static func baseEstate() -> Estate {
    var estate = Estate(subscription: Subscription(id: "sub", defaultRegion: "West Europe"))
    let roles = ["Web", "Worker"].map { name in
      Role(
        name: name, definition: RoleDefinition(name: name, kind: name == "Web" ? .web : .worker),
        configuration: RoleConfiguration(name: name, instanceCount: 1), subnets: ["web"])
    }
    let deployment = Deployment(
      slot: .production, name: "contoso-prod", status: .running, definition: ServiceDefinitionHeader(name: "contoso"),
      configuration: ServiceConfigurationHeader(serviceName: "contoso"), roles: roles, virtualNetwork: .named("vnet1"))
    estate.cloudServices = [CloudService(name: "contoso", region: "West Europe", deployments: [deployment])]
    return estate
  }

  static let prefix = "Microsoft.WindowsAzure.Plugins.RemoteAccess."

  static func setting(_ suffix: String, _ value: String) -> ConfiguredSetting {
    ConfiguredSetting(name: prefix + suffix, value: SecretPolicy.value(forSetting: prefix + suffix, text: value))
  }

  static let remoteAccessSettings = [
    setting("Enabled", "true"), setting("AccountUsername", "admin"),
    setting("AccountEncryptedPassword", "c2VjcmV0LXBhc3M="),
    setting("AccountExpiration", "2030-01-01T00:00:00.0000000+00:00"),
  ]

  typealias Mutation = @Sendable (inout Estate, inout [Problem]) -> Void

  static func role(_ index: Int, _ change: @escaping @Sendable (inout Role) -> Void) -> Mutation {
    { estate, _ in change(&estate.cloudServices[0].deployments[0].roles[index]) }
  }

  static func rdp(enabled: Bool = true, roles: Int? = nil) -> Mutation {
    { estate, _ in
      let item = RoleExtension(name: "RDP-ext", type: "RDP", enabled: enabled)
      if let roles {
        estate.cloudServices[0].deployments[0].roles[roles].extensions.append(item)
      } else {
        estate.cloudServices[0].deployments[0].allRoleExtensions.append(item)
      }
    }
  }

  static func combine(_ mutations: Mutation...) -> Mutation {
    { estate, problems in for mutation in mutations { mutation(&estate, &problems) } }
  }

  static func extensionWith(_ item: RoleExtension) -> Mutation {
    { estate, _ in estate.cloudServices[0].deployments[0].allRoleExtensions.append(item) }
  }

  static func secret(_ json: String) -> ConfigValue { ConfigValue(json, isSecret: true) }

  static let importRemoteAccess = role(0) { $0.definition?.imports = [PluginImport(moduleName: "RemoteAccess")] }
  static let importForwarderOnWorker = role(1) {
    $0.definition?.imports = [PluginImport(moduleName: "RemoteForwarder")]
  }

  /// (rule id, trigger, clean).
  static let cases: [(String, Mutation, Mutation)] = [
    (
      "EXT-RDP-PLUGIN-AND-EXTENSION", combine(importForwarderOnWorker, rdp(roles: 0)),
      combine(importForwarderOnWorker, rdp(enabled: false, roles: 0))
    ),
    (
      "EXT-PLUGIN-LEGACY", role(0) { $0.definition?.imports = [PluginImport(moduleName: "Diagnostics")] },
      role(0) { _ in }
    ),
    (
      "EXT-PLUGIN-SETTINGS-ORPHANED", role(0) { $0.configuration?.settings = remoteAccessSettings },
      combine(importRemoteAccess, role(0) { $0.configuration?.settings = remoteAccessSettings })
    ),
    (
      "EXT-PLUGIN-SETTINGS-MISSING", importRemoteAccess,
      combine(importRemoteAccess, role(0) { $0.configuration?.settings = remoteAccessSettings })
    ),
    ("EXT-DISABLED", rdp(enabled: false), rdp()),
    (
      "EXT-UNKNOWN-ROLE",
      { _, problems in
        problems.append(
          Problem(
            .warning, "estate.unknown-role", "extension 'WAD' names role 'Nope', which the deployment does not have",
            file: "estate.json", path: "services[0].deployments.production.extensions[0].roles"))
      },
      { _, problems in problems.append(Problem(.warning, "estate.other", "something else", file: "estate.json")) }
    ),
    (
      "EXT-SETTINGS-INVALID",
      extensionWith(RoleExtension(name: "RDP", type: "RDP", publicSettings: .object(["User": .string("x")]))),
      extensionWith(
        RoleExtension(
          name: "RDP", type: "RDP",
          publicSettings: .object(["UserName": .string("x"), "Expiration": .string("2030-01-01")]),
          protectedSettings: secret(#"{"Password":"Pa55word!x"}"#)))
    ),
  ]

  static func hits(_ id: String, _ mutation: Mutation) throws -> [ValidationHit] {
    var estate = baseEstate()
    var problems: [Problem] = []
    mutation(&estate, &problems)
    let rule = try #require(ExtensionsPlugin().validationRules.first { $0.id == id })
    let service = estate.cloudServices[0]
    let input = ValidationRuleInput(
      estate: estate, problems: problems, target: .deployment(service: "contoso", slot: nil, deployment: nil),
      destination: nil, revision: .preview2021, phase: .validate, services: [service],
      deployments: [ScopedDeployment(service: service, deployment: service.deployments[0])], virtualNetworks: [])
    return rule.evaluate(input)
  }

  @Test(arguments: cases.map(\.0))
  func ruleTriggersAndStaysClean(id: String) throws {
    let entry = try #require(Self.cases.first { $0.0 == id })
    let fired = try Self.hits(id, entry.1)
    #expect(!fired.isEmpty, "\(id) did not fire")
    #expect(try Self.hits(id, entry.2).isEmpty, "\(id) fired on the clean case")
    let rule = try #require(ExtensionsPlugin().validationRules.first { $0.id == id })
    for hit in fired { #expect(!rule.message(for: hit).contains("{"), "unfilled placeholder in \(id)") }
  }

  @Test func everyRuleHasACase() {
    let ids = Set(ExtensionsPlugin().validationRules.map(\.id))
    #expect(ids == Set(Self.cases.map(\.0)))
  }

  @Test func sameRoleRDPConflictIsLeftToTheGeneralCatalogue() throws {
    // CS-UNSUP-RDP-PLUGIN-AND-EXTENSION (Validation plugin) covers RemoteAccess + RDP on one role.
    #expect(try Self.hits("EXT-RDP-PLUGIN-AND-EXTENSION", Self.combine(Self.importRemoteAccess, Self.rdp())).isEmpty)
  }

  @Test(arguments: [
    RoleExtension(name: "WAD", type: "PaaSDiagnostics", publicSettings: .object(["Foo": .bool(true)])),
    RoleExtension(name: "WAD", type: "PaaSDiagnostics", publicSettings: .string("<PublicConfig></PublicConfig>")),
    RoleExtension(
      name: "AM", publisher: "Microsoft.Azure.Security", publicSettings: .object(["Exclusions": .object([:])])),
    RoleExtension(
      name: "AM", type: "PaaSAntimalware", publicSettings: .object(["AntimalwareEnabled": .bool(true)]),
      protectedSettings: ConfigValue(#"{"k":"v"}"#, isSecret: true)),
    RoleExtension(
      name: "WAD", type: "PaaSDiagnostics", publicSettings: .object(["WadCfg": .object([:])]),
      protectedSettings: ConfigValue(#"{"storageAccountName":"acct"}"#, isSecret: true)),
  ])
  func schemaViolationsAreFound(item: RoleExtension) throws {
    let hits = try Self.hits("EXT-SETTINGS-INVALID", Self.extensionWith(item))
    #expect(hits.count == 1)
    let reasons = hits.first?.values["reasons"] ?? ""
    #expect(!reasons.contains("\"v\""))
  }

  @Test(arguments: [
    RoleExtension(
      name: "WAD", type: "PaaSDiagnostics", publicSettings: .string("<PublicConfig><WadCfg/></PublicConfig>"),
      protectedSettings: ConfigValue(#"{"storageAccountName":"a","storageAccountKey":"k"}"#, isSecret: true)),
    RoleExtension(
      name: "AM", type: "PaaSAntimalware",
      publicSettings: .object(["AntimalwareEnabled": .bool(true), "RealtimeProtectionEnabled": .string("true")])),
  ])
  func schemaConformingSettingsPass(item: RoleExtension) throws {
    #expect(try Self.hits("EXT-SETTINGS-INVALID", Self.extensionWith(item)).isEmpty)
  }
}
