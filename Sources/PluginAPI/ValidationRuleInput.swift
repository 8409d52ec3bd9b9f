public import EstateModel

/// Where a deployment's network goes, mirroring the platform's `DeploymentNetworkResource`.
///
/// On the wire: `{"kind": "New"}`, `{"kind": "Existing", "resourceGroup": "rg", "virtualNetwork": "vnet",
/// "subnet": "web"}` or `{"kind": "Default"}`. `kind` is kept as written so that a missing or unknown value
/// becomes the platform's own finding rather than a params error.
public struct MigrationDestination: Codable, Sendable, Hashable {
  /// `DestinationVirtualNetwork`: `New`, `Existing` or `Default` (as written).
  public var kind: String?
  /// `ResourceGroupName`, for `Existing`.
  public var resourceGroup: String?
  /// `VirtualNetworkName`, for `Existing`.
  public var virtualNetwork: String?
  /// `SubNetName`, for `Existing`.
  public var subnet: String?

  /// The three values the platform accepts.
  public static let kinds = ["New", "Existing", "Default"]

  /// Makes a destination.
  public init(kind: String?, resourceGroup: String? = nil, virtualNetwork: String? = nil, subnet: String? = nil) {
    self.kind = kind
    self.resourceGroup = resourceGroup
    self.virtualNetwork = virtualNetwork
    self.subnet = subnet
  }

  /// Whether `kind` is `Existing` (as the platform compares, ignoring case).
  public var isExisting: Bool { kind?.lowercased() == "existing" }
}

/// A deployment in the scope of a validation, with its cloud service.
///
/// A class, so that the many rules walking the scope share one copy instead of copying the deployment and
/// its whole cloud service at every step (a measured cost on estates of thousands of deployments).
public final class ScopedDeployment: Sendable, Hashable {
  /// The cloud service.
  public let service: CloudService
  /// The deployment.
  public let deployment: Deployment

  /// Makes a scoped deployment.
  public init(service: CloudService, deployment: Deployment) {
    self.service = service
    self.deployment = deployment
  }

  public static func == (lhs: ScopedDeployment, rhs: ScopedDeployment) -> Bool {
    lhs === rhs || (lhs.service == rhs.service && lhs.deployment == rhs.deployment)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(service.name)
    hasher.combine(deployment.name)
    hasher.combine(deployment.slot)
  }

  /// The deployment's name, or its slot when the name is not known.
  public var deploymentName: String { deployment.name ?? deployment.slot.rawValue }

  /// The customer VNet the deployment is in, when it is in a named one.
  public var virtualNetworkName: String? {
    if case .named(let name)? = deployment.virtualNetwork { return name }
    return nil
  }

  /// Every role endpoint with its role, in declaration order.
  public var endpoints: [(role: Role, endpoint: Endpoint)] {
    deployment.roles.flatMap { role in (role.definition?.endpoints ?? []).map { (role, $0) } }
  }

  /// Where the deployment is best pointed at: its `.cscfg`, `.csdef` or ASM export.
  public var location: SourceLocation? {
    deployment.configuration?.location ?? deployment.definition?.location ?? deployment.location
      ?? service.location
  }
}

/// A role in the scope of a validation, with its deployment.
///
/// A class for the same reason as ``ScopedDeployment``: rules walk every role in scope, and copying a role
/// value (with its definition and configuration) at each step was a measured cost on large estates.
public final class ScopedRole: Sendable {
  /// The deployment the role belongs to, with its cloud service.
  public let deployment: ScopedDeployment
  /// The role.
  public let role: Role

  /// Makes a scoped role.
  public init(deployment: ScopedDeployment, role: Role) {
    self.deployment = deployment
    self.role = role
  }
}

/// Everything a rule reads: the estate, what loading it reported, the request and the resolved scope.
public struct ValidationRuleInput: Sendable {
  /// The loaded estate.
  public let estate: Estate
  /// Problems found while loading it.
  public let problems: [Problem]
  /// What the operation acts on.
  public let target: MigrationTarget
  /// The destination network, for a deployment target, when given.
  public let destination: MigrationDestination?
  /// The rule revision in force.
  public let revision: RulesRevision
  /// The operation running the rules.
  public let phase: ValidationPhase
  /// The cloud services the target touches (for an empty service: the service alone).
  public let services: [CloudService]
  /// The deployments the target touches, in estate order.
  public let deployments: [ScopedDeployment]
  /// The classic VNets the target touches (the target VNet, or the VNet of the target deployment).
  public let virtualNetworks: [VirtualNetwork]
  /// Every role of every deployment in scope, computed once for all rules.
  public let roles: [ScopedRole]

  /// Makes an input; the engine resolves `services`, `deployments` and `virtualNetworks` from the target.
  public init(
    estate: Estate, problems: [Problem], target: MigrationTarget, destination: MigrationDestination?,
    revision: RulesRevision, phase: ValidationPhase, services: [CloudService], deployments: [ScopedDeployment],
    virtualNetworks: [VirtualNetwork]
  ) {
    self.estate = estate
    self.problems = problems
    self.target = target
    self.destination = destination
    self.revision = revision
    self.phase = phase
    self.services = services
    self.deployments = deployments
    self.virtualNetworks = virtualNetworks
    self.roles = deployments.flatMap { scoped in
      scoped.deployment.roles.map { ScopedRole(deployment: scoped, role: $0) }
    }
  }

  /// Whether the target is one deployment (not a virtual network).
  public var targetsDeployment: Bool {
    if case .deployment = target { return true }
    return false
  }

  /// The classic VNet with this name (case-insensitive, as the platform compares names), if known.
  public func virtualNetwork(named name: String) -> VirtualNetwork? {
    estate.virtualNetworks.first { $0.name.equalsIgnoringCase(name) }
  }

  /// Every deployment in the estate that lives in the named VNet.
  public func deployments(inVirtualNetwork name: String) -> [ScopedDeployment] {
    estate.cloudServices.flatMap { service in
      service.deployments.compactMap { deployment in
        guard case .named(let vnet)? = deployment.virtualNetwork, vnet.equalsIgnoringCase(name) else {
          return nil
        }
        return ScopedDeployment(service: service, deployment: deployment)
      }
    }
  }
}
