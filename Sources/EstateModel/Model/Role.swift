/// A role of a deployment: its `.csdef` definition merged with its `.cscfg` configuration and live facts.
///
/// Either side can be missing (a role in one file only, or a deployment known only from ASM); a problem is
/// reported when the files disagree.
public struct Role: Codable, Sendable, Hashable {
  /// The role name, exactly as written.
  public var name: String
  /// The `WebRole`/`WorkerRole` definition, when a `.csdef` declares the role.
  public var definition: RoleDefinition?
  /// The `Role` configuration, when a `.cscfg` configures the role.
  public var configuration: RoleConfiguration?
  /// Role instances reported by ASM.
  public var instances: [RoleInstance]
  /// Classic extensions applied to this role.
  public var extensions: [RoleExtension]
  /// Subnets the role's instances are placed in (from `.cscfg` AddressAssignments or ASM).
  public var subnets: [String]

  /// Creates a role.
  public init(
    name: String, definition: RoleDefinition? = nil, configuration: RoleConfiguration? = nil,
    instances: [RoleInstance] = [], extensions: [RoleExtension] = [], subnets: [String] = []
  ) {
    self.name = name
    self.definition = definition
    self.configuration = configuration
    self.instances = instances
    self.extensions = extensions
    self.subnets = subnets
  }

  /// Web or worker, when a definition is known.
  public var kind: RoleKind? { definition?.kind }
  /// The VM size in effect (`Small` when the definition omits it), or the size ASM reports.
  public var vmSize: String? { definition?.vmSize ?? instances.first?.size }
  /// The configured instance count, or the number of instances ASM reports.
  public var instanceCount: Int? { configuration?.instanceCount ?? (instances.isEmpty ? nil : instances.count) }
}

/// One running instance of a role, as ASM reports it.
public struct RoleInstance: Codable, Sendable, Hashable {
  /// The instance name (`WebRole1_IN_0`).
  public var name: String
  /// The instance status (`ReadyRole`...).
  public var status: String?
  /// The VM size.
  public var size: String?
  /// The private IP address.
  public var ipAddress: String?
  /// The power state.
  public var powerState: String?
  /// The upgrade domain.
  public var upgradeDomain: Int?
  /// The fault domain.
  public var faultDomain: Int?
  /// Instance endpoints (public port mappings).
  public var endpoints: [InstanceEndpoint]

  /// Creates an instance.
  public init(
    name: String, status: String? = nil, size: String? = nil, ipAddress: String? = nil, powerState: String? = nil,
    upgradeDomain: Int? = nil, faultDomain: Int? = nil, endpoints: [InstanceEndpoint] = []
  ) {
    self.name = name
    self.status = status
    self.size = size
    self.ipAddress = ipAddress
    self.powerState = powerState
    self.upgradeDomain = upgradeDomain
    self.faultDomain = faultDomain
    self.endpoints = endpoints
  }
}

/// A public port mapping of a role instance.
public struct InstanceEndpoint: Codable, Sendable, Hashable {
  /// The endpoint name.
  public var name: String
  /// The VIP.
  public var vip: String?
  /// The public port.
  public var publicPort: Int?
  /// The local port.
  public var localPort: Int?
  /// The protocol.
  public var `protocol`: String?

  /// Creates an instance endpoint.
  public init(
    name: String, vip: String? = nil, publicPort: Int? = nil, localPort: Int? = nil,
    protocol: String? = nil
  ) {
    self.name = name
    self.vip = vip
    self.publicPort = publicPort
    self.localPort = localPort
    self.protocol = `protocol`
  }
}
