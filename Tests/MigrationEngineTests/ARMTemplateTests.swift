import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing

/// The template for the sample estate: golden file, schema validation, determinism and secrets.
struct ARMTemplateTests {
  let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden/ARM/sample-estate.template.json")

  func sampleBundle() throws -> ARMTemplateBundle {
    let load = ARMTestSupport.sampleEstate()
    let resolved = ResolvedEstate(handle: "test", load: load)
    return try ARMTestSupport.planner.template(
      for: resolved, target: .deployment(service: "contoso-shop", slot: nil, deployment: nil),
      options: ARMPlanOptions())
  }

  /// The sample estate's template matches the golden file byte for byte (set CSMIGRATE_UPDATE_GOLDEN=1 to rewrite).
  @Test func sampleTemplateMatchesGolden() throws {
    let text = try ARMTestSupport.json(try sampleBundle())
    if ProcessInfo.processInfo.environment["CSMIGRATE_UPDATE_GOLDEN"] != nil {
      try Data(text.utf8).write(to: goldenURL)
    }
    let golden = try String(contentsOf: goldenURL, encoding: .utf8)
    #expect(text == golden)
  }

  /// Two runs give identical bytes.
  @Test func templateIsDeterministic() throws {
    #expect(try ARMTestSupport.json(try sampleBundle()) == ARMTestSupport.json(try sampleBundle()))
  }

  /// The sample template validates against the official cloudServices schema; a broken one does not.
  @Test func sampleTemplateValidatesAgainstSchema() throws {
    let bundle = try sampleBundle()
    var broken = bundle.template
    if case .array(var resources)? = broken["resources"], let last = resources.indices.last {
      resources[last][path: ["properties", "template", "resources"]] = [
        [
          "type": "Microsoft.Compute/cloudServices", "apiVersion": "2022-09-04", "name": "x", "location": "westeurope",
          "properties": ["roleProfile": ["roles": [["sku": ["capacity": "three"]]]]],
        ]
      ]
      broken["resources"] = .array(resources)
    }
    let errors = try ARMTestSupport.schemaErrors([bundle.template, broken])
    #expect(errors[0] == nil, "\(errors[0] ?? [])")
    #expect(errors[1] != nil)
  }

  /// The sample's cloud service: sizes mapped, capacity = instance count, VNet ID in the configuration, reserved IP
  /// static, Key Vault present, secure parameters for the package and the secret setting.
  @Test func sampleCloudServiceContent() throws {
    let load = ARMTestSupport.sampleEstate()
    let plan = try ARMTestSupport.planner.plan(
      for: ResolvedEstate(handle: "t", load: load),
      target: .deployment(service: "contoso-shop", slot: nil, deployment: nil),
      options: ARMPlanOptions())
    let service = try #require(plan.resources(ofType: "Microsoft.Compute/cloudServices").first)
    let roles = service.properties[path: ["roleProfile", "roles"]]?.arrayValue ?? []
    #expect(roles.map { $0[path: ["sku", "name"]] } == [.string("Standard_A1_v2"), .string("Standard_D2_v2")])
    #expect(roles.map { $0[path: ["sku", "capacity"]] } == [.int(2), .int(3)])
    #expect(service.properties[path: ["osProfile", "secrets"]] == .array([]))
    #expect(service.properties["upgradeMode"] == "Auto")
    let publicIP = try #require(plan.resources(ofType: "Microsoft.Network/publicIPAddresses").first)
    #expect(publicIP.name == "contoso-shop-ip")
    #expect(publicIP.properties["publicIPAllocationMethod"] == "Static")
    #expect(publicIP.sku == ["name": "Basic"])
    #expect(publicIP.properties[path: ["dnsSettings", "domainNameLabel"]] == "contoso-shop")
    #expect(plan.resources(ofType: "Microsoft.KeyVault/vaults").map(\.name) == ["KV-contoso-shop"])
    #expect(Set(plan.resourceGroups.map(\.name)) == ["contoso-shop-migrated", "contoso-vnet-migrated"])
    let vnet = try #require(plan.resources(ofType: "Microsoft.Network/virtualNetworks").first)
    #expect(vnet.properties[path: ["dhcpOptions", "dnsServers"]] == ["10.20.2.4", "10.20.2.5"])
    let front = vnet.properties["subnets"]?.arrayValue?.first
    #expect(
      front?[path: ["properties", "networkSecurityGroup", "id"]]?.stringValue?.hasSuffix("/frontend-nsg") == true)
    #expect(plan.parameters.map(\.type) == ["securestring", "securestring"])
    let configuration = try #require(
      plan.variables["contoso-shop-migrated"]?["contoso_shop_configuration"]?.stringValue)
    #expect(configuration.contains(vnet.id))
    #expect(!configuration.contains("RemoteAccess"))
  }

  /// No secret of the sample estate appears in the plan, the template, the parameters file or the rewrite.
  @Test func noSecretInAnyOutput() throws {
    let secrets = [
      "do-not-leak-this", "AccountKey=c2VjcmV0", "c2VjcmV0",
      "MIIBnQYJKoZIhvcNAQcDoIIBjjCCAYoCAQAxggFOMIIBSgIBADAyMB4xHDAaBgNVBAMME1dpbmRvd3MgQXp1cmUgVG9vbHM=",
    ]
    let load = ARMTestSupport.sampleEstate()
    let target = MigrationTarget.deployment(service: "contoso-shop", slot: nil, deployment: nil)
    let resolved = ResolvedEstate(handle: "t", load: load)
    let outputs = [
      try ARMTestSupport.json(
        try ARMTestSupport.planner.plan(for: resolved, target: target, options: ARMPlanOptions())),
      try ARMTestSupport.json(try sampleBundle()),
      try ARMTestSupport.json(
        try ARMTestSupport.planner.rewrite(estate: load.estate, target: target, options: ARMPlanOptions())),
    ]
    // The secrets really are in the estate's files, so the scan can fail.
    let original = try String(
      contentsOf: packageRoot.appendingPathComponent("examples/sample-estate/ServiceConfiguration.Cloud.cscfg"),
      encoding: .utf8)
    #expect(original.contains("AccountKey=c2VjcmV0"))
    for output in outputs {
      for secret in secrets {
        #expect(!output.contains(secret), "secret \(secret.prefix(8))… leaked")
      }
    }
  }

  /// The template's parameters file refers secure values to Key Vault and gives no value for them.
  @Test func parametersFileUsesKeyVaultReferences() throws {
    let parameters = try sampleBundle().parameters
    let secret = parameters[path: ["parameters", "contoso_shop_WebRole1_StorageConnectionString"]]
    #expect(secret?[path: ["reference", "keyVault", "id"]]?.stringValue?.hasSuffix("/vaults/KV-contoso-shop") == true)
    #expect(secret?["value"] == nil)
  }
}
