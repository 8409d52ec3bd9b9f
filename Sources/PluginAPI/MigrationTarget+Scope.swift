public import EstateModel
import WorkerProtocol

/// What a target covers in an estate: its cloud services, deployments and classic virtual network.
///
/// Every part of the engine (validation, the ARM mapper, the lifecycle, the extension converter, the report) finds
/// its target through ``MigrationTarget/match(in:allowingEmptyService:)`` or, with an estate's
/// ``EstateTargetIndex`` at hand, ``MigrationTarget/match(using:allowingEmptyService:)``, which answer alike, so they
/// agree on what a target means.
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
  /// validation can report it. Indexes the estate (``EstateTargetIndex``) for this one answer: callers matching
  /// several targets of one estate keep an index and use ``match(using:allowingEmptyService:)``.
  ///
  /// - Throws: `1002` with the platform's not-found text, naming the field (`target.service`, `target.slot`,
  ///   `target.deployment` or `target.virtualNetwork`).
  public func match(in estate: Estate, allowingEmptyService: Bool = false) throws(PluginError) -> TargetMatch {
    try EstateTargetIndex(estate).match(self, allowingEmptyService: allowingEmptyService)
  }

  /// Finds what this target covers in the estate `index` was made from: the same answer as
  /// ``match(in:allowingEmptyService:)``, without indexing the estate again (for callers that match many targets
  /// of one estate, or one target several times).
  public func match(using index: EstateTargetIndex, allowingEmptyService: Bool = false) throws(PluginError)
    -> TargetMatch
  {
    try index.match(self, allowingEmptyService: allowingEmptyService)
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

  /// The deployment a target names: by name, else by slot (Production when neither is given).
  static func pick(in service: CloudService, slot: String?, name: String?) -> Deployment? {
    if let name { return service.deployments.first { $0.name.map { sameName($0, name) } ?? false } }
    return service.deployments.first { sameName($0.slot.rawValue, slot ?? DeploymentSlot.production.rawValue) }
  }

  /// Whether two platform names are the same, ignoring case.
  static func sameName(_ lhs: String, _ rhs: String) -> Bool {
    lhs.equalsIgnoringCase(rhs)
  }
}
