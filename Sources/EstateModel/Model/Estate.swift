/// The subscription a classic estate belongs to.
public struct Subscription: Codable, Sendable, Hashable {
  /// The subscription ID.
  public var id: String
  /// The display name, when known.
  public var name: String?
  /// The region used when nothing else says.
  public var defaultRegion: String?
  /// What the subscription's registrations for migration are known to be; nil when the estate does not say.
  public var registrations: SubscriptionRegistrations?

  /// Creates a subscription.
  public init(
    id: String, name: String? = nil, defaultRegion: String? = nil, registrations: SubscriptionRegistrations? = nil
  ) {
    self.id = id
    self.name = name
    self.defaultRegion = defaultRegion
    self.registrations = registrations
  }
}

/// The two registrations migration needs (reference 1.6), each as its `RegistrationState` when known.
public struct SubscriptionRegistrations: Codable, Sendable, Hashable {
  /// The resource provider `Microsoft.ClassicInfrastructureMigrate`.
  public var classicInfrastructureMigrate: String?
  /// The feature `CloudServices` of `Microsoft.Compute`.
  public var cloudServicesFeature: String?

  /// Creates the registrations.
  public init(classicInfrastructureMigrate: String? = nil, cloudServicesFeature: String? = nil) {
    self.classicInfrastructureMigrate = classicInfrastructureMigrate
    self.cloudServicesFeature = cloudServicesFeature
  }

  /// The state that lets migration go ahead.
  public static let registered = "Registered"
}

/// A whole classic estate: everything the rules, the lifecycle and the ARM generator read.
public struct Estate: Codable, Sendable, Hashable {
  /// The subscription, when known.
  public var subscription: Subscription?
  /// Cloud services with their deployments.
  public var cloudServices: [CloudService]
  /// Subscription-wide DNS servers (from the `.netcfg`).
  public var dnsServers: [DnsServer]
  /// Classic virtual networks.
  public var virtualNetworks: [VirtualNetwork]
  /// Local network sites (on-premises networks).
  public var localNetworkSites: [LocalNetworkSite]
  /// Reserved IPs.
  public var reservedIPs: [ReservedIP]
  /// Network security groups with bindings.
  public var networkSecurityGroups: [NetworkSecurityGroup]
  /// Route tables with bindings.
  public var routeTables: [RouteTable]
  /// ExpressRoute circuits.
  public var expressRouteCircuits: [ExpressRouteCircuit]
  /// VNet peerings.
  public var virtualNetworkPeerings: [VirtualNetworkPeering]
  /// Just-in-time access policies.
  public var jitPolicies: [JITPolicy]
  /// RBAC assignments on classic resources.
  public var rbacAssignments: [RBACAssignment]
  /// ARM quotas.
  public var quotas: [ARMQuota]

  /// Creates an empty estate.
  public init(subscription: Subscription? = nil) {
    self.subscription = subscription
    self.cloudServices = []
    self.dnsServers = []
    self.virtualNetworks = []
    self.localNetworkSites = []
    self.reservedIPs = []
    self.networkSecurityGroups = []
    self.routeTables = []
    self.expressRouteCircuits = []
    self.virtualNetworkPeerings = []
    self.jitPolicies = []
    self.rbacAssignments = []
    self.quotas = []
  }
}
