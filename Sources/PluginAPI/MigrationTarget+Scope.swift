public import EstateModel
import WorkerProtocol

/// What a target covers in an estate: its cloud services, deployments and classic virtual network.
///
/// Every part of the engine (validation, the ARM mapper, the lifecycle, the extension converter) finds its
/// target through ``MigrationTarget/match(in:allowingEmptyService:)``, so they agree on what a target means.
public struct TargetMatch: Sendable {
  /// The cloud services touched, by name; for a service with no deployment, the service alone.
  public let services: [CloudService]
  /// The deployments covered, cloud service after cloud service in name order.
  public let deployments: [ScopedDeployment]
  /// The classic VNet: the target network, or the network of the target deployment, when the estate defines it.
  public let virtualNetwork: VirtualNetwork?
}

extension MigrationTarget {
  /// Finds what this target covers in `estate`.
  ///
  /// Names compare without regard to case, as the platform compares them. A deployment target names one
  /// deployment (by name, else by slot, `Production` by default); a virtual network target covers every
  /// deployment in that network and resolves when the estate defines the network or any deployment is in it.
  /// With `allowingEmptyService`, a service with no deployment at all matches (with no deployments), so that
  /// validation can report it.
  ///
  /// - Throws: `1002` with the platform's not-found text, naming the field (`target.service`, `target.slot`,
  ///   `target.deployment` or `target.virtualNetwork`).
  public func match(in estate: Estate, allowingEmptyService: Bool = false) throws(PluginError) -> TargetMatch {
    switch self {
    case .deployment(let serviceName, let slot, let deploymentName):
      guard let service = estate.cloudServices.first(where: { Self.sameName($0.name, serviceName) }) else {
        throw PluginError(
          code: .notFound, message: "HostedService \(serviceName) was not found.",
          data: ["field": "target.service", "service": .string(serviceName)])
      }
      if allowingEmptyService && service.deployments.isEmpty {
        return TargetMatch(services: [service], deployments: [], virtualNetwork: nil)
      }
      guard let deployment = Self.pick(in: service, slot: slot, name: deploymentName) else {
        throw PluginError(
          code: .notFound,
          message: "HostedService \(service.name) has no deployment \(deploymentName ?? slot ?? "Production").",
          data: [
            "field": .string(deploymentName == nil ? "target.slot" : "target.deployment"),
            "service": .string(service.name),
          ])
      }
      let network: VirtualNetwork? =
        if case .named(let name) = Self.membership(of: deployment) {
          estate.virtualNetworks.first { Self.sameName($0.name, name) }
        } else {
          nil
        }
      return TargetMatch(
        services: [service], deployments: [ScopedDeployment(service: service, deployment: deployment)],
        virtualNetwork: network)
    case .virtualNetwork(let name):
      var services: [CloudService] = []
      var deployments: [ScopedDeployment] = []
      for service in estate.cloudServices.sorted(by: { $0.name < $1.name }) {
        let inside = service.deployments.filter { Self.isMember($0, of: name) }
        guard !inside.isEmpty else { continue }
        services.append(service)
        deployments += inside.map { ScopedDeployment(service: service, deployment: $0) }
      }
      let network = estate.virtualNetworks.first { Self.sameName($0.name, name) }
      guard network != nil || !deployments.isEmpty else {
        throw PluginError(
          code: .notFound, message: "Virtual Network \(name) was not found.",
          data: ["field": "target.virtualNetwork", "virtualNetwork": .string(name)])
      }
      return TargetMatch(services: services, deployments: deployments, virtualNetwork: network)
    }
  }

  /// Every target an estate offers, as the platform scopes migrations: each classic virtual network (defined, or
  /// named by a deployment) with the deployments in it, then each deployment outside a named network.
  ///
  /// Networks come first, sorted by name, each once whatever the case of its spellings; deployments follow by
  /// slot, in cloud service name order.
  public static func all(in estate: Estate) -> [MigrationTarget] {
    var networks: [String] = estate.virtualNetworks.map(\.name)
    var known = Set(networks.map { $0.lowercased() })
    var deployments: [MigrationTarget] = []
    for service in estate.cloudServices.sorted(by: { $0.name < $1.name }) {
      for deployment in service.deployments {
        if case .named(let network) = membership(of: deployment) {
          if known.insert(network.lowercased()).inserted { networks.append(network) }
        } else {
          deployments.append(.deployment(service: service.name, slot: deployment.slot.rawValue, deployment: nil))
        }
      }
    }
    return networks.sorted().map { .virtualNetwork($0) } + deployments
  }

  /// A deployment's VNet membership: what the estate says, else the `.cscfg` site, else the hidden default.
  public static func membership(of deployment: Deployment) -> VirtualNetworkMembership {
    if let membership = deployment.virtualNetwork { return membership }
    if let site = deployment.configuration?.network?.virtualNetworkSite { return .named(site) }
    return .hiddenDefault
  }

  /// Whether a deployment lives in the named classic VNet.
  static func isMember(_ deployment: Deployment, of network: String) -> Bool {
    if case .named(let name) = membership(of: deployment) { return sameName(name, network) }
    return false
  }

  /// The deployment a target names: by name, else by slot (Production when neither is given).
  private static func pick(in service: CloudService, slot: String?, name: String?) -> Deployment? {
    if let name { return service.deployments.first { $0.name.map { sameName($0, name) } ?? false } }
    return service.deployments.first { sameName($0.slot.rawValue, slot ?? DeploymentSlot.production.rawValue) }
  }

  /// Whether two platform names are the same, ignoring case.
  static func sameName(_ lhs: String, _ rhs: String) -> Bool {
    lhs.equalsIgnoringCase(rhs)
  }
}
