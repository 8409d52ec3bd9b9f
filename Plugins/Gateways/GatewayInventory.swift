import EstateModel
import PluginAPI

/// The `gateways/inventory` result: every gateway, connection, local network site and circuit, with dependents.
struct GatewayInventory: Encodable, Sendable {
  /// One entry per VNet that has a gateway, a circuit, a peering, an Application Gateway or API Management.
  let virtualNetworks: [NetworkEntry]
  /// Every local network site the selected VNets' connections use, with who uses it.
  let localNetworkSites: [SiteEntry]
  /// Every circuit the selected VNets are linked to, with who uses it.
  let circuits: [CircuitEntry]

  /// One VNet's gateway picture.
  struct NetworkEntry: Encodable, Sendable {
    let name: String
    let region: String?
    let addressPrefixes: [String]
    let gatewaySubnet: String?
    let gateway: GatewayEntry?
    let peerings: [PeeringEntry]
    let applicationGateways: [String]
    let apiManagement: [String]
    /// Cloud services in the VNet: they lose on-premises connectivity while the gateway is gone.
    let dependentCloudServices: [String]
  }

  /// A gateway.
  struct GatewayEntry: Encodable, Sendable {
    let type: String
    let hasVPN: Bool
    let hasExpressRoute: Bool
    let sku: String?
    let vpnType: String?
    let publicIPAddress: String?
    let bgpSettings: BGPSettings?
    let vpnClientAddressPrefixes: [String]
    let connections: [ConnectionEntry]
  }

  /// A gateway connection; a shared key is only reported as recorded or not.
  struct ConnectionEntry: Encodable, Sendable {
    let target: String
    let kind: String
    let connectionType: String?
    let state: String
    let sharedKeyKnown: Bool
    let addressPrefixes: [String]
  }

  /// A peering.
  struct PeeringEntry: Encodable, Sendable {
    let name: String
    let remoteVirtualNetwork: String
    let state: String?
  }

  /// A local network site.
  struct SiteEntry: Encodable, Sendable {
    let name: String
    let addressPrefixes: [String]
    let vpnGatewayAddress: String?
    let usedBy: [String]
  }

  /// A circuit (its service key is not reported).
  struct CircuitEntry: Encodable, Sendable {
    let name: String
    let serviceProvider: String?
    let peeringLocation: String?
    let bandwidthMbps: Int?
    let state: String?
    let movedToResourceManager: Bool
    let resourceManagerId: String?
    let linkedVirtualNetworks: [String]
  }

  /// Builds the inventory of the named VNet, or of every relevant VNet, one VNet a step (``WorkSteps``).
  ///
  /// - Throws: the cancellation error when the request is cancelled between two VNets.
  init(estate: Estate, networks: [VirtualNetwork]) throws(PluginError) {
    var facts: [GatewayFacts] = []
    for (index, network) in networks.enumerated() {
      try WorkSteps.check()
      let fact = GatewayFacts(network: network, estate: estate)
      if fact.isRelevant { facts.append(fact) }
      try WorkSteps.step(index + 1, of: networks.count, "read the gateways of \(network.name)")
    }
    facts.sort { $0.network.name < $1.network.name }
    virtualNetworks = facts.map(Self.entry)
    var sites: [String: (site: LocalNetworkSite, users: Set<String>)] = [:]
    var circuits: [String: (circuit: ExpressRouteCircuit, users: Set<String>)] = [:]
    for fact in facts {
      for site in fact.localSites {
        sites[site.name, default: (site, [])].users.insert(fact.network.name)
      }
      for circuit in fact.circuits {
        circuits[circuit.name, default: (circuit, [])].users.insert(fact.network.name)
      }
    }
    localNetworkSites = sites.keys.sorted().compactMap { name in
      sites[name].map {
        SiteEntry(
          name: name, addressPrefixes: $0.site.addressPrefixes, vpnGatewayAddress: $0.site.vpnGatewayAddress,
          usedBy: $0.users.sorted())
      }
    }
    self.circuits = circuits.keys.sorted().compactMap { name in
      circuits[name].map {
        CircuitEntry(
          name: name, serviceProvider: $0.circuit.serviceProvider, peeringLocation: $0.circuit.peeringLocation,
          bandwidthMbps: $0.circuit.bandwidthMbps, state: $0.circuit.state,
          movedToResourceManager: $0.circuit.resourceManagerId != nil, resourceManagerId: $0.circuit.resourceManagerId,
          linkedVirtualNetworks: Array(Set($0.circuit.linkedVirtualNetworks).union($0.users)).sorted())
      }
    }
  }

  private static func entry(_ facts: GatewayFacts) -> NetworkEntry {
    let network = facts.network
    let name = network.name.lowercased()
    let gateway = facts.gateway.map { gateway in
      GatewayEntry(
        type: gateway.type.rawValue, hasVPN: facts.hasVPN, hasExpressRoute: facts.hasExpressRoute, sku: gateway.sku,
        vpnType: gateway.vpnType, publicIPAddress: gateway.publicIPAddress, bgpSettings: gateway.bgpSettings,
        vpnClientAddressPrefixes: gateway.vpnClientAddressPrefixes.sorted(),
        connections: connections(facts))
    }
    return NetworkEntry(
      name: network.name, region: network.region, addressPrefixes: network.addressPrefixes,
      gatewaySubnet: facts.gatewaySubnet?.addressPrefix, gateway: gateway,
      peerings: facts.peerings.map { peering in
        PeeringEntry(
          name: peering.name,
          remoteVirtualNetwork: peering.virtualNetwork.lowercased() == name
            ? peering.remoteVirtualNetwork : peering.virtualNetwork,
          state: peering.state)
      },
      applicationGateways: facts.applicationGateways.map(\.name), apiManagement: facts.apiManagement.map(\.name),
      dependentCloudServices: facts.cloudServices)
  }

  private static func connections(_ facts: GatewayFacts) -> [ConnectionEntry] {
    let vpn = facts.vpnConnections.map { connection in
      ConnectionEntry(
        target: connection.target, kind: "IPsec", connectionType: connection.connectionType,
        state: connection.state.rawValue, sharedKeyKnown: connection.sharedKey.map { !$0.text.isEmpty } ?? false,
        addressPrefixes: facts.localSites.first { $0.name == connection.target }?.addressPrefixes ?? [])
    }
    let dedicated = facts.expressRouteConnections.map { connection in
      ConnectionEntry(
        target: facts.circuits.first { $0.serviceKey?.text == connection.target }?.name ?? connection.target,
        kind: "ExpressRoute", connectionType: connection.connectionType, state: connection.state.rawValue,
        sharedKeyKnown: false, addressPrefixes: [])
    }
    return (vpn + dedicated).sorted { ($0.kind, $0.target) < ($1.kind, $1.target) }
  }
}
