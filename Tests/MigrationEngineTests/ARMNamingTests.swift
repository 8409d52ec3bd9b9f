import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing

/// The platform naming table (§4.6) row by row, on real mappings, plus the custom profile.
struct ARMNamingTests {
  let target = MigrationTarget.deployment(service: "svc", slot: nil, deployment: nil)

  func plan(
    vnet: String?, netcfgVNet: String? = nil, reserved: Bool = false, certificate: Bool = false,
    options: ARMPlanOptions = ARMPlanOptions()
  ) throws -> ARMPlan {
    var network: String?
    if let vnet {
      network = "    <VirtualNetworkSite name=\"\(vnet)\" />"
      if reserved {
        network! +=
          "\n    <AddressAssignments><ReservedIPs><ReservedIP name=\"svc-rip\" /></ReservedIPs></AddressAssignments>"
      }
    }
    let certificateXML =
      certificate
      ? "\n    <Certificates><Certificate name=\"c\" thumbprint=\"3BFC4E04C034E21B852A8D18B4FF47955338FEE9\" thumbprintAlgorithm=\"sha1\" /></Certificates>"
      : ""
    let cscfg = ARMTestSupport.cscfg(roles: ["Web"], roleBody: certificateXML, network: network)
    let csdef = ARMTestSupport.csdef(
      roles: [("Web", "Standard_D1_v2")],
      roleBody: certificate
        ? "\n      <Certificates><Certificate name=\"c\" storeLocation=\"LocalMachine\" storeName=\"My\" /></Certificates>"
        : "")
    let estate = try ARMTestSupport.inlineEstate(
      csdef: csdef, cscfg: cscfg, netcfg: (netcfgVNet ?? vnet).map(ARMTestSupport.netcfg))
    return try ARMTestSupport.mapper(cscfg: cscfg, csdef: csdef).plan(estate: estate, target: target, options: options)
  }

  func names(_ plan: ARMPlan, _ type: String) -> [String] { plan.resources(ofType: type).map(\.name) }

  /// Deployment → cloud service named after the classic cloud service; its group `<service>-migrated`.
  @Test func rowCloudServiceAndItsResourceGroup() throws {
    let plan = try plan(vnet: "vnet1")
    #expect(names(plan, "Microsoft.Compute/cloudServices") == ["svc"])
    #expect(plan.resources(ofType: "Microsoft.Compute/cloudServices").first?.resourceGroup == "svc-migrated")
  }

  /// Virtual network (not portal created) keeps its name; its group is `<vnet>-migrated`.
  @Test func rowNamedVirtualNetwork() throws {
    let plan = try plan(vnet: "vnet1")
    #expect(names(plan, "Microsoft.Network/virtualNetworks") == ["vnet1"])
    #expect(plan.resources(ofType: "Microsoft.Network/virtualNetworks").first?.resourceGroup == "vnet1-migrated")
  }

  /// Portal-created `Group rg vnet` → `group-rg-vnet`, group `group-rg-vnet-migrated`.
  @Test func rowPortalCreatedVirtualNetwork() throws {
    #expect(PlatformNames.virtualNetwork("Group rg1 vnet1") == "group-rg1-vnet1")
    let plan = try plan(vnet: "Group rg1 vnet1")
    #expect(names(plan, "Microsoft.Network/virtualNetworks") == ["group-rg1-vnet1"])
    #expect(plan.resourceGroups.map(\.name).contains("group-rg1-vnet1-migrated"))
  }

  /// Default VNet → `VNet-<service>`.
  @Test func rowDefaultVirtualNetwork() throws {
    let plan = try plan(vnet: nil)
    #expect(names(plan, "Microsoft.Network/virtualNetworks") == ["VNet-svc"])
    #expect(PlatformNames.rdfeVirtualNetwork("svc").hasPrefix("DefaultRdfeVnet"))
  }

  /// Key Vault `KV-<service>` only when there are certificates.
  @Test func rowKeyVault() throws {
    #expect(names(try plan(vnet: "vnet1", certificate: true), "Microsoft.KeyVault/vaults") == ["KV-svc"])
    #expect(names(try plan(vnet: "vnet1"), "Microsoft.KeyVault/vaults").isEmpty)
  }

  /// Public IP (dynamic) → `<service>ContractContract`; reserved IP → its name, static.
  @Test func rowPublicIPs() throws {
    let dynamic = try plan(vnet: "vnet1")
    #expect(names(dynamic, "Microsoft.Network/publicIPAddresses") == ["svcContractContract"])
    #expect(
      dynamic.resources(ofType: "Microsoft.Network/publicIPAddresses").first?.properties["publicIPAllocationMethod"]
        == "Dynamic")
    let reserved = try plan(vnet: "vnet1", reserved: true)
    #expect(names(reserved, "Microsoft.Network/publicIPAddresses") == ["svc-rip"])
    #expect(
      reserved.resources(ofType: "Microsoft.Network/publicIPAddresses").first?.properties["publicIPAllocationMethod"]
        == "Static")
    #expect(PlatformNames.reservedPublicIP("Group rg1 rip") == "group-rg1-rip")
  }

  /// Load balancer → `LB-<service>`.
  @Test func rowLoadBalancer() throws {
    let service = try #require(try plan(vnet: "vnet1").resources(ofType: "Microsoft.Compute/cloudServices").first)
    #expect(
      service.properties[path: ["networkProfile", "loadBalancerConfigurations"]]?.arrayValue?.first?["name"] == "LB-svc"
    )
  }

  /// Custom profile: caller names replace platform names; invalid ones are refused or reported.
  @Test func customNamingProfile() throws {
    let options = ARMPlanOptions(
      naming: .custom, names: ["svc-migrated": "rg-app", "vnet1": "net-app", "KV-svc": "kv-app-01"])
    let custom = try plan(vnet: "vnet1", certificate: true, options: options)
    #expect(custom.resourceGroups.map(\.name).contains("rg-app"))
    #expect(names(custom, "Microsoft.Network/virtualNetworks") == ["net-app"])
    #expect(names(custom, "Microsoft.KeyVault/vaults") == ["kv-app-01"])
    #expect(!custom.hasErrors)
    let badVault = try plan(
      vnet: "vnet1", certificate: true, options: ARMPlanOptions(naming: .custom, names: ["KV-svc": "kv_bad"]))
    #expect(badVault.findings.contains { $0.code == "arm.invalid-name" && $0.severity == .error })
    #expect(throws: PluginError.self) {
      try plan(vnet: "vnet1", options: ARMPlanOptions(naming: .custom, names: ["svc-migrated": "bad/name"]))
    }
    // The platform profile ignores names.
    #expect(
      try plan(vnet: "vnet1", options: ARMPlanOptions(names: ["vnet1": "x1"])).resources.contains { $0.name == "vnet1" }
    )
  }

  /// ARM name rules, one per kind of violation.
  @Test(arguments: [
    ("Microsoft.KeyVault/vaults", "kv", false), ("Microsoft.KeyVault/vaults", "KV-contoso-shop", true),
    ("Microsoft.KeyVault/vaults", "1kv-abc", false), ("Microsoft.KeyVault/vaults", "kv--abc", false),
    ("Microsoft.KeyVault/vaults", String(repeating: "a", count: 25), false),
    ("Microsoft.Network/virtualNetworks", "vnet.", false), ("Microsoft.Network/virtualNetworks", "v n", false),
    ("Microsoft.Resources/resourceGroups", "rg(1)_a.b-c", true), ("Microsoft.Resources/resourceGroups", "rg.", false),
  ])
  func nameRules(type: String, name: String, valid: Bool) throws {
    let rule = try #require(ARMNameRule.rule(for: type))
    #expect((rule.violation(of: name) == nil) == valid)
  }
}
