/// Counts describing a loaded estate, for `estate/load` answers and quick checks.
public struct EstateSummary: Codable, Sendable, Hashable {
  /// Cloud services.
  public var services: Int
  /// Deployments across all slots.
  public var deployments: Int
  /// Roles across all deployments.
  public var roles: Int
  /// Instances (configured counts, or reported instances).
  public var instances: Int
  /// Endpoints of all kinds declared by roles.
  public var endpoints: Int
  /// Certificates referenced by roles (union of both files).
  public var certificates: Int
  /// Classic virtual networks.
  public var virtualNetworks: Int
  /// Subnets across all VNets.
  public var subnets: Int
  /// Reserved IPs.
  public var reservedIPs: Int
  /// Gateways.
  public var gateways: Int
  /// Local network sites.
  public var localNetworkSites: Int
  /// Extensions across roles and deployments.
  public var extensions: Int

  /// Counts the elements of an estate.
  public init(_ estate: Estate) {
    services = estate.cloudServices.count
    virtualNetworks = estate.virtualNetworks.count
    subnets = estate.virtualNetworks.saturatingSum(\.subnets.count)
    reservedIPs = estate.reservedIPs.count
    gateways = estate.virtualNetworks.filter { $0.gateway != nil }.count
    localNetworkSites = estate.localNetworkSites.count
    // One pass over deployments and roles in place (flattening them first would copy every deployment and role).
    var counts = (deployments: 0, roles: 0, instances: 0, endpoints: 0, certificates: 0, extensions: 0)
    for service in estate.cloudServices.indices {
      for deployment in estate.cloudServices[service].deployments {
        counts.deployments += 1
        counts.extensions += deployment.allRoleExtensions.count
        for role in deployment.roles {
          counts.roles += 1
          counts.instances = counts.instances.saturatingAdding(role.instanceCount ?? 0)
          counts.endpoints += role.definition?.endpoints.count ?? 0
          counts.certificates += Self.certificateCount(of: role)
          counts.extensions += role.extensions.count
        }
      }
    }
    deployments = counts.deployments
    roles = counts.roles
    instances = counts.instances
    endpoints = counts.endpoints
    certificates = counts.certificates
    extensions = counts.extensions
  }

  /// The certificates a role names in either file, each name once.
  private static func certificateCount(of role: Role) -> Int {
    let declared = role.definition?.certificates ?? []
    let configured = role.configuration?.certificates ?? []
    if declared.isEmpty && configured.isEmpty { return 0 }
    return Set(declared.map(\.name)).union(configured.map(\.name)).count
  }
}
