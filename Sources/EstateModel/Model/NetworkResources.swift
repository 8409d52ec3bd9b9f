/// A classic reserved public IP address.
public struct ReservedIP: Codable, Sendable, Hashable {
  /// The name, exactly as written.
  public var name: String
  /// The IPv4 address, when known.
  public var address: String?
  /// The platform ID, when known.
  public var id: String?
  /// The region.
  public var region: String?
  /// The state (`Created`...), when known.
  public var state: String?
  /// The label, when known.
  public var label: String?
  /// Whether a deployment uses it.
  public var inUse: Bool
  /// The cloud service using it.
  public var serviceName: String?
  /// The deployment using it.
  public var deploymentName: String?
  /// The VIP it backs inside that deployment.
  public var virtualIPName: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a reserved IP.
  public init(
    name: String, address: String? = nil, id: String? = nil, region: String? = nil, state: String? = nil,
    label: String? = nil, inUse: Bool = false, serviceName: String? = nil, deploymentName: String? = nil,
    virtualIPName: String? = nil, location: SourceLocation? = nil
  ) {
    self.name = name
    self.address = address
    self.id = id
    self.region = region
    self.state = state
    self.label = label
    self.inUse = inUse
    self.serviceName = serviceName
    self.deploymentName = deploymentName
    self.virtualIPName = virtualIPName
    self.location = location
  }
}

/// What a network security group or route table is bound to.
public struct NetworkBinding: Codable, Sendable, Hashable {
  /// The virtual network, for a subnet binding.
  public var virtualNetwork: String?
  /// The subnet, for a subnet binding.
  public var subnet: String?
  /// The cloud service, for a role binding.
  public var service: String?
  /// The role, for a role binding.
  public var role: String?

  /// Creates a binding.
  public init(virtualNetwork: String? = nil, subnet: String? = nil, service: String? = nil, role: String? = nil) {
    self.virtualNetwork = virtualNetwork
    self.subnet = subnet
    self.service = service
    self.role = role
  }
}

/// A rule of a network security group.
public struct SecurityRule: Codable, Sendable, Hashable {
  /// The rule name.
  public var name: String
  /// Priority (lower wins).
  public var priority: Int?
  /// `Inbound` or `Outbound`.
  public var direction: String?
  /// `Allow` or `Deny`.
  public var action: String?
  /// Source address prefix.
  public var sourceAddressPrefix: String?
  /// Source port range.
  public var sourcePortRange: String?
  /// Destination address prefix.
  public var destinationAddressPrefix: String?
  /// Destination port range.
  public var destinationPortRange: String?
  /// `TCP`, `UDP` or `*`.
  public var `protocol`: String?
}

/// A classic network security group with its rules and bindings.
public struct NetworkSecurityGroup: Codable, Sendable, Hashable {
  /// The name.
  public var name: String
  /// The region.
  public var region: String?
  /// The rules.
  public var rules: [SecurityRule]
  /// Where it is bound.
  public var bindings: [NetworkBinding]
}

/// A route of a route table.
public struct Route: Codable, Sendable, Hashable {
  /// The route name.
  public var name: String
  /// The destination prefix.
  public var addressPrefix: String
  /// The next hop type (`VirtualAppliance`, `VPNGateway`, `Internet`, `Null`...).
  public var nextHopType: String
  /// The next hop address for an appliance.
  public var nextHopAddress: String?
}

/// A classic route table (user-defined routes) with its bindings.
public struct RouteTable: Codable, Sendable, Hashable {
  /// The name.
  public var name: String
  /// The region.
  public var region: String?
  /// The routes.
  public var routes: [Route]
  /// Where it is bound.
  public var bindings: [NetworkBinding]
}

/// A classic ExpressRoute circuit.
public struct ExpressRouteCircuit: Codable, Sendable, Hashable {
  /// The circuit name.
  public var name: String
  /// The service key, a credential: code may compare it, output never shows it (see ``SecretText``).
  public var serviceKey: SecretText?
  /// The connectivity provider.
  public var serviceProvider: String?
  /// The peering location.
  public var peeringLocation: String?
  /// The bandwidth in Mbps.
  public var bandwidthMbps: Int?
  /// The provisioning state.
  public var state: String?
  /// Virtual networks linked to the circuit.
  public var linkedVirtualNetworks: [String]
  /// The circuit's Azure Resource Manager ID once it has been moved to Resource Manager; nil while classic.
  public var resourceManagerId: String?
}

/// BGP settings of a virtual network gateway (what must be recorded before it is deleted).
public struct BGPSettings: Codable, Sendable, Hashable {
  /// The autonomous system number.
  public var asn: Int?
  /// The BGP peering address.
  public var bgpPeeringAddress: String?
  /// The weight added to routes learned from this peer.
  public var peerWeight: Int?

  /// Creates settings.
  public init(asn: Int? = nil, bgpPeeringAddress: String? = nil, peerWeight: Int? = nil) {
    self.asn = asn
    self.bgpPeeringAddress = bgpPeeringAddress
    self.peerWeight = peerWeight
  }
}

/// A peering between a classic VNet and another (ARM) VNet.
public struct VirtualNetworkPeering: Codable, Sendable, Hashable {
  /// The peering name.
  public var name: String
  /// The classic VNet.
  public var virtualNetwork: String
  /// The remote VNet (name or ARM ID).
  public var remoteVirtualNetwork: String
  /// The peering state (`Connected`, `Disconnected`...).
  public var state: String?
}

/// Kinds of resource that can share a classic VNet with cloud services.
public enum VirtualNetworkTenantKind: String, Codable, Sendable, Hashable, CaseIterable {
  /// Classic IaaS virtual machines.
  case iaasVirtualMachines = "iaas-vm"
  /// App Service Environment.
  case appServiceEnvironment = "app-service-environment"
  /// HDInsight.
  case hdInsight = "hdinsight"
  /// API Management.
  case apiManagement = "api-management"
  /// Azure Batch.
  case batch = "batch"
  /// Microsoft Entra Domain Services.
  case entraDomainServices = "entra-domain-services"
  /// Application Gateway.
  case applicationGateway = "application-gateway"
}

/// Something other than a cloud service living in a classic VNet.
public struct VirtualNetworkTenant: Codable, Sendable, Hashable {
  /// What it is.
  public var kind: VirtualNetworkTenantKind
  /// Its name.
  public var name: String
  /// The subnet it occupies, when known.
  public var subnet: String?
}
