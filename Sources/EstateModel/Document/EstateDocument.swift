/// The estate document: the JSON people write by hand and scripts generate (see `EstateDocument.jsonSchema`).
///
/// It names the XML files by path or carries them inline, and holds the facts no file has: deployment status,
/// reserved IPs, gateways, circuits, peerings, other tenants of a VNet, quotas, extensions, autoscale, alerts,
/// JIT policies and RBAC assignments.
public struct EstateDocument: Codable, Sendable, Hashable {
  /// The format version (1).
  public var version: Int
  /// The subscription.
  public var subscription: Subscription?
  /// Cloud services.
  public var services: [ServiceEntry]
  /// The classic network configuration.
  public var netcfg: FileReference?
  /// ASM exports of any recognised kind, by path.
  public var asmExports: [String]
  /// Reserved IPs.
  public var reservedIPs: [ReservedIP]
  /// Gateway facts (type, SKU, connection states) for VNets.
  public var gateways: [GatewayEntry]
  /// Network security groups.
  public var networkSecurityGroups: [NetworkSecurityGroup]
  /// Route tables.
  public var routeTables: [RouteTable]
  /// ExpressRoute circuits.
  public var expressRouteCircuits: [ExpressRouteCircuit]
  /// VNet peerings.
  public var peerings: [VirtualNetworkPeering]
  /// Other tenants of VNets.
  public var vnetTenants: [TenantEntry]
  /// ARM quotas.
  public var quotas: [ARMQuota]
  /// JIT policies.
  public var jitPolicies: [JITPolicy]
  /// RBAC assignments.
  public var rbacAssignments: [RBACAssignment]
}

/// A file named by path or carried inline.
public enum FileReference: Codable, Sendable, Hashable {
  /// A path, relative to the document's folder or absolute inside the root.
  case path(String)
  /// The file's text.
  case inline(String)

  private enum CodingKeys: String, CodingKey {
    case path, inline
  }

  /// Decodes a string (a path), `{"path": ...}` or `{"inline": ...}`.
  public init(from decoder: any Decoder) throws {
    if let text = try? decoder.singleValueContainer().decode(String.self) {
      self = .path(text)
      return
    }
    let container = try decoder.container(keyedBy: CodingKeys.self)
    if let text = try container.decodeIfPresent(String.self, forKey: .inline) {
      self = .inline(text)
    } else {
      self = .path(try container.decode(String.self, forKey: .path))
    }
  }

  /// Encodes as `{"path": ...}` or `{"inline": ...}`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .path(let path): try container.encode(path, forKey: .path)
    case .inline(let text): try container.encode(text, forKey: .inline)
    }
  }
}

/// A cloud service in the document.
public struct ServiceEntry: Codable, Sendable, Hashable {
  /// The service name.
  public var name: String
  /// The region.
  public var region: String?
  /// The affinity group.
  public var affinityGroup: String?
  /// The label.
  public var label: String?
  /// Deployments by slot.
  public var deployments: SlotEntries
  /// Autoscale rules.
  public var autoscaleRules: [AutoscaleRule]
  /// Alerts.
  public var alerts: [AlertRule]
}

/// The deployments of a service by slot.
public struct SlotEntries: Codable, Sendable, Hashable {
  /// The production slot.
  public var production: DeploymentEntry?
  /// The staging slot.
  public var staging: DeploymentEntry?
}

/// A deployment in the document.
public struct DeploymentEntry: Codable, Sendable, Hashable {
  /// The deployment name.
  public var name: String?
  /// The status.
  public var status: DeploymentStatus?
  /// The label.
  public var label: String?
  /// The `.csdef`.
  public var csdef: FileReference?
  /// The `.cscfg`.
  public var cscfg: FileReference?
  /// An ASM Get Deployment response for this slot.
  public var asmExport: String?
  /// The reserved IP bound to the deployment.
  public var reservedIP: String?
  /// VNet membership (overrides what the `.cscfg` says).
  public var virtualNetwork: VirtualNetworkMembership?
  /// Extensions.
  public var extensions: [ExtensionEntry]
}

/// An extension in the document.
public struct ExtensionEntry: Codable, Sendable, Hashable {
  /// The name.
  public var name: String
  /// The type.
  public var type: String?
  /// The publisher.
  public var publisher: String?
  /// The version.
  public var version: String?
  /// The roles it applies to; nil means all roles.
  public var roles: [String]?
  /// Whether it is enabled.
  public var enabled: Bool
  /// Public settings.
  public var publicSettings: JSONFragment?
  /// Protected settings (kept secret).
  public var protectedSettings: JSONFragment?
}

/// Gateway facts for a VNet.
public struct GatewayEntry: Codable, Sendable, Hashable {
  /// The VNet name.
  public var virtualNetwork: String
  /// VPN or ExpressRoute.
  public var type: GatewayType
  /// The SKU.
  public var sku: String?
  /// The VPN routing type.
  public var vpnType: String?
  /// Connections with their state.
  public var connections: [GatewayConnection]
  /// BGP settings, when known.
  public var bgpSettings: BGPSettings?
  /// The gateway's public IP address (VIP), when known.
  public var publicIPAddress: String?
}

/// Another tenant of a VNet.
public struct TenantEntry: Codable, Sendable, Hashable {
  /// The VNet name.
  public var virtualNetwork: String
  /// What it is.
  public var kind: VirtualNetworkTenantKind
  /// Its name.
  public var name: String
  /// Its subnet.
  public var subnet: String?
}
