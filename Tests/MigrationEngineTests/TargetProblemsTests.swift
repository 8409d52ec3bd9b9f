import EstateModel
import Foundation
import PluginAPI
import Testing

/// Which problems concern which target, and the facts the loader folds into the model (reserved IPs, gateways).
struct TargetProblemsTests {
  /// Loads a document whose files are written (as `name: text`) into a fresh directory.
  func load(_ document: String, files: [String: String] = [:]) throws -> EstateLoadResult {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("target-problems-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
    return EstateLoader(root: root).load(documentText: document, baseDirectory: nil)
  }

  static let brokenCscfg = "<ServiceConfiguration serviceName=\"a\"><Role name=\"R\"><Instances count=\"x\"/>"

  @Test func aBrokenFileConcernsItsOwnDeploymentOnly() throws {
    let load = try load(
      """
      {"version": 1, "services": [
        {"name": "a", "deployments": {"production": {"cscfg": "a.cscfg"}}},
        {"name": "b", "deployments": {"production": {"csdef": "missing.csdef"}}}]}
      """, files: ["a.cscfg": Self.brokenCscfg])
    let a = MigrationTarget.deployment(service: "A", slot: nil, deployment: nil)
    let b = MigrationTarget.deployment(service: "b", slot: nil, deployment: nil)
    #expect(a.problems(in: load).map(\.code) == ["xml.malformed"])
    #expect(b.problems(in: load).map(\.code) == ["input.file-not-found"])
    // A network target: neither deployment's network can be told, so both may be in it.
    #expect(MigrationTarget.virtualNetwork("v").problems(in: load).count == 2)
  }

  @Test func aDocumentErrorConcernsEveryTarget() throws {
    let load = try load(#"{"version": 1, "services": [{"name": 5}]}"#)
    #expect(load.problems.containsErrors)
    let target = MigrationTarget.virtualNetwork("anything")
    #expect(target.problems(in: load) == load.problems)
  }

  @Test func aFactAboutAnotherNetworkDoesNotConcernThisOne() throws {
    let load = try load(
      #"{"version": 1, "gateways": [{"virtualNetwork": "elsewhere", "type": "VPN"}]}"#)
    #expect(load.problems.map(\.code) == ["estate.unknown-virtual-network"])
    #expect(MigrationTarget.virtualNetwork("here").problems(in: load).isEmpty)
    #expect(MigrationTarget.virtualNetwork("Elsewhere").problems(in: load).count == 1)
  }

  @Test func aReservedIPFactBindsItsDeployment() throws {
    let load = try load(
      """
      {"version": 1, "services": [{"name": "shop", "deployments": {"production": {"name": "shop-prod"}}}],
       "reservedIPs": [{"name": "shop-ip", "serviceName": "SHOP", "inUse": true}]}
      """)
    #expect(load.estate.cloudServices.first?.deployments.first?.reservedIPName == "shop-ip")
  }

  @Test func twoGatewaysOfOneNetworkAreBothKept() throws {
    let netcfg = """
      <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
        <VirtualNetworkConfiguration><VirtualNetworkSites>
          <VirtualNetworkSite name="v" Location="West Europe"><Gateway/></VirtualNetworkSite>
        </VirtualNetworkSites></VirtualNetworkConfiguration>
      </NetworkConfiguration>
      """
    let load = try load(
      """
      {"version": 1, "netcfg": "n.netcfg", "gateways": [
        {"virtualNetwork": "v", "type": "VPN"}, {"virtualNetwork": "v", "type": "ExpressRoute"}]}
      """, files: ["n.netcfg": netcfg])
    #expect(load.problems.isEmpty, "\(load.problems)")
    let network = try #require(load.estate.virtualNetworks.first)
    #expect(network.gateways.map(\.type) == [.vpn, .expressRoute])
  }
}
