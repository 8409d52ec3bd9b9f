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
  @Test func sampleTemplateValidatesAgainstSchema() async throws {
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
    var groupWithoutProperties = bundle.template
    if case .array(var resources)? = groupWithoutProperties["resources"] {
      resources[0]["properties"] = nil
      groupWithoutProperties["resources"] = .array(resources)
    }
    let prerequisites = try #require(bundle.prerequisites)
    let errors = try await ARMTestSupport.schemaErrors([
      bundle.template, broken, groupWithoutProperties, prerequisites, bundle.parameters,
    ])
    #expect(errors[0] == nil, "\(errors[0] ?? [])")
    #expect(errors[1] != nil)
    #expect(errors[2]?.contains { $0.contains("properties") } == true, "\(errors[2] ?? [])")
    #expect(errors[3] == nil, "\(errors[3] ?? [])")
    #expect(errors[4] == nil, "\(errors[4] ?? [])")
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
    #expect(
      plan.parameters.map { "\($0.name):\($0.type)" } == [
        "KV_contoso_shop_create:bool", "contoso_shop_WebRole1_StorageConnectionString:securestring",
        "contoso_shop_packageUrl:securestring", "operatorObjectId:string",
      ])
    #expect(plan.resources(ofType: "Microsoft.KeyVault/vaults").allSatisfy { $0.stage == .prerequisites })
    let configuration = try #require(
      plan.variables["contoso-shop-migrated"]?["contoso_shop_configuration"]?.stringValue)
    #expect(configuration.contains(vnet.id.replacingOccurrences(of: plan.subscriptionID, with: "__SUBSCRIPTION_ID__")))
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

  /// A secret setting is read by the nested deployment from the prerequisite vault (no value anywhere); the
  /// parameters file gives no secure value, and the script imports the value from the environment.
  @Test func secretSettingsAreReadFromThePrerequisiteVault() throws {
    let bundle = try sampleBundle()
    let name = "contoso_shop_WebRole1_StorageConnectionString"
    #expect(bundle.parameters[path: ["parameters", name]] == nil)
    #expect(bundle.template[path: ["parameters", name]] == nil)
    let deployment = try #require(
      bundle.template["resources"]?.arrayValue?.first { $0["name"] == "csmigrate-contoso-shop-migrated" })
    let passed = deployment[path: ["properties", "parameters", name]]
    let vaultID =
      "[resourceId(subscription().subscriptionId, 'contoso-shop-migrated', 'Microsoft.KeyVault/vaults', "
      + "'KV-contoso-shop')]"
    #expect(passed?[path: ["reference", "keyVault", "id"]] == .string(vaultID))
    #expect(passed?[path: ["reference", "secretName"]] == "contoso-shop-WebRole1-StorageConnectionString")
    let vaults = bundle.prerequisites?[path: ["resources"]]?.arrayValue?.compactMap {
      $0[path: ["properties", "template", "resources"]]?.arrayValue
    }.flatMap { $0 }.filter { $0["type"] == "Microsoft.KeyVault/vaults" }
    #expect(vaults?.map { $0[path: ["properties", "enabledForTemplateDeployment"]] } == [true])
    #expect(vaults?.map { $0["condition"] } == ["[parameters('KV_contoso_shop_create')]"])
    let imports = bundle.imports ?? []
    #expect(imports.map(\.kind) == [.secret])
    let script = try #require(bundle.scripts?["deploy.sh"])
    #expect(script.contains("--name 'contoso-shop-WebRole1-StorageConnectionString'"))
    #expect(script.contains(imports[0].variable))
  }

  /// No template csmigrate writes names the estate's subscription; IDs are `resourceId()` expressions.
  @Test func noSubscriptionIsHardCoded() throws {
    let bundle = try sampleBundle()
    let subscription = try #require(ARMTestSupport.sampleEstate().estate.subscription?.id)
    for text in [try ARMTestSupport.json(bundle.template), try ARMTestSupport.json(bundle.prerequisites)] {
      #expect(!text.contains(subscription))
      #expect(text.range(of: "/subscriptions/[0-9a-fA-F-]{36}", options: .regularExpression) == nil)
    }
  }
}
