/// A classic network configuration (`.netcfg`, or the body of ASM Get Network Configuration).
public struct NetworkConfiguration: Codable, Sendable, Hashable {
  /// `Dns/DnsServers/DnsServer`: the subscription-wide DNS server list that sites refer to by name.
  public var dnsServers: [DnsServer]
  /// `LocalNetworkSites/LocalNetworkSite`.
  public var localNetworkSites: [LocalNetworkSite]
  /// `VirtualNetworkSites/VirtualNetworkSite`.
  public var virtualNetworks: [VirtualNetwork]
  /// Where the root element is.
  public var location: SourceLocation?

  /// Creates a configuration.
  public init(
    dnsServers: [DnsServer] = [], localNetworkSites: [LocalNetworkSite] = [],
    virtualNetworks: [VirtualNetwork] = [], location: SourceLocation? = nil
  ) {
    self.dnsServers = dnsServers
    self.localNetworkSites = localNetworkSites
    self.virtualNetworks = virtualNetworks
    self.location = location
  }
}

/// A DNS server: a name and an IPv4 address.
public struct DnsServer: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `@IPAddress`, or nil when only referenced by name.
  public var address: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a DNS server.
  public init(name: String, address: String? = nil, location: SourceLocation? = nil) {
    self.name = name
    self.address = address
    self.location = location
  }
}

/// A classic virtual network (a `VirtualNetworkSite`).
public struct VirtualNetwork: Codable, Sendable, Hashable {
  /// `@name`, exactly as written (portal-created ones look like `Group <rg> <vnet>`).
  public var name: String
  /// The platform ID (ASM listings), when known.
  public var id: String?
  /// `@Location` (region), when present.
  public var region: String?
  /// `@AffinityGroup`, when present.
  public var affinityGroup: String?
  /// The platform state (`Created`...), when known.
  public var state: String?
  /// `AddressSpace/AddressPrefix`.
  public var addressPrefixes: [String]
  /// `Subnets/Subnet`.
  public var subnets: [Subnet]
  /// `DnsServersRef/DnsServerRef@name` (resolved against the configuration's DNS list when possible).
  public var dnsServers: [DnsServer]
  /// The gateway, when the site declares one or the estate document describes one.
  public var gateway: Gateway?
  /// Gateways of other types beside ``gateway`` (an ExpressRoute gateway with a VPN one), from the estate
  /// document's facts; nil when there are none.
  public var additionalGateways: [Gateway]?

  /// Every gateway of the network: ``gateway`` first, then the ``additionalGateways``.
  public var gateways: [Gateway] { (gateway.map { [$0] } ?? []) + (additionalGateways ?? []) }
  /// Other things living in this VNet (IaaS VMs, App Service Environments...), from the estate document.
  public var tenants: [VirtualNetworkTenant]
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a virtual network.
  public init(
    name: String, id: String? = nil, region: String? = nil, affinityGroup: String? = nil, state: String? = nil,
    addressPrefixes: [String] = [], subnets: [Subnet] = [], dnsServers: [DnsServer] = [], gateway: Gateway? = nil,
    tenants: [VirtualNetworkTenant] = [], location: SourceLocation? = nil
  ) {
    self.name = name
    self.id = id
    self.region = region
    self.affinityGroup = affinityGroup
    self.state = state
    self.addressPrefixes = addressPrefixes
    self.subnets = subnets
    self.dnsServers = dnsServers
    self.gateway = gateway
    self.tenants = tenants
    self.location = location
  }
}

/// A subnet of a classic virtual network.
public struct Subnet: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `AddressPrefix`.
  public var addressPrefix: String?
  /// The bound network security group's name, when known.
  public var networkSecurityGroup: String?
  /// The bound route table's name, when known.
  public var routeTable: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a subnet.
  public init(
    name: String, addressPrefix: String? = nil, networkSecurityGroup: String? = nil,
    routeTable: String? = nil, location: SourceLocation? = nil
  ) {
    self.name = name
    self.addressPrefix = addressPrefix
    self.networkSecurityGroup = networkSecurityGroup
    self.routeTable = routeTable
    self.location = location
  }
}

/// An on-premises network a gateway connects to (`LocalNetworkSite`).
public struct LocalNetworkSite: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `AddressSpace/AddressPrefix`.
  public var addressPrefixes: [String]
  /// `VPNGatewayAddress`.
  public var vpnGatewayAddress: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a local network site.
  public init(
    name: String, addressPrefixes: [String] = [], vpnGatewayAddress: String? = nil,
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.addressPrefixes = addressPrefixes
    self.vpnGatewayAddress = vpnGatewayAddress
    self.location = location
  }
}

/// The kind of a virtual network gateway.
public enum GatewayType: String, Codable, Sendable, Hashable, CaseIterable {
  /// A VPN gateway (site-to-site or point-to-site).
  case vpn = "VPN"
  /// An ExpressRoute gateway.
  case expressRoute = "ExpressRoute"
  /// Declared in a file, type not (yet) known.
  case unknown = "Unknown"
}

/// The state of a gateway connection.
public enum ConnectionState: String, Codable, Sendable, Hashable, CaseIterable {
  /// Connected.
  case connected = "Connected"
  /// Connecting.
  case connecting = "Connecting"
  /// Not connected.
  case notConnected = "NotConnected"
  /// Not known (files do not say).
  case unknown = "Unknown"
}

/// A virtual network gateway.
public struct Gateway: Codable, Sendable, Hashable {
  /// VPN or ExpressRoute.
  public var type: GatewayType
  /// The SKU (`Basic`, `Standard`, `HighPerformance`...), when known.
  public var sku: String?
  /// The VPN routing type (`StaticRouting`, `DynamicRouting`...), when known.
  public var vpnType: String?
  /// `VPNClientAddressPool/AddressPrefix` (point-to-site).
  public var vpnClientAddressPrefixes: [String]
  /// `ConnectionsToLocalNetwork/LocalNetworkSiteRef`, with state when known.
  public var connections: [GatewayConnection]
  /// Where the element is.
  public var location: SourceLocation?
  /// The gateway's BGP settings, when known (estate document only).
  public var bgpSettings: BGPSettings?
  /// The gateway's public IP address (VIP), when known (estate document only).
  public var publicIPAddress: String?

  /// Creates a gateway.
  public init(
    type: GatewayType, sku: String? = nil, vpnType: String? = nil, vpnClientAddressPrefixes: [String] = [],
    connections: [GatewayConnection] = [], location: SourceLocation? = nil, bgpSettings: BGPSettings? = nil,
    publicIPAddress: String? = nil
  ) {
    self.type = type
    self.sku = sku
    self.vpnType = vpnType
    self.vpnClientAddressPrefixes = vpnClientAddressPrefixes
    self.connections = connections
    self.location = location
    self.bgpSettings = bgpSettings
    self.publicIPAddress = publicIPAddress
  }
}

/// A gateway's connection to a local network site or an ExpressRoute circuit.
public struct GatewayConnection: Codable, Sendable, Hashable {
  /// The local network site name (VPN) or circuit service key (ExpressRoute).
  public var target: String
  /// `Connection@type` (`IPsec`, `Dedicated`...), when known.
  public var connectionType: String?
  /// The connection state.
  public var state: ConnectionState
  /// Where the element is.
  public var location: SourceLocation?
  /// The IPsec shared key, when the estate document carries it; never encoded (see ``SecretText``).
  public var sharedKey: SecretText?

  /// Creates a connection.
  public init(
    target: String, connectionType: String? = nil, state: ConnectionState = .unknown,
    location: SourceLocation? = nil, sharedKey: SecretText? = nil
  ) {
    self.target = target
    self.connectionType = connectionType
    self.state = state
    self.location = location
    self.sharedKey = sharedKey
  }
}
