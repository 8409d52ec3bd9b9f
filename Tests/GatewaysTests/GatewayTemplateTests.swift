import EstateModel
import Foundation
import Testing

@testable import Gateways

@Suite struct GatewayTemplateTests {
  /// The nested deployment's inner resources, by name.
  func inner(_ bundle: ARMTemplateBundle) throws -> [String: ARMValue] {
    guard case .array(let top)? = bundle.template["resources"] else { throw Failure.shape("resources") }
    #expect(top.count == 2)
    #expect(top.first?["type"] == "Microsoft.Resources/resourceGroups")
    let deployment = try #require(top.last)
    #expect(deployment["type"] == "Microsoft.Resources/deployments")
    guard case .array(let resources)? = deployment[path: ["properties", "template", "resources"]] else {
      throw Failure.shape("inner resources")
    }
    var byName: [String: ARMValue] = [:]
    for resource in resources {
      guard case .string(let name)? = resource["name"] else { throw Failure.shape("name") }
      byName[name] = resource
    }
    return byName
  }

  enum Failure: Error { case shape(String) }

  func dependsOn(_ resource: ARMValue?) -> [String] {
    guard case .array(let values)? = resource?["dependsOn"] else { return [] }
    return values.compactMap { if case .string(let text) = $0 { text } else { nil } }
  }

  @Test func vpnTemplateStructureAndDependencies() throws {
    let bundle = GatewayFixture.bundle("vpnnet")
    #expect(
      bundle.template["$schema"]
        == "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#")
    let resources = try inner(bundle)
    #expect(
      Set(resources.keys) == [
        "vpnnet-vpngw", "vpnnet-vpngw-pip", "site1", "site2", "vpnnet-to-site1", "vpnnet-to-site2",
      ])
    let gateway = try #require(resources["vpnnet-vpngw"])
    #expect(gateway[path: ["properties", "gatewayType"]] == "Vpn")
    #expect(gateway[path: ["properties", "vpnType"]] == "RouteBased")
    #expect(gateway[path: ["properties", "bgpSettings", "asn"]] == .int(65010))
    #expect(dependsOn(gateway) == ["[resourceId('Microsoft.Network/publicIPAddresses', 'vpnnet-vpngw-pip')]"])
    guard case .array(let configs)? = gateway[path: ["properties", "ipConfigurations"]] else {
      throw Failure.shape("ipConfigurations")
    }
    let subnet = configs.first?[path: ["properties", "subnet", "id"]]
    #expect(subnet == "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vpnnet', 'GatewaySubnet')]")
    let connection = try #require(resources["vpnnet-to-site2"])
    #expect(connection[path: ["properties", "sharedKey"]] == "[parameters('site2SharedKey')]")
    let deps = dependsOn(connection)
    #expect(deps.contains { $0.contains("'Microsoft.Network/virtualNetworkGateways', 'vpnnet-vpngw'") })
    #expect(deps.contains { $0.contains("'Microsoft.Network/localNetworkGateways', 'site2'") })
    #expect(resources["site2"]?[path: ["properties", "gatewayIpAddress"]] == "203.0.113.20")
    #expect(bundle.template[path: ["parameters", "site2SharedKey", "type"]] == "securestring")
    #expect(bundle.template[path: ["parameters", "site2SharedKey", "defaultValue"]] == nil)
    #expect(bundle.parameters[path: ["parameters", "site2SharedKey"]] == nil)
  }

  @Test func expressRouteTemplateConnectsToTheCircuit() throws {
    let bundle = GatewayFixture.bundle("ernet")
    let resources = try inner(bundle)
    #expect(Set(resources.keys) == ["ernet-ergw", "ernet-ergw-pip", "ernet-to-er1"])
    #expect(resources["ernet-ergw"]?[path: ["properties", "sku", "name"]] == "HighPerformance")
    let connection = try #require(resources["ernet-to-er1"])
    #expect(connection[path: ["properties", "connectionType"]] == "ExpressRoute")
    #expect(connection[path: ["properties", "peer", "id"]] == "[parameters('er1CircuitId')]")
    #expect(dependsOn(connection).contains { $0.contains("'Microsoft.Network/virtualNetworkGateways', 'ernet-ergw'") })
  }

  @Test func bothGatewaysAreCreatedInOrderAndTheSubnetIsAdded() throws {
    let bundle = GatewayFixture.bundle("bothnet")
    let resources = try inner(bundle)
    #expect(resources["bothnet/GatewaySubnet"] != nil)
    let vpn = dependsOn(resources["bothnet-vpngw"])
    #expect(vpn.contains { $0.contains("'Microsoft.Network/virtualNetworkGateways', 'bothnet-ergw'") })
    #expect(vpn.contains { $0.contains("'Microsoft.Network/virtualNetworks/subnets', 'bothnet', 'GatewaySubnet'") })
    #expect(dependsOn(resources["bothnet-ergw"]).allSatisfy { !$0.contains("vpngw") })
    #expect(
      bundle.parameters[path: ["parameters", "er2CircuitId", "value"]]
        == "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/er/providers/Microsoft.Network/expressRouteCircuits/er2"
    )
    #expect(bundle.findings.contains { $0.code == "gateways.no-gateway-subnet" })
  }

  @Test(arguments: ["vpnnet", "ernet", "bothnet"])
  func templateIsDeterministicAndDependenciesResolve(_ vnet: String) throws {
    let first = try GatewayFixture.json(GatewayFixture.bundle(vnet))
    #expect(first == (try GatewayFixture.json(GatewayFixture.bundle(vnet))))
    let bundle = GatewayFixture.bundle(vnet)
    let resources = try inner(bundle)
    let ids = Set(
      resources.compactMap { name, value -> String? in
        guard case .string(let type)? = value["type"] else { return nil }
        let names = name.split(separator: "/").map { "'\($0)'" }.joined(separator: ", ")
        return "[resourceId('\(type)', \(names))]"
      })
    for (_, resource) in resources {
      for dependency in dependsOn(resource) { #expect(ids.contains(dependency), "dangling \(dependency)") }
    }
  }

  @Test(arguments: ["vpnnet", "ernet", "bothnet", "plainnet", "oddnet"])
  func noSharedKeyInAnyOutput(_ vnet: String) throws {
    let estate = GatewayFixture.estate(vpnState: "NotConnected")
    let key = GatewayFixture.sharedKey
    #expect(estate.virtualNetworks.flatMap { $0.gateway?.connections ?? [] }.contains { $0.sharedKey?.text == key })
    let outputs = [
      try GatewayFixture.json(GatewayFixture.runbook(vnet, estate: estate)),
      try GatewayFixture.json(GatewayFixture.bundle(vnet, estate: estate)),
      try GatewayFixture.json(try GatewayInventory(estate: estate, networks: estate.virtualNetworks)),
      try GatewayFixture.json(GatewayFixture.load(vpnState: "NotConnected")),
    ]
    for output in outputs { #expect(!output.contains(key)) }
  }
}
