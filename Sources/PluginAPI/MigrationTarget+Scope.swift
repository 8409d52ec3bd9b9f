public import EstateModel
import WorkerProtocol

extension MigrationTarget {
  /// The deployments this target covers in `estate`, each with its cloud service.
  ///
  /// A deployment target names one deployment (by name, else by slot, `Production` by default); a virtual
  /// network target covers every deployment in that network, services in name order.
  ///
  /// - Throws: `1002` naming the field (`target.service`, `target.slot`, `target.deployment` or
  ///   `target.virtualNetwork`) when nothing matches.
  public func deployments(in estate: Estate) throws(PluginError) -> [(service: CloudService, deployment: Deployment)] {
    switch self {
    case .deployment(let name, let slot, let deploymentName):
      guard let service = estate.cloudServices.first(where: { $0.name == name }) else {
        throw PluginError(
          code: .notFound, message: "The estate has no cloud service named \(name)",
          data: ["field": "target.service", "service": .string(name)])
      }
      let deployment: Deployment?
      if let deploymentName {
        deployment = service.deployments.first { $0.name == deploymentName }
      } else {
        let wanted = slot.flatMap { text in
          DeploymentSlot.allCases.first { $0.rawValue.lowercased() == text.lowercased() }
        }
        deployment = service.deployment(in: wanted ?? .production)
      }
      guard let deployment else {
        throw PluginError(
          code: .notFound, message: "The cloud service \(name) has no deployment matching the target",
          data: ["field": .string(deploymentName == nil ? "target.slot" : "target.deployment")])
      }
      return [(service, deployment)]
    case .virtualNetwork(let network):
      let found = estate.cloudServices.sorted { $0.name < $1.name }.flatMap { service in
        service.deployments.filter { Self.membership(of: $0) == .named(network) }.map { (service, $0) }
      }
      guard !found.isEmpty || estate.virtualNetworks.contains(where: { $0.name == network }) else {
        throw PluginError(
          code: .notFound, message: "The estate has no virtual network named \(network)",
          data: ["field": "target.virtualNetwork", "virtualNetwork": .string(network)])
      }
      return found
    }
  }

  /// A deployment's VNet membership: what the estate says, else the `.cscfg` site, else the hidden default.
  public static func membership(of deployment: Deployment) -> VirtualNetworkMembership {
    if let membership = deployment.virtualNetwork { return membership }
    if let site = deployment.configuration?.network?.virtualNetworkSite { return .named(site) }
    return .hiddenDefault
  }
}
