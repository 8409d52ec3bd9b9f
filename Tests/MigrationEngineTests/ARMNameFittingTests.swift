import EstateModel
import Foundation
import PluginAPI
import Testing

@testable import Gateways
@testable import MigrationEngine

/// Every name csmigrate emits fits its type's rule: a platform-derived name that is too long or holds refused
/// characters becomes a valid deterministic name, noted in the plan with the platform's name and warned about, and
/// every output (template, rewritten `.cscfg`, scripts, gateway template) uses the fitted name.
struct ARMNameFittingTests {
  /// A service name past every limit the service's names reach (the group's 90, the cloud service's 64...).
  static let longService = "shop" + String(repeating: "-storefront", count: 9)
  /// A VNet name past the VNet's 64 characters and, with `-migrated`, the group's 90.
  static let longVNet = "net" + String(repeating: "-backbone", count: 10)
  /// NSG and route table names with a space and past 80 characters.
  static let nsg = "front door" + String(repeating: "-filtering", count: 8)
  static let routeTable = "to firewall" + String(repeating: "-routing", count: 10)
  static let secretSetting = "StorageAccountPasswordForTheBackOffice"

  /// Which estate shows a type's fitting, and the platform-derived name it fits.
  struct Case: Sendable, CustomTestStringConvertible {
    enum Source: Sendable { case service, network, gateway }
    var type: String
    var estate: Source
    var platformName: String
    var testDescription: String { type }
  }

  static let cases: [Case] = [
    Case(type: "Microsoft.Resources/resourceGroups", estate: .service, platformName: longService + "-migrated"),
    Case(type: "Microsoft.Compute/cloudServices", estate: .service, platformName: longService),
    Case(type: "Microsoft.Network/publicIPAddresses", estate: .service, platformName: longService + "ContractContract"),
    Case(type: "Microsoft.Network/loadBalancers", estate: .service, platformName: "LB-" + longService),
    Case(
      type: "Microsoft.Network/loadBalancers/frontendIPConfigurations", estate: .service,
      platformName: longService + "LBFE"),
    Case(type: "Microsoft.KeyVault/vaults", estate: .service, platformName: "KV-" + longService),
    Case(
      type: "Microsoft.KeyVault/vaults/secrets", estate: .service,
      platformName: (longService + "-Web-" + secretSetting).replacingOccurrences(of: "_", with: "-")),
    Case(type: "Microsoft.Network/virtualNetworks", estate: .network, platformName: longVNet),
    Case(type: "Microsoft.Resources/resourceGroups", estate: .network, platformName: longVNet + "-migrated"),
    Case(type: "Microsoft.Network/networkSecurityGroups", estate: .network, platformName: nsg),
    Case(type: "Microsoft.Network/routeTables", estate: .network, platformName: routeTable),
    Case(type: "Microsoft.Network/publicIPAddresses", estate: .network, platformName: "svc rip!"),
    Case(type: "Microsoft.Network/virtualNetworkGateways", estate: .gateway, platformName: longVNet + "-vpngw"),
    Case(type: "Microsoft.Network/localNetworkGateways", estate: .gateway, platformName: "Head Office"),
    Case(type: "Microsoft.Network/connections", estate: .gateway, platformName: longVNet + "-to-Head Office"),
    Case(
      type: "Microsoft.KeyVault/vaults/secrets", estate: .gateway,
      platformName: longVNet + "-Head Office-sharedkey"),
  ]

  static let certificateXML =
    "\n    <Certificates><Certificate name=\"c\" thumbprint=\"3BFC4E04C034E21B852A8D18B4FF47955338FEE9\" thumbprintAlgorithm=\"sha1\" /></Certificates>"
    + "\n    <ConfigurationSettings><Setting name=\"\(secretSetting)\" value=\"not-a-real-password\" /></ConfigurationSettings>"
  static let certificateDefinition =
    "\n      <Certificates><Certificate name=\"c\" storeLocation=\"LocalMachine\" storeName=\"My\" /></Certificates>"
    + "\n      <ConfigurationSettings><Setting name=\"\(secretSetting)\" /></ConfigurationSettings>"

  /// A long-named service in the hidden default network, with a certificate and a secret setting.
  static func serviceEstate() throws -> (Estate, ARMMapper, MigrationTarget) {
    let cscfg = ARMTestSupport.cscfg(service: longService, roles: ["Web"], roleBody: certificateXML, network: nil)
    let csdef = ARMTestSupport.csdef(
      service: longService, roles: [("Web", "Standard_D1_v2")], roleBody: certificateDefinition)
    let estate = try ARMTestSupport.inlineEstate(service: longService, csdef: csdef, cscfg: cscfg)
    return (
      estate, ARMTestSupport.mapper(cscfg: cscfg, csdef: csdef),
      .deployment(service: longService, slot: nil, deployment: nil)
    )
  }

  /// A service in a long-named VNet whose subnet has a long NSG and route table, with a reserved IP named with
  /// characters ARM refuses.
  static func networkEstate() throws -> (Estate, ARMMapper, MigrationTarget) {
    let network = """
          <VirtualNetworkSite name="\(longVNet)" />
          <AddressAssignments><ReservedIPs><ReservedIP name="svc rip!" /></ReservedIPs></AddressAssignments>
      """
    let cscfg = ARMTestSupport.cscfg(roles: ["Web"], network: network)
    let csdef = ARMTestSupport.csdef(roles: [("Web", "Standard_D1_v2")])
    let binding = #"[{"virtualNetwork": "\#(longVNet)", "subnet": "Front"}]"#
    let extra = """
      "networkSecurityGroups": [{"name": "\(nsg)", "rules": [{"name": "http", "priority": 100,
        "direction": "Inbound", "action": "Allow", "protocol": "TCP", "destinationPortRange": "80"}],
        "bindings": \(binding)}],
      "routeTables": [{"name": "\(routeTable)", "routes": [{"name": "out", "addressPrefix": "0.0.0.0/0",
        "nextHopType": "VirtualAppliance", "nextHopAddress": "10.1.2.4"}], "bindings": \(binding)}],
      """
    let estate = try ARMTestSupport.inlineEstate(
      csdef: csdef, cscfg: cscfg, netcfg: ARMTestSupport.netcfg(vnet: longVNet), extra: extra)
    return (
      estate, ARMTestSupport.mapper(cscfg: cscfg, csdef: csdef), .deployment(service: "svc", slot: nil, deployment: nil)
    )
  }

  /// The long-named VNet with a VPN gateway to a site whose name has a space.
  static func gatewayEstate() throws -> Estate {
    let netcfg = ARMTestSupport.netcfg(vnet: longVNet, site: "Head Office")
    let cscfg = ARMTestSupport.cscfg(roles: ["Web"], network: "    <VirtualNetworkSite name=\"\(longVNet)\" />")
    let csdef = ARMTestSupport.csdef(roles: [("Web", "Standard_D1_v2")])
    return try ARMTestSupport.inlineEstate(csdef: csdef, cscfg: cscfg, netcfg: netcfg)
  }

  static func gatewayTemplate(_ estate: Estate) throws -> GatewayTemplate {
    let network = try #require(estate.virtualNetworks.first { $0.gateway != nil })
    return GatewayTemplate(facts: GatewayFacts(network: network, estate: estate), estate: estate)
  }

  static func plan(_ estate: Case.Source) throws -> ARMPlan {
    switch estate {
    case .service:
      let (estate, mapper, target) = try serviceEstate()
      return try mapper.plan(estate: estate, target: target, options: ARMPlanOptions())
    case .network:
      let (estate, mapper, target) = try networkEstate()
      return try mapper.plan(estate: estate, target: target, options: ARMPlanOptions())
    case .gateway:
      var template = try gatewayTemplate(try gatewayEstate())
      return template.build()
    }
  }

  /// Every name the plan emits for a type: resources, groups, a cloud service's load balancers and frontends,
  /// vault secret names.
  static func emittedNames(_ plan: ARMPlan, type: String) -> [String] {
    var names = plan.resources(ofType: type).map(\.name)
    names += plan.resourceGroups.filter { _ in type == "Microsoft.Resources/resourceGroups" }.map(\.name)
    for service in plan.resources(ofType: "Microsoft.Compute/cloudServices") {
      for balancer in service.properties[path: ["networkProfile", "loadBalancerConfigurations"]]?.arrayValue ?? [] {
        if type == "Microsoft.Network/loadBalancers", let name = balancer["name"]?.stringValue { names.append(name) }
        let frontends = balancer[path: ["properties", "frontendIpConfigurations"]]?.arrayValue ?? []
        if type == "Microsoft.Network/loadBalancers/frontendIPConfigurations" {
          names += frontends.compactMap { $0["name"]?.stringValue }
        }
      }
    }
    if type == "Microsoft.KeyVault/vaults/secrets" {
      names += plan.parameters.compactMap(\.keyVaultSecretName) + (plan.vaultImports ?? []).map(\.name)
    }
    return names
  }

  /// Each type: a valid deterministic name, the note, the Warning naming both, and no trace of the platform name.
  @Test(arguments: cases)
  func nameIsFitted(_ example: Case) throws {
    let plan = try Self.plan(example.estate)
    let rule = try #require(ARMNameRule.rule(for: example.type))
    #expect(rule.violation(of: example.platformName) != nil, "the example must break the rule")
    let note = try #require(
      plan.notes?.first { $0.type == example.type && $0.platformName == example.platformName }, "\(plan.notes ?? [])")
    #expect(rule.violation(of: note.name) == nil, "\(note.name)")
    let emitted = Self.emittedNames(plan, type: example.type)
    #expect(emitted.contains(note.name), "\(emitted)")
    #expect(!emitted.contains(example.platformName))
    let warning = plan.findings.first {
      $0.code == "arm.name-fitted" && $0.message.contains("\(example.type) \(example.platformName),")
    }
    #expect(warning?.severity == .warning)
    #expect(warning?.message.contains(note.name) == true)
    #expect(!plan.findings.contains { $0.code == "arm.invalid-name" })
    #expect(try Self.plan(example.estate).notes == plan.notes)
  }

  /// Fitting always gives a valid name, whatever the platform-derived name is made of.
  @Test(arguments: ARMNameRule.table.map(\.type))
  func fittingAlwaysGivesAValidName(_ type: String) throws {
    let rule = try #require(ARMNameRule.rule(for: type))
    let names = [
      "", "-", "___", ".x", "a", String(repeating: "x", count: 200), "Group rg vnet!", "--a--b--", "é-ü", "9lives",
    ]
    for name in names {
      let fitted = rule.fitted(name)
      #expect(rule.violation(of: fitted) == nil, "\(name) -> \(fitted)")
      #expect(rule.fitted(name) == fitted)
    }
  }

  /// The table covers every rule csmigrate emits names for, except the nested deployments (not platform names).
  @Test func everyRuleHasAnExample() {
    let covered = Set(Self.cases.map(\.type))
    let rules = Set(ARMNameRule.table.map(\.type)).subtracting(["Microsoft.Resources/deployments"])
    #expect(rules.subtracting(covered).isEmpty, "\(rules.subtracting(covered))")
  }

  /// The bundles of the fitted estates pass the schemas and the semantic checker (which checks every name's rule),
  /// and the scripts and prerequisites name the fitted vault.
  @Test func fittedOutputsAreDeployable() async throws {
    var schemaInputs: [(String, ARMValue)] = []
    var semanticInputs: [(String, ARMValue)] = []
    for estate in [Case.Source.service, .network] {
      let plan = try Self.plan(estate)
      let bundle = ARMTemplateBuilder.bundle(for: plan)
      schemaInputs += ARMTestSupport.schemaDocuments(bundle).map { ("\(estate)", $0) }
      semanticInputs += ARMTestSupport.semanticDocuments(bundle).map { ("\(estate)", $0) }
      if let vault = plan.resources(ofType: "Microsoft.KeyVault/vaults").first {
        let platformName = "KV-" + Self.longService
        #expect(vault.name != platformName)
        for script in (bundle.scripts ?? [:]).values {
          #expect(script.contains(vault.name) && !script.contains(platformName))
        }
        let prerequisites = String(decoding: try JSONEncoder().encode(bundle.prerequisites), as: UTF8.self)
        #expect(prerequisites.contains(vault.name) && !prerequisites.contains("\"\(platformName)\""))
      }
    }
    let estate = try Self.gatewayEstate()
    var template = try Self.gatewayTemplate(estate)
    let gatewayBundle = template.bundle(for: template.build())
    schemaInputs += ARMTestSupport.schemaDocuments(gatewayBundle).map { ("gateway", $0) }
    let vnet: ARMValue = [
      "type": "Microsoft.Network/virtualNetworks", "name": .string(template.armVNet),
      "resourceGroup": .string(template.group),
    ]
    let subnet: ARMValue = [
      "type": "Microsoft.Network/virtualNetworks/subnets", "resourceGroup": .string(template.group),
      "name": .string(template.armVNet + "/GatewaySubnet"),
    ]
    semanticInputs += ARMTestSupport.semanticDocuments(gatewayBundle, existing: [vnet, subnet]).map { ("gateway", $0) }
    for (index, messages) in try await ARMTestSupport.schemaErrors(schemaInputs.map(\.1)) {
      Issue.record("\(schemaInputs[index].0): \(messages)")
    }
    for (index, messages) in try await ARMTestSupport.semanticErrors(semanticInputs.map(\.1)) {
      Issue.record("\(semanticInputs[index].0): \(messages)")
    }
  }

  /// The semantic checker refuses a name past each type's limit, in a resource, a child, a cloud service's load
  /// balancer and a Key Vault secret reference.
  @Test func semanticCheckerRefusesLongNames() async throws {
    let long = String(repeating: "n", count: 81)
    let resources: [ARMValue] = [
      ["type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": .string(long)],
      ["type": "Microsoft.Network/routeTables", "apiVersion": "2023-09-01", "name": .string(long)],
      ["type": "Microsoft.Network/connections", "apiVersion": "2023-09-01", "name": "conn-"],
      ["type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "2023-09-01", "name": "v/sub net"],
      [
        "type": "Microsoft.Compute/cloudServices", "apiVersion": "2022-09-04", "name": "cs",
        "properties": ["networkProfile": ["loadBalancerConfigurations": [["name": .string(long)]]]],
      ],
    ]
    let document: ARMValue = [
      "template": ["resources": .array(resources)], "parameters": [:], "existing": [],
    ]
    let messages = try await ARMTestSupport.semanticErrors([document])[0] ?? []
    for expected in [
      "breaks the microsoft.network/networksecuritygroups rule", "breaks the microsoft.network/routetables rule",
      "name conn- breaks the microsoft.network/connections rule",
      "name sub net breaks the microsoft.network/virtualnetworks/subnets rule",
      "breaks the microsoft.network/loadbalancers rule",
    ] {
      #expect(messages.contains { $0.contains(expected) }, "\(expected): \(messages)")
    }
  }

  /// The rewritten `.cscfg` names the fitted VNet (in its fitted group) and the fitted reserved IP, in the
  /// template's variable and in `artifacts/rewrite` alike.
  @Test func rewrittenConfigurationUsesFittedNames() throws {
    let (estate, mapper, target) = try Self.networkEstate()
    let plan = try mapper.plan(estate: estate, target: target, options: ARMPlanOptions())
    let vnet = try #require(plan.resources(ofType: "Microsoft.Network/virtualNetworks").first)
    let ip = try #require(plan.resources(ofType: "Microsoft.Network/publicIPAddresses").first)
    let service = try #require(plan.resources(ofType: "Microsoft.Compute/cloudServices").first)
    let variable = try #require(plan.variables[service.resourceGroup]?["svc_configuration"]?.stringValue)
    let rewritten = try ARMPlanner(mapper: mapper).rewrite(estate: estate, target: target, options: ARMPlanOptions())
    let cscfg = try #require(rewritten.files.first { $0.kind == "cscfg" }?.text)
    for text in [variable, cscfg] {
      #expect(
        text.contains("/resourceGroups/\(vnet.resourceGroup)/providers/Microsoft.Network/virtualNetworks/\(vnet.name)"))
      #expect(text.contains("name=\"\(ip.name)\""), "\(text)")
      #expect(!text.contains(Self.longVNet + "\"") && !text.contains("svc rip!"))
    }
    #expect(service.dependsOn.contains(vnet.id) && service.dependsOn.contains(ip.id))
  }

  /// The gateway template and `arm/template` give the migrated VNet and its group the same fitted names.
  @Test func gatewayTemplateAgreesWithTheCorePlan() throws {
    let estate = try Self.gatewayEstate()
    let template = try Self.gatewayTemplate(estate)
    let cscfg = ARMTestSupport.cscfg(roles: ["Web"], network: "    <VirtualNetworkSite name=\"\(Self.longVNet)\" />")
    let plan = try ARMTestSupport.mapper(cscfg: cscfg, csdef: ARMTestSupport.csdef(roles: [("Web", "Standard_D1_v2")]))
      .plan(estate: estate, target: .deployment(service: "svc", slot: nil, deployment: nil), options: ARMPlanOptions())
    let vnet = try #require(plan.resources(ofType: "Microsoft.Network/virtualNetworks").first)
    #expect(template.armVNet == vnet.name && template.group == vnet.resourceGroup)
    #expect(template.armVNet != PlatformNames.virtualNetwork(Self.longVNet))
    let runbook = RunbookBuilder.build(
      GatewayFacts(network: try #require(estate.virtualNetworks.first), estate: estate), subscription: "s")
    #expect(runbook.resourceGroup == vnet.resourceGroup)
  }

  /// Prepare files a long-named service's resources under the service, whose group the mapper fitted.
  @Test func ledgerOwnershipFollowsTheFittedGroup() throws {
    let (estate, mapper, target) = try Self.serviceEstate()
    let plan = try mapper.plan(estate: estate, target: target, options: ARMPlanOptions())
    let group = try #require(plan.resources(ofType: "Microsoft.Compute/cloudServices").first?.resourceGroup)
    #expect(group != Self.longService + "-migrated")
    let planned = try ARMResourcePlan(
      fragments: plan.resources.map { try LifecycleDependencies.fragment(encoding: $0) },
      scope: try TargetScope.resolve(target, in: estate), subscription: plan.subscriptionID)
    #expect(planned.resources(owner: Self.longService).count == plan.resources.count)
    #expect(planned.resources(owner: nil).isEmpty)
  }
}
