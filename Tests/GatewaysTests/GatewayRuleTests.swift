import EstateModel
import PluginAPI
import Testing

@testable import Gateways

@Suite struct GatewayRuleTests {
  @Test func theFixtureLoadsWithoutErrors() {
    let load = GatewayFixture.load()
    #expect(load.problems.filter { $0.severity == .error }.isEmpty, "\(load.problems)")
    #expect(load.estate.virtualNetworks.count == 5)
  }

  @Test func bothGatewaysTriggersAtPrepareOnly() throws {
    #expect(try GatewayFixture.ruleIDs("bothnet", phase: .prepare).contains("CS-GW-VPN-AND-EXPRESSROUTE"))
    #expect(!(try GatewayFixture.ruleIDs("bothnet", phase: .validate).contains("CS-GW-VPN-AND-EXPRESSROUTE")))
  }

  @Test(arguments: ["vpnnet", "ernet", "plainnet"])
  func bothGatewaysIsCleanWithOneKind(_ vnet: String) throws {
    #expect(!(try GatewayFixture.ruleIDs(vnet, phase: .prepare).contains("CS-GW-VPN-AND-EXPRESSROUTE")))
  }

  /// A VPN gateway and an ExpressRoute gateway on one network (the second from the estate's facts) are both seen.
  @Test func aSecondGatewayOfAnotherTypeCounts() throws {
    var estate = GatewayFixture.estate()
    let index = try #require(estate.virtualNetworks.firstIndex { $0.name == "vpnnet" })
    estate.virtualNetworks[index].additionalGateways = [Gateway(type: .expressRoute)]
    let facts = GatewayFixture.facts("vpnnet", estate: estate)
    #expect(facts.hasVPN && facts.hasExpressRoute)
    let blockers = GatewayFixture.runbook("vpnnet", estate: estate).blockers
    #expect(blockers.contains("CS-UNSUP-VPN-GATEWAY") && blockers.contains("CS-UNSUP-EXPRESSROUTE-GATEWAY"))
    #expect(blockers.contains("CS-GW-VPN-AND-EXPRESSROUTE"))
  }

  @Test func disconnectedConnectionTriggersAtPrepare() throws {
    let load = GatewayFixture.load(vpnState: "NotConnected")
    let ids = try GatewayFixture.ruleIDs("vpnnet", phase: .prepare, load: load)
    #expect(ids.filter { $0 == "CS-GW-CONNECTION-DISCONNECTED" }.count == 1)
    #expect(
      !(try GatewayFixture.ruleIDs("vpnnet", phase: .validate, load: load)).contains("CS-GW-CONNECTION-DISCONNECTED"))
  }

  @Test func connectedConnectionsAreClean() throws {
    #expect(!(try GatewayFixture.ruleIDs("vpnnet", phase: .prepare)).contains("CS-GW-CONNECTION-DISCONNECTED"))
  }

  @Test func disconnectedMessageNamesTheSite() throws {
    let input = ValidationRuleInput(
      estate: GatewayFixture.estate(vpnState: "NotConnected"), problems: [], target: .virtualNetwork("vpnnet"),
      destination: nil, revision: .defaultRevision, phase: .prepare, services: [], deployments: [],
      virtualNetworks: GatewayFixture.estate(vpnState: "NotConnected").virtualNetworks.filter { $0.name == "vpnnet" })
    let hits = GatewayRules.disconnected.evaluate(input)
    #expect(hits.map(\.resourceName) == ["vpnnet/site2"])
    #expect(GatewayRules.disconnected.message(for: try #require(hits.first)).contains("site2"))
  }

  @Test func unknownTypeGatewayTriggers() throws {
    #expect(try GatewayFixture.ruleIDs("oddnet", phase: .validate).contains("CS-GW-GATEWAY-TYPE-UNKNOWN"))
  }

  @Test(arguments: ["vpnnet", "plainnet", "ernet"])
  func knownTypeGatewaysAreClean(_ vnet: String) throws {
    #expect(!(try GatewayFixture.ruleIDs(vnet, phase: .validate)).contains("CS-GW-GATEWAY-TYPE-UNKNOWN"))
  }

  @Test func everyRuleHasFixSourcesAndUniqueID() {
    let rules = GatewaysPlugin().validationRules
    #expect(Set(rules.map(\.id)).count == rules.count)
    for rule in rules {
      #expect(rule.id.hasPrefix("CS-GW-"))
      #expect(!rule.fix.isEmpty && !rule.sources.isEmpty)
    }
    #expect(
      rules.filter { $0.phase == .prepare }.map(\.id).sorted()
        == ["CS-GW-CONNECTION-DISCONNECTED", "CS-GW-VPN-AND-EXPRESSROUTE"])
  }
}
