import EstateModel
import PluginAPI
import WorkerProtocol

/// Resolves a request's target against the estate into the scope the rules read.
enum ValidationScopeResolver {
  /// The rule input for a request.
  ///
  /// - Throws: `notFound` naming `target` when the service, deployment or VNet is not in the estate. A service
  ///   with no deployment at all resolves (to itself) so that the empty-service rule can report it.
  static func input(for request: ValidationRequest) throws(PluginError) -> ValidationRuleInput {
    let estate = request.load.estate
    var services: [CloudService] = []
    var deployments: [ScopedDeployment] = []
    var networks: [VirtualNetwork] = []
    switch request.target {
    case .deployment(let serviceName, let slot, let deploymentName):
      guard let service = estate.cloudServices.first(where: { $0.name.lowercased() == serviceName.lowercased() })
      else {
        throw notFound("No cloud service named \(serviceName) is in the estate", field: "target.service")
      }
      services = [service]
      if !service.deployments.isEmpty {
        guard let deployment = pick(in: service, slot: slot, name: deploymentName) else {
          throw notFound(
            "Cloud service \(service.name) has no deployment \(deploymentName ?? slot ?? "Production")",
            field: deploymentName == nil ? "target.slot" : "target.deployment")
        }
        let scoped = ScopedDeployment(service: service, deployment: deployment)
        deployments = [scoped]
        if let vnet = scoped.virtualNetworkName,
          let network = estate.virtualNetworks.first(where: { $0.name.lowercased() == vnet.lowercased() })
        {
          networks = [network]
        }
      }
    case .virtualNetwork(let name):
      guard let network = estate.virtualNetworks.first(where: { $0.name.lowercased() == name.lowercased() }) else {
        throw notFound("No classic virtual network named \(name) is in the estate", field: "target.virtualNetwork")
      }
      networks = [network]
      for service in estate.cloudServices {
        let inside = service.deployments.filter { deployment in
          if case .named(let vnet)? = deployment.virtualNetwork { return vnet.lowercased() == name.lowercased() }
          return false
        }
        if !inside.isEmpty { services.append(service) }
        deployments += inside.map { ScopedDeployment(service: service, deployment: $0) }
      }
    }
    return ValidationRuleInput(
      estate: estate, problems: request.load.problems, target: request.target,
      destination: request.target.isDeployment ? request.destination : nil, revision: request.revision,
      phase: request.phase, services: services, deployments: deployments, virtualNetworks: networks)
  }

  /// The deployment a target names: by name, else by slot (Production when neither is given).
  private static func pick(in service: CloudService, slot: String?, name: String?) -> Deployment? {
    if let name {
      return service.deployments.first { $0.name?.lowercased() == name.lowercased() }
    }
    let wanted = (slot ?? DeploymentSlot.production.rawValue).lowercased()
    return service.deployments.first { $0.slot.rawValue.lowercased() == wanted }
  }

  private static func notFound(_ message: String, field: String) -> PluginError {
    PluginError(code: .notFound, message: message, data: ["field": .string(field)])
  }
}

extension MigrationTarget {
  /// Whether the target is a deployment.
  var isDeployment: Bool {
    if case .deployment = self { return true }
    return false
  }
}
