import EstateModel
import PluginAPI
import WorkerProtocol

/// Resolves a request's target against the estate into the scope the rules read.
enum ValidationScopeResolver {
  /// The rule input for a request whose target matched as `match`.
  ///
  /// The target is found by ``MigrationTarget/match(using:allowingEmptyService:)`` with an empty service allowed,
  /// so that the empty-service rule can report a service with no deployment at all.
  static func input(for request: ValidationRequest, match: TargetMatch) -> ValidationRuleInput {
    ValidationRuleInput(
      estate: request.load.estate, problems: request.load.problems, target: request.target,
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
