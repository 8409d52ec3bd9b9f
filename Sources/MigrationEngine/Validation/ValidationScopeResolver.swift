import EstateModel
import PluginAPI
import WorkerProtocol

/// Resolves a request's target against the estate into the scope the rules read.
enum ValidationScopeResolver {
  /// The rule input for a request.
  ///
  /// The target is found by ``MigrationTarget/match(in:allowingEmptyService:)``; a service with no deployment
  /// at all resolves (to itself) so that the empty-service rule can report it.
  ///
  /// - Throws: `notFound` naming `target` when the service, deployment or VNet is not in the estate.
  static func input(for request: ValidationRequest) throws(PluginError) -> ValidationRuleInput {
    let estate = request.load.estate
    let match = try request.target.match(in: estate, allowingEmptyService: true)
    return ValidationRuleInput(
      estate: estate, problems: request.load.problems, target: request.target,
      destination: request.target.isDeployment ? request.destination : nil, revision: request.revision,
      phase: request.phase, services: match.services, deployments: match.deployments,
      virtualNetworks: match.virtualNetwork.map { [$0] } ?? [])
  }
}

extension MigrationTarget {
  /// Whether the target is a deployment.
  var isDeployment: Bool {
    if case .deployment = self { return true }
    return false
  }
}
