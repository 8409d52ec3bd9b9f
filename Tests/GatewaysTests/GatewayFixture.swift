import EstateModel
import Foundation
import MigrationEngine
import PluginAPI

@testable import Gateways

/// A test estate built from an estate document with an inline `.netcfg`.
struct GatewayFixture {
  /// The shared key planted in the estate; no output may contain it.
  static let sharedKey = "S3cr3t-Shared-Key-Never-Print-9f2c"

  static let netcfg = """
    <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
      <VirtualNetworkConfiguration>
        <LocalNetworkSites>
          <LocalNetworkSite name="site1">
            <AddressSpace><AddressPrefix>192.168.0.0/16</AddressPrefix></AddressSpace>
            <VPNGatewayAddress>203.0.113.10</VPNGatewayAddress>
          </LocalNetworkSite>
          <LocalNetworkSite name="site2">
            <AddressSpace><AddressPrefix>172.16.0.0/16</AddressPrefix></AddressSpace>
            <VPNGatewayAddress>203.0.113.20</VPNGatewayAddress>
          </LocalNetworkSite>
        </LocalNetworkSites>
        <VirtualNetworkSites>
          <VirtualNetworkSite name="vpnnet" Location="West Europe">
            <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
            <Subnets>
              <Subnet name="web"><AddressPrefix>10.1.1.0/24</AddressPrefix></Subnet>
              <Subnet name="GatewaySubnet"><AddressPrefix>10.1.255.0/27</AddressPrefix></Subnet>
            </Subnets>
            <Gateway>
              <ConnectionsToLocalNetwork>
                <LocalNetworkSiteRef name="site1"><Connection type="IPsec" /></LocalNetworkSiteRef>
                <LocalNetworkSiteRef name="site2"><Connection type="IPsec" /></LocalNetworkSiteRef>
              </ConnectionsToLocalNetwork>
            </Gateway>
          </VirtualNetworkSite>
          <VirtualNetworkSite name="ernet" Location="West Europe">
            <AddressSpace><AddressPrefix>10.2.0.0/16</AddressPrefix></AddressSpace>
            <Subnets>
              <Subnet name="web"><AddressPrefix>10.2.1.0/24</AddressPrefix></Subnet>
              <Subnet name="GatewaySubnet"><AddressPrefix>10.2.255.0/27</AddressPrefix></Subnet>
            </Subnets>
          </VirtualNetworkSite>
          <VirtualNetworkSite name="bothnet" Location="West Europe">
            <AddressSpace><AddressPrefix>10.3.0.0/16</AddressPrefix></AddressSpace>
            <Subnets>
              <Subnet name="web"><AddressPrefix>10.3.1.0/24</AddressPrefix></Subnet>
            </Subnets>
            <Gateway>
              <ConnectionsToLocalNetwork>
                <LocalNetworkSiteRef name="site1"><Connection type="IPsec" /></LocalNetworkSiteRef>
              </ConnectionsToLocalNetwork>
            </Gateway>
          </VirtualNetworkSite>
          <VirtualNetworkSite name="plainnet" Location="West Europe">
            <AddressSpace><AddressPrefix>10.4.0.0/16</AddressPrefix></AddressSpace>
            <Subnets>
              <Subnet name="web"><AddressPrefix>10.4.1.0/24</AddressPrefix></Subnet>
            </Subnets>
          </VirtualNetworkSite>
          <VirtualNetworkSite name="oddnet" Location="West Europe">
            <AddressSpace><AddressPrefix>10.5.0.0/16</AddressPrefix></AddressSpace>
            <Subnets>
              <Subnet name="web"><AddressPrefix>10.5.1.0/24</AddressPrefix></Subnet>
            </Subnets>
            <Gateway><Profile>Small</Profile></Gateway>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
      </VirtualNetworkConfiguration>
    </NetworkConfiguration>
    """

  /// The estate document's facts besides the `.netcfg`, as JSON members; `vpnState` sets site2's state.
  static func facts(vpnState: String = "Connected", bothState: String = "Connected") -> String {
    """
    "subscription": {"id": "11111111-2222-3333-4444-555555555555", "defaultRegion": "West Europe"},
    "gateways": [
      {"virtualNetwork": "vpnnet", "type": "VPN", "sku": "Standard", "vpnType": "DynamicRouting",
       "publicIPAddress": "198.51.100.7", "bgpSettings": {"asn": 65010, "bgpPeeringAddress": "10.1.255.30"},
       "connections": [
         {"target": "site1", "state": "Connected", "sharedKey": "\(sharedKey)"},
         {"target": "site2", "state": "\(vpnState)", "sharedKey": "\(sharedKey)"}]},
      {"virtualNetwork": "ernet", "type": "ExpressRoute", "sku": "HighPerformance",
       "connections": [{"target": "er1", "connectionType": "Dedicated", "state": "Connected"}]},
      {"virtualNetwork": "bothnet", "type": "VPN", "sku": "Basic",
       "connections": [{"target": "site1", "state": "\(bothState)", "sharedKey": "\(sharedKey)"}]}
    ],
    "expressRouteCircuits": [
      {"name": "er1", "serviceKey": "aaaabbbb-0000-1111-2222-333344445555", "serviceProvider": "Equinix",
       "peeringLocation": "Amsterdam", "bandwidthMbps": 200, "linkedVirtualNetworks": ["ernet"]},
      {"name": "er2", "linkedVirtualNetworks": ["bothnet"],
       "resourceManagerId": "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/er/providers/Microsoft.Network/expressRouteCircuits/er2"}
    ],
    "peerings": [{"name": "hub-peer", "virtualNetwork": "vpnnet", "remoteVirtualNetwork": "hub"}],
    "vnetTenants": [
      {"virtualNetwork": "ernet", "kind": "application-gateway", "name": "appgw1", "subnet": "web"},
      {"virtualNetwork": "ernet", "kind": "api-management", "name": "apim1", "subnet": "web"}
    ]
    """
  }

  /// The estate document text.
  static func document(vpnState: String = "Connected", bothState: String = "Connected") -> String {
    let inline = String(decoding: (try? JSONEncoder().encode(netcfg)) ?? Data(), as: UTF8.self)
    return "{\"version\": 1, \"netcfg\": {\"inline\": \(inline)}, \(facts(vpnState: vpnState, bothState: bothState))}"
  }

  /// The loaded estate (no load errors expected).
  static func load(vpnState: String = "Connected", bothState: String = "Connected") -> EstateLoadResult {
    EstateLoader(root: URL(fileURLWithPath: NSTemporaryDirectory()))
      .load(documentText: document(vpnState: vpnState, bothState: bothState), baseDirectory: nil)
  }

  static func estate(vpnState: String = "Connected", bothState: String = "Connected") -> Estate {
    load(vpnState: vpnState, bothState: bothState).estate
  }

  static func facts(_ vnet: String, estate: Estate = estate()) -> GatewayFacts {
    GatewayFacts(network: estate.gatewayNetwork(named: vnet) ?? VirtualNetwork(name: vnet), estate: estate)
  }

  static func runbook(_ vnet: String, estate: Estate = estate()) -> GatewayRunbook {
    RunbookBuilder.build(facts(vnet, estate: estate), subscription: "11111111-2222-3333-4444-555555555555")
  }

  static func bundle(_ vnet: String, estate: Estate = estate()) -> ARMTemplateBundle {
    var builder = GatewayTemplate(facts: facts(vnet, estate: estate), estate: estate)
    let plan = builder.build()
    return builder.bundle(for: plan)
  }

  /// JSON text of any encodable value, sorted keys.
  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// The rule ids that fire for a VNet target in a phase, with only this plugin's and the catalogue-free engine.
  static func ruleIDs(_ vnet: String, phase: ValidationPhase, load: EstateLoadResult = load()) throws -> [String] {
    let engine = ValidationEngine(plugins: [GatewaysPlugin()])
    let report = try engine.run(
      ValidationRequest(
        load: load, target: .virtualNetwork(vnet), destination: nil, revision: .defaultRevision, phase: phase))
    return report.validationMessages.map(\.ruleId)
  }
}
