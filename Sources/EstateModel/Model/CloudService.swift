/// A classic cloud service (hosted service) with up to two deployments.
public struct CloudService: Codable, Sendable, Hashable {
  /// The service name (the DNS prefix), exactly as written.
  public var name: String
  /// The region, when the service is not in an affinity group.
  public var region: String?
  /// The affinity group, when the service is in one.
  public var affinityGroup: String?
  /// The label (decoded from base64 when read from ASM).
  public var label: String?
  /// The deployments, production first.
  public var deployments: [Deployment]
  /// Autoscale rules configured for the service's roles.
  public var autoscaleRules: [AutoscaleRule]
  /// Alert rules targeting the service.
  public var alerts: [AlertRule]
  /// Where the service was read from (an ASM export), when it came from a file.
  public var location: SourceLocation?

  /// Creates a cloud service.
  public init(
    name: String, region: String? = nil, affinityGroup: String? = nil, label: String? = nil,
    deployments: [Deployment] = [], autoscaleRules: [AutoscaleRule] = [], alerts: [AlertRule] = [],
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.region = region
    self.affinityGroup = affinityGroup
    self.label = label
    self.deployments = deployments
    self.autoscaleRules = autoscaleRules
    self.alerts = alerts
    self.location = location
  }

  /// The deployment in a slot, if any.
  public func deployment(in slot: DeploymentSlot) -> Deployment? {
    deployments.first { $0.slot == slot }
  }
}

/// A deployment slot.
public enum DeploymentSlot: String, Codable, Sendable, Hashable, CaseIterable {
  /// The production slot.
  case production = "Production"
  /// The staging slot.
  case staging = "Staging"
}

/// The status of a classic deployment, as ASM reports it.
public enum DeploymentStatus: String, Codable, Sendable, Hashable, CaseIterable {
  /// Running.
  case running = "Running"
  /// Suspended (stopped).
  case suspended = "Suspended"
  /// Being deployed.
  case deploying = "Deploying"
  /// Running, being changed.
  case runningTransitioning = "RunningTransitioning"
  /// Suspended, being changed.
  case suspendedTransitioning = "SuspendedTransitioning"
  /// Starting.
  case starting = "Starting"
  /// Suspending.
  case suspending = "Suspending"
  /// Being deleted.
  case deleting = "Deleting"
  /// Not known.
  case unknown = "Unknown"

  /// Reads a status case-insensitively; unrecognised text gives nil.
  public init?(text: String) {
    guard let match = Self.allCases.first(where: { $0.rawValue.equalsIgnoringCase(text) }) else {
      return nil
    }
    self = match
  }
}

/// Whether a deployment lives in a named VNet, in the platform's hidden default VNet, or in none.
public enum VirtualNetworkMembership: Codable, Sendable, Hashable {
  /// A customer VNet, by name as written in the `.cscfg` or ASM.
  case named(String)
  /// The hidden platform-created default VNet.
  case hiddenDefault
  /// Not in any VNet (old deployments).
  case none

  private enum CodingKeys: String, CodingKey {
    case kind, name
  }

  /// Decodes `{"kind": "named", "name": ...}`, `{"kind": "default"}` or `{"kind": "none"}`.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    switch try container.decode(String.self, forKey: .kind) {
    case "named": self = .named(try container.decode(String.self, forKey: .name))
    case "default": self = .hiddenDefault
    case "none": self = .none
    case let other:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: container, debugDescription: "unknown membership kind \(other)")
    }
  }

  /// Encodes as `{"kind": ..., "name": ...}`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .named(let name):
      try container.encode("named", forKey: .kind)
      try container.encode(name, forKey: .name)
    case .hiddenDefault: try container.encode("default", forKey: .kind)
    case .none: try container.encode("none", forKey: .kind)
    }
  }
}

/// A classic deployment in one slot of a cloud service.
public struct Deployment: Codable, Sendable, Hashable {
  /// The slot.
  public var slot: DeploymentSlot
  /// The deployment name, when known.
  public var name: String?
  /// The status, when known.
  public var status: DeploymentStatus?
  /// The label, when known.
  public var label: String?
  /// The public URL, when known.
  public var url: String?
  /// The service-wide part of the `.csdef`, when one was loaded.
  public var definition: ServiceDefinitionHeader?
  /// The service-wide part of the `.cscfg`, when one was loaded.
  public var configuration: ServiceConfigurationHeader?
  /// The roles: each joins its `.csdef` definition, `.cscfg` configuration, instances and extensions.
  public var roles: [Role]
  /// The reserved IP bound to the deployment, when any.
  public var reservedIPName: String?
  /// VNet membership, when known.
  public var virtualNetwork: VirtualNetworkMembership?
  /// VIPs reported by ASM.
  public var virtualIPs: [VirtualIPAddress]
  /// Extensions applied to every role (`AllRoles` in ASM).
  public var allRoleExtensions: [RoleExtension]
  /// Upgrade domain count reported by ASM.
  public var upgradeDomainCount: Int?
  /// Where the deployment was read from (an ASM export), when it came from one.
  public var location: SourceLocation?

  /// Creates a deployment.
  public init(
    slot: DeploymentSlot, name: String? = nil, status: DeploymentStatus? = nil, label: String? = nil,
    url: String? = nil, definition: ServiceDefinitionHeader? = nil, configuration: ServiceConfigurationHeader? = nil,
    roles: [Role] = [], reservedIPName: String? = nil, virtualNetwork: VirtualNetworkMembership? = nil,
    virtualIPs: [VirtualIPAddress] = [], allRoleExtensions: [RoleExtension] = [], upgradeDomainCount: Int? = nil,
    location: SourceLocation? = nil
  ) {
    self.slot = slot
    self.name = name
    self.status = status
    self.label = label
    self.url = url
    self.definition = definition
    self.configuration = configuration
    self.roles = roles
    self.reservedIPName = reservedIPName
    self.virtualNetwork = virtualNetwork
    self.virtualIPs = virtualIPs
    self.allRoleExtensions = allRoleExtensions
    self.upgradeDomainCount = upgradeDomainCount
    self.location = location
  }

  /// The role with this exact name, if any.
  public func role(named name: String) -> Role? {
    roles.first { $0.name == name }
  }
}

/// A VIP of a deployment as ASM reports it.
public struct VirtualIPAddress: Codable, Sendable, Hashable {
  /// The VIP name.
  public var name: String?
  /// The address.
  public var address: String?
  /// The reserved IP backing it, when any.
  public var reservedIPName: String?

  /// Creates a VIP.
  public init(name: String?, address: String?, reservedIPName: String? = nil) {
    self.name = name
    self.address = address
    self.reservedIPName = reservedIPName
  }
}
