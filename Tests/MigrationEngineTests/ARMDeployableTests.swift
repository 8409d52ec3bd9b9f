import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing

@testable import Gateways

/// The staged output deploys in order: schema-valid and semantically sound for the examples and the corpus
/// gateway networks; the semantic checker fails on broken templates; names fit; rewritten files are complete.
struct ARMDeployableTests {
  let target = MigrationTarget.deployment(service: "svc", slot: nil, deployment: nil)

  func bundle(example: String) throws -> ARMTemplateBundle {
    let load = EstateLoader(root: packageRoot).load(documentAt: "examples/\(example)/estate.json")
    let service = try #require(load.estate.cloudServices.first?.name)
    return try ARMTestSupport.planner.template(
      for: ResolvedEstate(handle: "t", load: load), target: .deployment(service: service, slot: nil, deployment: nil),
      options: ARMPlanOptions())
  }

  /// Both example estates: every template and parameters file passes the schemas and the semantic checker.
  @Test(arguments: ["sample-estate", "solo-estate"])
  func examplesAreDeployable(_ example: String) async throws {
    let bundle = try bundle(example: example)
    #expect(!bundle.findings.contains { $0.severity == .error }, "\(bundle.findings)")
    let schema = try await ARMTestSupport.schemaErrors(ARMTestSupport.schemaDocuments(bundle))
    #expect(schema.isEmpty, "\(schema)")
    let semantic = try await ARMTestSupport.semanticErrors(ARMTestSupport.semanticDocuments(bundle))
    #expect(semantic.isEmpty, "\(semantic)")
    // The Azure CLI script parses as bash and names every import's variable.
    let script = try #require(bundle.scripts?["deploy.sh"])
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-deploy-\(UUID().uuidString).sh")
    try Data(script.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect((try? await ARMTestSupport.run(["bash", "-n", url.path], checked: true)) != nil, "\(script)")
    for item in bundle.imports ?? [] { #expect(script.contains(item.variable)) }
  }

  /// Every VNet with a gateway in the corpus `.netcfg` files: the `gateways/recreate` template passes the schemas
  /// and the semantic checker, with the migrated VNet and its subnets as the pre-existing resources.
  @Test func corpusGatewayTemplatesAreDeployable() async throws {
    let directory = ARMTestSupport.sharedRoot.appendingPathComponent("corpus/netcfg")
    var schemaInputs: [(String, ARMValue)] = []
    var semanticInputs: [(String, ARMValue)] = []
    for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    where file.hasSuffix(".netcfg") {
      let document = """
        {"version": 1, "subscription": {"id": "11111111-2222-4333-8444-555555555555", "defaultRegion": "West Europe"},
         "netcfg": "corpus/netcfg/\(file)"}
        """
      let load = EstateLoader(root: ARMTestSupport.sharedRoot).load(documentText: document, baseDirectory: nil)
      for network in load.estate.virtualNetworks where network.gateway != nil {
        var template = GatewayTemplate(facts: GatewayFacts(network: network, estate: load.estate), estate: load.estate)
        let bundle = template.bundle(for: template.build())
        let label = "\(file) \(network.name)"
        schemaInputs += ARMTestSupport.schemaDocuments(bundle).map { (label, $0) }
        let vnet: ARMValue = [
          "type": "Microsoft.Network/virtualNetworks", "name": .string(PlatformNames.virtualNetwork(network.name)),
          "resourceGroup": .string(PlatformNames.virtualNetworkResourceGroup(network.name)),
        ]
        let subnets: [ARMValue] = network.subnets.map { subnet in
          [
            "type": "Microsoft.Network/virtualNetworks/subnets", "resourceGroup": vnet["resourceGroup"] ?? "",
            "name": .string((vnet["name"]?.stringValue ?? "") + "/" + subnet.name),
          ]
        }
        semanticInputs += ARMTestSupport.semanticDocuments(bundle, existing: [vnet] + subnets).map { (label, $0) }
      }
    }
    #expect(Set(schemaInputs.map(\.0)).count >= 5)
    for (index, messages) in try await ARMTestSupport.schemaErrors(schemaInputs.map(\.1)) {
      Issue.record("\(schemaInputs[index].0): \(messages)")
    }
    for (index, messages) in try await ARMTestSupport.semanticErrors(semanticInputs.map(\.1)) {
      Issue.record("\(semanticInputs[index].0): \(messages)")
    }
  }

  /// Each deliberate break of the sample's main template is caught by the semantic checker, with its reason.
  @Test func semanticCheckerFailsOnBrokenTemplates() async throws {
    let bundle = try bundle(example: "sample-estate")
    let good = ARMTestSupport.semanticDocuments(bundle)[0]
    func broken(_ change: (inout ARMValue) -> Void) -> ARMValue {
      var document = good
      change(&document)
      return document
    }
    func innerResources(_ document: inout ARMValue, _ change: (inout [ARMValue]) -> Void) {
      guard case .array(var top)? = document[path: ["template", "resources"]] else { return }
      for index in top.indices {
        guard case .array(var inner)? = top[index][path: ["properties", "template", "resources"]] else { continue }
        change(&inner)
        top[index][path: ["properties", "template", "resources"]] = .array(inner)
      }
      document[path: ["template", "resources"]] = .array(top)
    }
    let cases: [(String, ARMValue)] = [
      (
        "takes 2 name(s), got 1",
        broken { document in
          innerResources(&document) { resources in
            resources.append([
              "type": "Microsoft.Network/publicIPAddresses", "apiVersion": "2023-09-01", "name": "pip",
              "properties": [
                "x": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'contoso-vnet/GatewaySubnet')]"
              ],
            ])
          }
        }
      ),
      (
        "literal resource ID",
        broken { document in
          innerResources(&document) { resources in
            resources.append([
              "type": "Microsoft.Network/publicIPAddresses", "apiVersion": "2023-09-01", "name": "pip",
              "properties": [
                "x": "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/g/providers/A.B/c/d"
              ],
            ])
          }
        }
      ),
      ("neither this deployment nor an earlier stage creates", broken { $0["existing"] = [] }),
      (
        "unknown function",
        broken { document in
          innerResources(&document) { resources in
            resources[0]["properties"] = ["x": "[listKeys(resourceId('A.B/c', 'd'), '2020-01-01')]"]
          }
        }
      ),
      (
        "breaks the microsoft.keyvault/vaults rule",
        broken { document in
          innerResources(&document) { resources in
            resources.append([
              "type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01",
              "name": "KV-a-cloud-service-name-that-is-long", "properties": [:],
            ])
          }
        }
      ),
      (
        "has an inline value",
        broken { document in
          document[path: ["parameters", "parameters", "contoso_shop_packageUrl"]] = ["value": "https://x/?sig=1"]
        }
      ),
      (
        "without a dependsOn on it",
        broken { document in
          innerResources(&document) { resources in
            guard resources.contains(where: { $0["type"] == "Microsoft.Network/publicIPAddresses" }) else { return }
            resources.append([
              "type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg",
              "properties": [
                "x": .string(
                  "[reference(resourceId('Microsoft.Network/publicIPAddresses', 'contoso-shop-ip'), '2023-09-01')"
                    + ".ipAddress]")
              ],
            ])
          }
        }
      ),
      (
        "does not parse",
        broken { document in
          innerResources(&document) { resources in resources[0]["properties"] = ["x": "[concat('a', ]"] }
        }
      ),
    ]
    let errors = try await ARMTestSupport.semanticErrors([good] + cases.map(\.1))
    #expect(errors[0] == nil, "\(errors[0] ?? [])")
    for (index, (reason, _)) in cases.enumerated() {
      let messages = errors[index + 1] ?? []
      #expect(messages.contains { $0.contains(reason) }, "case '\(reason)': \(messages)")
    }
  }

  /// A Key Vault reference to a vault the same template creates (not an earlier stage) is refused.
  @Test func vaultReferenceToTheSameDeploymentIsRefused() async throws {
    let bundle = try bundle(example: "sample-estate")
    var document = ARMTestSupport.semanticDocuments(bundle)[0]
    document["existing"] = .array(
      (document["existing"]?.arrayValue ?? []).filter { $0["type"] != "Microsoft.KeyVault/vaults" })
    let errors = try await ARMTestSupport.semanticErrors([document])
    #expect(errors[0]?.contains { $0.contains("Key Vault reference to a vault no earlier stage creates") } == true)
  }

  /// `KV-<service>` over 24 characters becomes a valid deterministic name; the plan keeps the platform's name in
  /// its notes and a warning names both.
  @Test func longVaultNamesAreFitted() throws {
    let service = "a-cloud-service-with-a-long-name"
    let certificate =
      "\n    <Certificates><Certificate name=\"c\" thumbprint=\"3BFC4E04C034E21B852A8D18B4FF47955338FEE9\" /></Certificates>"
    let cscfg = ARMTestSupport.cscfg(service: service, roles: ["Web"], roleBody: certificate, network: nil)
    let csdef = ARMTestSupport.csdef(
      service: service, roles: [("Web", "Standard_D1_v2")],
      roleBody:
        "\n      <Certificates><Certificate name=\"c\" storeLocation=\"LocalMachine\" storeName=\"My\" /></Certificates>"
    )
    let estate = try ARMTestSupport.inlineEstate(service: service, csdef: csdef, cscfg: cscfg)
    let mapper = ARMTestSupport.mapper(cscfg: cscfg, csdef: csdef)
    let options = ARMPlanOptions()
    let plan = try mapper.plan(
      estate: estate, target: .deployment(service: service, slot: nil, deployment: nil), options: options)
    let vault = try #require(plan.resources(ofType: "Microsoft.KeyVault/vaults").first)
    let platformName = "KV-" + service
    #expect(vault.name.count <= 24 && vault.name.hasPrefix("KV-a-cloud-servic-"))
    #expect(ARMNameRule.rule(for: "Microsoft.KeyVault/vaults")?.violation(of: vault.name) == nil)
    #expect(
      plan.notes == [ARMNameNote(type: "Microsoft.KeyVault/vaults", platformName: platformName, name: vault.name)])
    let warning = try #require(plan.findings.first { $0.code == "arm.name-fitted" })
    #expect(warning.severity == .warning)
    #expect(warning.message.contains(platformName) && warning.message.contains(vault.name))
    #expect(!plan.findings.contains { $0.code == "arm.invalid-name" })
    let again = try mapper.plan(
      estate: estate, target: .deployment(service: service, slot: nil, deployment: nil), options: options)
    #expect(again.resources(ofType: "Microsoft.KeyVault/vaults").first?.name == vault.name)
    #expect(ARMNameRule.rule(for: "Microsoft.KeyVault/vaults")?.fitted("KV-" + service + "x") != vault.name)
  }

  /// A VNet the estate does not describe is an Error finding and is not emitted with an empty address space.
  @Test func undescribedVNetIsAnErrorNotAnEmptyNetwork() throws {
    let cscfg = ARMTestSupport.cscfg(roles: ["Web"], network: "    <VirtualNetworkSite name=\"ghost\" />")
    let csdef = ARMTestSupport.csdef(roles: [("Web", "Standard_D1_v2")])
    let estate = try ARMTestSupport.inlineEstate(csdef: csdef, cscfg: cscfg)
    let plan = try ARMTestSupport.mapper(cscfg: cscfg, csdef: csdef).plan(
      estate: estate, target: target, options: ARMPlanOptions())
    #expect(plan.findings.contains { $0.code == "arm.vnet-unknown" && $0.severity == .error })
    #expect(plan.resources(ofType: "Microsoft.Network/virtualNetworks").isEmpty)
    let described = try ARMTestSupport.inlineEstate(
      csdef: csdef, cscfg: cscfg, netcfg: ARMTestSupport.netcfg(vnet: "ghost"))
    let complete = try ARMTestSupport.mapper(cscfg: cscfg, csdef: csdef).plan(
      estate: described, target: target, options: ARMPlanOptions())
    let vnet = try #require(complete.resources(ofType: "Microsoft.Network/virtualNetworks").first)
    #expect(vnet.properties[path: ["addressSpace", "addressPrefixes"]] == ["10.1.0.0/16"])
  }

  /// An existing `<InstanceAddress>` without `<Subnets>` (empty element or with content) gets the role's subnet.
  @Test(arguments: [
    "<InstanceAddress roleName=\"Web\" />",
    "<InstanceAddress roleName=\"Web\">\n        <!-- no subnets -->\n      </InstanceAddress>",
  ])
  func existingInstanceAddressGetsSubnets(_ address: String) throws {
    let network = """
          <VirtualNetworkSite name="vnet1" />
          <AddressAssignments>
            \(address)
          </AddressAssignments>
      """
    let cscfg = ARMTestSupport.cscfg(roles: ["Web"], network: network)
    let csdef = ARMTestSupport.csdef(roles: [("Web", "Standard_D1_v2")])
    let estate = try ARMTestSupport.inlineEstate(
      csdef: csdef, cscfg: cscfg, netcfg: ARMTestSupport.netcfg(vnet: "vnet1"))
    let text = try #require(
      try ARMTestSupport.mapper(cscfg: cscfg, csdef: csdef).plan(
        estate: estate, target: target, options: ARMPlanOptions()
      ).variables["svc-migrated"]?["svc_configuration"]?.stringValue)
    let compact = text.filter { !$0.isWhitespace }
    #expect(compact.contains("<Subnets><Subnetname=\"Front\"/></Subnets>"), "\(text)")
    #expect(text.components(separatedBy: "<InstanceAddress").count == 2)
  }
}
