import EstateModel
import PluginAPI

/// Documentation links the catalogue points at.
enum Docs {
  static let base = "https://learn.microsoft.com/azure/cloud-services-extended-support/"
  static let overview = base + "in-place-migration-overview"
  static let technical = base + "in-place-migration-technical-details"
  static let unsupportedConfigurations = technical + "#unsupported-configurations--migration-scenarios"
  static let unsupportedResources = technical + "#resources-and-features-not-available-for-migration"
  static let supportedConfigurations = technical + "#supported-configurations--migration-scenarios"
  static let translation = technical + "#translation-of-resources-and-naming-convention-post-migration"
  static let nonVNet = technical + "#migration-of-deployments-not-in-a-virtual-network"
  static let virtualNetworkMigration = technical + "#virtual-network-migration"
  static let commonErrors = base + "in-place-migration-common-errors"
  static let sizes = base + "deploy-prerequisite#virtual-machine-sizes"
  static let fastTrack =
    "https://github.com/Azure/FTALive-Sessions/blob/main/content/cloud-services-retirement/common-errors.md"
}

/// Builders for the hits rules return, so resource types and placeholder names stay uniform.
enum Hit {
  /// A deployment-level hit; values always include `service`, `deployment` and `slot`.
  static func deployment(
    _ scoped: ScopedDeployment, _ extra: [String: String] = [:], location: SourceLocation? = nil
  ) -> ValidationHit {
    ValidationHit(
      resourceType: "Deployment", resourceName: scoped.deploymentName,
      values: names(scoped).merging(extra) { _, new in new }, location: location ?? scoped.location)
  }

  /// A cloud-service-level hit.
  static func service(_ service: CloudService, _ extra: [String: String] = [:]) -> ValidationHit {
    ValidationHit(
      resourceType: "HostedService", resourceName: service.name,
      values: ["service": service.name].merging(extra) { _, new in new },
      location: service.location
        ?? service.deployments.first.map { ScopedDeployment(service: service, deployment: $0) }?
        .location)
  }

  /// A role-level hit, pointing at the role's `.csdef` element (or its `.cscfg` one).
  static func role(
    _ scoped: ScopedDeployment, _ role: Role, _ extra: [String: String] = [:], location: SourceLocation? = nil
  ) -> ValidationHit {
    var values = names(scoped)
    values["role"] = role.name
    return ValidationHit(
      resourceType: "Role", resourceName: role.name, values: values.merging(extra) { _, new in new },
      location: location ?? role.definition?.location ?? role.configuration?.location ?? scoped.location,
      virtualMachineName: role.name)
  }

  /// A virtual-network-level hit.
  static func network(_ network: VirtualNetwork, _ extra: [String: String] = [:]) -> ValidationHit {
    ValidationHit(
      resourceType: "VirtualNetwork", resourceName: network.name,
      values: ["vnet": network.name].merging(extra) { _, new in new }, location: network.location)
  }

  /// Placeholder values every deployment-related message may use.
  static func names(_ scoped: ScopedDeployment) -> [String: String] {
    ["service": scoped.service.name, "deployment": scoped.deploymentName, "slot": scoped.deployment.slot.rawValue]
  }
}

extension ValidationRuleInput {
  /// The VNets the scope touches, including those named by deployments but missing from the `.netcfg`.
  var scopedNetworkNames: [String] {
    var names = virtualNetworks.map(\.name)
    for scoped in deployments {
      if let name = scoped.virtualNetworkName, !names.contains(where: { $0.lowercased() == name.lowercased() }) {
        names.append(name)
      }
    }
    return names
  }

  /// The region of a cloud service (or the subscription default).
  func region(of service: CloudService) -> String? { service.region ?? estate.subscription?.defaultRegion }
}

extension Deployment {
  /// Reserved IP names bound to the deployment (ASM, estate document or `.cscfg`), empty names included.
  var reservedIPNames: [String] {
    var names: [String] = []
    if let name = reservedIPName { names.append(name) }
    names += virtualIPs.compactMap(\.reservedIPName)
    names += configuration?.network?.reservedIPs.map(\.name) ?? []
    var seen: Set<String> = []
    return names.filter { seen.insert($0).inserted }
  }

  /// Whether any role declares a public (input or instance input) endpoint.
  var hasPublicEndpoint: Bool {
    roles.contains { role in role.definition?.endpoints.contains { $0.kind != .internal } ?? false }
  }
}

/// vCPU counts of extended-support sizes, for quota arithmetic.
enum SizeCores {
  static let known: [String: Int] = [
    "standard_a1_v2": 1, "standard_a2_v2": 2, "standard_a4_v2": 4, "standard_a8_v2": 8, "standard_a2m_v2": 2,
    "standard_a4m_v2": 4, "standard_a8m_v2": 8, "standard_d1": 1, "standard_d2": 2, "standard_d3": 4,
    "standard_d4": 8, "standard_d11": 2, "standard_d12": 4, "standard_d13": 8, "standard_d14": 16,
    "standard_d1_v2": 1, "standard_d2_v2": 2, "standard_d3_v2": 4, "standard_d4_v2": 8, "standard_d5_v2": 16,
    "standard_d11_v2": 2, "standard_d12_v2": 4, "standard_d13_v2": 8, "standard_d14_v2": 16,
  ]

  /// The cores of a size: from the table, else the number after the family letters (`Standard_D8s_v3` → 8).
  static func cores(of size: String) -> Int {
    if let count = known[size.lowercased()] { return count }
    let body = size.split(separator: "_").dropFirst().first ?? Substring(size)
    let digits = body.drop { !$0.isNumber }.prefix { $0.isNumber }
    return Int(digits) ?? 1
  }
}
