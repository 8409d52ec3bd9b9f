import EstateModel

/// What a classic VNet's gateway does, worked out once from the `.netcfg` and the estate document.
struct GatewayFacts: Sendable {
  /// The VNet.
  let network: VirtualNetwork
  /// Its gateway, when it has one.
  let gateway: Gateway?
  /// Site-to-site (IPsec) connections, sorted by target.
  let vpnConnections: [GatewayConnection]
  /// ExpressRoute (Dedicated) connections, sorted by target.
  let expressRouteConnections: [GatewayConnection]
  /// Local network sites the VPN connections use, sorted by name (declared ones only).
  let localSites: [LocalNetworkSite]
  /// Connection targets naming a local network site the configuration does not declare.
  let missingSites: [String]
  /// Circuits linked to the VNet or named by a Dedicated connection, sorted by name.
  let circuits: [ExpressRouteCircuit]
  /// Peerings involving the VNet, sorted by name.
  let peerings: [VirtualNetworkPeering]
  /// Application Gateways in the VNet, sorted by name.
  let applicationGateways: [VirtualNetworkTenant]
  /// API Management deployments in the VNet, sorted by name.
  let apiManagement: [VirtualNetworkTenant]
  /// Cloud services with a deployment in the VNet, sorted.
  let cloudServices: [String]

  /// Collects the facts of one VNet.
  init(network: VirtualNetwork, estate: Estate) {
    self.network = network
    gateway = network.gateway
    let name = network.name.lowercased()
    let connections = network.gateways.flatMap(\.connections).sorted { $0.target < $1.target }
    let linked = estate.expressRouteCircuits.filter { circuit in
      circuit.linkedVirtualNetworks.contains { $0.lowercased() == name }
    }
    func circuit(for connection: GatewayConnection) -> ExpressRouteCircuit? {
      estate.expressRouteCircuits.first { $0.name == connection.target || $0.serviceKey?.text == connection.target }
    }
    let dedicated = connections.filter {
      $0.connectionType?.lowercased() == "dedicated" || circuit(for: $0) != nil
    }
    expressRouteConnections = dedicated
    vpnConnections = connections.filter { connection in !dedicated.contains(connection) }
    var circuits = linked
    for connection in dedicated {
      if let found = circuit(for: connection), !circuits.contains(where: { $0.name == found.name }) {
        circuits.append(found)
      }
    }
    self.circuits = circuits.sorted { $0.name < $1.name }
    let sites = Dictionary(estate.localNetworkSites.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    localSites = vpnConnections.compactMap { sites[$0.target] }.sorted { $0.name < $1.name }
    missingSites = vpnConnections.map(\.target).filter { sites[$0] == nil }
    peerings = estate.virtualNetworkPeerings.filter {
      $0.virtualNetwork.lowercased() == name || $0.remoteVirtualNetwork.lowercased() == name
    }.sorted { $0.name < $1.name }
    applicationGateways = network.tenants.filter { $0.kind == .applicationGateway }.sorted { $0.name < $1.name }
    apiManagement = network.tenants.filter { $0.kind == .apiManagement }.sorted { $0.name < $1.name }
    cloudServices = estate.cloudServices.filter { service in
      service.deployments.contains { deployment in
        if case .named(let vnet)? = deployment.virtualNetwork { return vnet.lowercased() == name }
        return false
      }
    }.map(\.name).sorted()
  }

  /// Whether the VNet has a site-to-site or point-to-site VPN gateway.
  var hasVPN: Bool {
    guard let gateway else { return false }
    return network.gateways.contains { $0.type == .vpn } || !vpnConnections.isEmpty
      || !gateway.vpnClientAddressPrefixes.isEmpty
  }

  /// Whether the VNet has an ExpressRoute gateway.
  var hasExpressRoute: Bool {
    guard gateway != nil else { return false }
    return network.gateways.contains { $0.type == .expressRoute } || !expressRouteConnections.isEmpty
      || !circuits.isEmpty
  }

  /// Whether anything gateway-related lives in or touches the VNet.
  var isRelevant: Bool {
    gateway != nil || !circuits.isEmpty || !peerings.isEmpty || !applicationGateways.isEmpty
      || !apiManagement.isEmpty
  }

  /// Circuits still in the classic deployment model.
  var classicCircuits: [ExpressRouteCircuit] { circuits.filter { $0.resourceManagerId == nil } }

  /// The `GatewaySubnet` of the VNet, when declared.
  var gatewaySubnet: Subnet? { network.subnets.first { $0.name.lowercased() == "gatewaysubnet" } }

  /// The on-premises prefixes reached through the VPN connections, sorted and unique.
  var onPremisesVPNPrefixes: [String] { Array(Set(localSites.flatMap(\.addressPrefixes))).sorted() }

  /// The connections in a disconnected state.
  var disconnected: [GatewayConnection] {
    (vpnConnections + expressRouteConnections).filter { $0.state == .notConnected }.sorted { $0.target < $1.target }
  }
}

extension Estate {
  /// The VNet with a name (exact, then case-insensitive).
  func gatewayNetwork(named name: String) -> VirtualNetwork? {
    virtualNetworks.first { $0.name == name } ?? virtualNetworks.first { $0.name.lowercased() == name.lowercased() }
  }
}
