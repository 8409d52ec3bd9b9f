/// The `NetworkConfiguration` section of a `.cscfg`.
public struct ConfigurationNetwork: Codable, Sendable, Hashable {
  /// `AccessControls/AccessControl`.
  public var accessControls: [AccessControl]
  /// `EndpointAcls/EndpointAcl`.
  public var endpointAcls: [EndpointAcl]
  /// `Dns/DnsServers/DnsServer`.
  public var dnsServers: [DnsServer]
  /// `VirtualNetworkSite@name`, when present (a name, `Group <rg> <vnet>`, or an ARM ID).
  public var virtualNetworkSite: String?
  /// `AddressAssignments/InstanceAddress`.
  public var instanceAddresses: [InstanceAddress]
  /// `AddressAssignments/ReservedIPs/ReservedIP`.
  public var reservedIPs: [ReservedIPAssignment]
  /// `AddressAssignments/VirtualIPs/VirtualIP`.
  public var virtualIPs: [VirtualIPDeclaration]
  /// `LoadBalancers/LoadBalancer` (internal load balancers).
  public var loadBalancers: [InternalLoadBalancer]
  /// Where the section is.
  public var location: SourceLocation?

  /// Creates an empty section.
  public init(location: SourceLocation? = nil) {
    self.accessControls = []
    self.endpointAcls = []
    self.dnsServers = []
    self.virtualNetworkSite = nil
    self.instanceAddresses = []
    self.reservedIPs = []
    self.virtualIPs = []
    self.loadBalancers = []
    self.location = location
  }
}

/// A named access control list.
public struct AccessControl: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `Rule` entries.
  public var rules: [AccessControlRule]
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates an ACL.
  public init(name: String, rules: [AccessControlRule], location: SourceLocation? = nil) {
    self.name = name
    self.rules = rules
    self.location = location
  }
}

/// One rule of an access control list.
public struct AccessControlRule: Codable, Sendable, Hashable {
  /// `@order`: lower numbers take priority.
  public var order: Int?
  /// `@action`: `permit` or `deny`.
  public var action: String?
  /// `@remoteSubnet` (CIDR).
  public var remoteSubnet: String?
  /// `@description`.
  public var description: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a rule.
  public init(
    order: Int?, action: String?, remoteSubnet: String?, description: String?,
    location: SourceLocation? = nil
  ) {
    self.order = order
    self.action = action
    self.remoteSubnet = remoteSubnet
    self.description = description
    self.location = location
  }
}

/// Applies an ACL to a role endpoint (`@endpoint` and `@endPoint` are both accepted).
public struct EndpointAcl: Codable, Sendable, Hashable {
  /// `@role`.
  public var role: String
  /// `@endpoint` or `@endPoint`.
  public var endpoint: String
  /// `@accessControl`.
  public var accessControl: String
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a binding.
  public init(role: String, endpoint: String, accessControl: String, location: SourceLocation? = nil) {
    self.role = role
    self.endpoint = endpoint
    self.accessControl = accessControl
    self.location = location
  }
}

/// Places a role's instances in subnets and optionally gives them public IPs.
public struct InstanceAddress: Codable, Sendable, Hashable {
  /// `@roleName`.
  public var roleName: String
  /// `Subnets/Subnet@name`.
  public var subnets: [String]
  /// `PublicIPs/PublicIP@name` (instance-level public IPs).
  public var publicIPs: [String]
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates an assignment.
  public init(roleName: String, subnets: [String], publicIPs: [String] = [], location: SourceLocation? = nil) {
    self.roleName = roleName
    self.subnets = subnets
    self.publicIPs = publicIPs
    self.location = location
  }
}

/// A reserved IP bound to the deployment (`ReservedIP@name`, optional `@virtualIpName`).
public struct ReservedIPAssignment: Codable, Sendable, Hashable {
  /// `@name`: the reserved IP's name.
  public var name: String
  /// `@virtualIpName`, when the reserved IP is bound to a secondary VIP.
  public var virtualIPName: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates an assignment.
  public init(name: String, virtualIPName: String? = nil, location: SourceLocation? = nil) {
    self.name = name
    self.virtualIPName = virtualIPName
    self.location = location
  }
}

/// An additional VIP declared in `AddressAssignments/VirtualIPs`.
public struct VirtualIPDeclaration: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `@ipVersion`, when present.
  public var ipVersion: String?
  /// `Endpoints/Endpoint` (role and endpoint names).
  public var endpoints: [RoleEndpointRef]
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a declaration.
  public init(name: String, ipVersion: String?, endpoints: [RoleEndpointRef], location: SourceLocation? = nil) {
    self.name = name
    self.ipVersion = ipVersion
    self.endpoints = endpoints
    self.location = location
  }
}

/// An internal load balancer (`LoadBalancers/LoadBalancer/FrontendIPConfiguration`).
public struct InternalLoadBalancer: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `FrontendIPConfiguration@type` (`private`).
  public var frontendType: String?
  /// `FrontendIPConfiguration@subnet`.
  public var subnet: String?
  /// `FrontendIPConfiguration@staticVirtualNetworkIPAddress`.
  public var staticAddress: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a load balancer.
  public init(
    name: String, frontendType: String?, subnet: String?, staticAddress: String?,
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.frontendType = frontendType
    self.subnet = subnet
    self.staticAddress = staticAddress
    self.location = location
  }
}
