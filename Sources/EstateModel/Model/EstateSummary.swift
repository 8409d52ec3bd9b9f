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
    let deployments = estate.cloudServices.flatMap(\.deployments)
    let roles = deployments.flatMap(\.roles)
    services = estate.cloudServices.count
    self.deployments = deployments.count
    self.roles = roles.count
    instances = roles.reduce(0) { $0 + ($1.instanceCount ?? 0) }
    endpoints = roles.reduce(0) { $0 + ($1.definition?.endpoints.count ?? 0) }
    certificates = roles.reduce(0) { total, role in
      let names = Set((role.definition?.certificates ?? []).map(\.name))
        .union((role.configuration?.certificates ?? []).map(\.name))
      return total + names.count
    }
    virtualNetworks = estate.virtualNetworks.count
    subnets = estate.virtualNetworks.reduce(0) { $0 + $1.subnets.count }
    reservedIPs = estate.reservedIPs.count
    gateways = estate.virtualNetworks.filter { $0.gateway != nil }.count
    localNetworkSites = estate.localNetworkSites.count
    extensions = deployments.reduce(0) { total, deployment in
      total + deployment.allRoleExtensions.count + deployment.roles.reduce(0) { $0 + $1.extensions.count }
    }
  }
}
