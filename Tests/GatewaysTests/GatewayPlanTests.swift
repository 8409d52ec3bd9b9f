import EstateModel
import Foundation
import Testing

@testable import Gateways

@Suite struct GatewayPlanTests {
  func index(_ runbook: GatewayRunbook, _ id: String) throws -> Int {
    try #require(runbook.steps.firstIndex { $0.id == id }, "no step \(id)")
  }

  @Test func vpnGatewayWithTwoLocalSites() throws {
    let runbook = GatewayFixture.runbook("vpnnet")
    let ids = runbook.steps.map(\.id)
    for id in [
      "record-gateway", "record-connection:site1", "record-connection:site2", "remove-gateway", "commit",
      "recreate-vpn-gateway", "recreate-local-network-gateway:site1", "recreate-local-network-gateway:site2",
      "reconnect:site1", "reconnect:site2", "remove-peering:hub-peer", "recreate-peering:hub-peer",
    ] {
      #expect(ids.contains(id), "missing \(id)")
    }
    #expect(!ids.contains { $0.contains("expressroute") || $0.contains("circuit") })
    let remove = try #require(runbook.steps.first { $0.id == "remove-gateway" })
    #expect(remove.causesDowntime)
    #expect(remove.affectedAddressPrefixes == ["10.1.0.0/16", "172.16.0.0/16", "192.168.0.0/16"])
    let record = try #require(runbook.steps.first { $0.id == "record-gateway" })
    #expect(!record.needsUserInput)
    #expect(record.recordFirst.contains { $0.contains("ASN 65010") })
    #expect(record.recordFirst.contains { $0.contains("Standard") })
    let keyStep = try #require(runbook.steps.first { $0.id == "record-connection:site2" })
    #expect(keyStep.recordFirst.contains { $0.contains("vpnnet-site2-sharedkey") })
    #expect(keyStep.needsUserInput)
    #expect(runbook.blockers.contains("CS-UNSUP-VPN-GATEWAY") && runbook.blockers.contains("CS-UNSUP-PEERING"))
    #expect(runbook.resourceGroup == "vnet-migrated".replacingOccurrences(of: "vnet", with: "vpnnet"))
  }

  @Test func expressRouteGateway() throws {
    let runbook = GatewayFixture.runbook("ernet")
    let ids = runbook.steps.map(\.id)
    for id in [
      "migrate-circuit:er1", "unlink-circuit:er1", "remove-gateway", "recreate-expressroute-gateway",
      "reconnect-circuit:er1", "move-api-management:appgw1".replacingOccurrences(of: "appgw1", with: "apim1"),
      "remove-application-gateway:appgw1", "recreate-application-gateway:appgw1",
    ] {
      #expect(ids.contains(id), "missing \(id)")
    }
    #expect(!ids.contains("recreate-vpn-gateway"))
    let move = try #require(runbook.steps.first { $0.id == "move-api-management:apim1" })
    #expect(!move.causesDowntime)
    #expect(runbook.blockers.contains("CS-UNSUP-EXPRESSROUTE-CIRCUIT"))
  }

  @Test func bothGateways() throws {
    let runbook = GatewayFixture.runbook("bothnet")
    let ids = runbook.steps.map(\.id)
    #expect(ids.contains("verify-circuit:er2"))
    #expect(!ids.contains("migrate-circuit:er2"))
    #expect(try index(runbook, "recreate-expressroute-gateway") < index(runbook, "recreate-vpn-gateway"))
    #expect(ids.contains("reconnect:site1") && ids.contains("reconnect-circuit:er2"))
    #expect(runbook.blockers.contains("CS-GW-VPN-AND-EXPRESSROUTE"))
  }

  @Test(arguments: ["vpnnet", "ernet", "bothnet"])
  func orderingInvariants(_ vnet: String) throws {
    let runbook = GatewayFixture.runbook(vnet)
    let commit = try index(runbook, "commit")
    let validate = try index(runbook, "validate")
    #expect(try index(runbook, "prepare") < commit && validate < commit)
    for (position, step) in runbook.steps.enumerated() {
      #expect(step.order == position + 1)
      if step.action == "recreate" || step.action == "reconnect" || step.stage == "after-commit" {
        #expect(position > commit, "\(step.id) before commit")
      }
      if step.action == "migrate-circuit" || step.action == "remove" || step.action == "record" {
        #expect(position < validate, "\(step.id) after validate")
      }
      for dependency in step.after {
        #expect(try index(runbook, dependency) < position, "\(step.id) after \(dependency)")
      }
    }
    for step in runbook.steps where step.action == "migrate-circuit" {
      #expect(try index(runbook, step.id) < validate)
      #expect(try index(runbook, "remove-gateway") > index(runbook, step.id))
    }
    let lastRecord = runbook.steps.lastIndex { $0.action == "record" } ?? -1
    #expect(lastRecord < (try index(runbook, "remove-gateway")))
  }

  @Test func aVNetWithoutGatewaysOnlyMigrates() {
    let runbook = GatewayFixture.runbook("plainnet")
    #expect(runbook.steps.map(\.id) == ["validate", "prepare", "commit"])
    #expect(runbook.steps.allSatisfy { !$0.needsUserInput })
    #expect(runbook.downtimePrefixes.isEmpty)
  }

  @Test func inventoryListsGatewaysSitesAndCircuits() throws {
    let estate = GatewayFixture.estate()
    let inventory = try GatewayInventory(estate: estate, networks: estate.virtualNetworks)
    #expect(inventory.virtualNetworks.map(\.name) == ["bothnet", "ernet", "oddnet", "vpnnet"])
    #expect(inventory.localNetworkSites.map(\.name) == ["site1", "site2"])
    #expect(inventory.localNetworkSites.first?.usedBy == ["bothnet", "vpnnet"])
    #expect(inventory.circuits.map(\.name) == ["er1", "er2"])
    #expect(inventory.circuits.map(\.movedToResourceManager) == [false, true])
    let vpn = try #require(inventory.virtualNetworks.last?.gateway)
    #expect(vpn.connections.map(\.target) == ["site1", "site2"])
    #expect(vpn.connections.allSatisfy { $0.sharedKeyKnown })
    let both = try #require(inventory.virtualNetworks.first?.gateway)
    #expect(both.hasVPN && both.hasExpressRoute)
  }

  @Test func runbookIsDeterministic() throws {
    #expect(
      try GatewayFixture.json(GatewayFixture.runbook("bothnet"))
        == GatewayFixture.json(GatewayFixture.runbook("bothnet")))
  }
}
