import EstateModel
import Foundation
import PluginAPI
import WorkerProtocol

/// One rule finding inside a `certificates/*` reply.
struct CertificateFinding: Encodable, Sendable, Hashable {
  var ruleId: String
  var category: ValidationCategory
  var resourceName: String
  var message: String
  var fix: String
  var location: SourceLocation?
}

/// Runs the plugin's rules over deployments with an inventory, outside the validation service.
enum CertificateFindings {
  /// The deployments a target covers (every deployment of the estate when the target is nil).
  static func deployments(of estate: Estate, target: MigrationTarget?) -> [ScopedDeployment] {
    estate.cloudServices.flatMap { service in
      service.deployments.compactMap { deployment -> ScopedDeployment? in
        let scoped = ScopedDeployment(service: service, deployment: deployment)
        switch target {
        case nil: return scoped
        case .deployment(let name, let slot, let deploymentName)?:
          guard service.name == name else { return nil }
          if let deploymentName { return deployment.name == deploymentName ? scoped : nil }
          return deployment.slot.rawValue.lowercased() == (slot ?? "Production").lowercased() ? scoped : nil
        case .virtualNetwork(let network)?:
          return scoped.virtualNetworkName?.lowercased() == network.lowercased() ? scoped : nil
        }
      }
    }
  }

  /// Every finding of every rule, in rule order then hit order.
  static func run(
    estate: Estate, deployments: [ScopedDeployment], target: MigrationTarget?, inventory: CertificateInventory
  ) -> [CertificateFinding] {
    let input = ValidationRuleInput(
      estate: estate, problems: [], target: target ?? .virtualNetwork(""), destination: nil,
      revision: .defaultRevision, phase: .validate, services: deployments.map(\.service),
      deployments: deployments, virtualNetworks: [])
    return CertificateRules.all(inventory: inventory).flatMap { rule in
      rule.evaluate(input).map { hit in
        CertificateFinding(
          ruleId: rule.id, category: rule.severity, resourceName: hit.resourceName, message: rule.message(for: hit),
          fix: ValidationRule.render(rule.fix, values: hit.values), location: hit.location)
      }
    }
  }

  /// Parses `asOf` (ISO 8601), defaulting to now.
  static func moment(_ text: String?) throws(PluginError) -> Date {
    guard let text else { return Date() }
    guard let date = try? Date(text, strategy: .iso8601) else {
      throw PluginError(code: .invalidInput, message: "asOf must be an ISO 8601 date-time", data: ["field": "asOf"])
    }
    return date
  }
}
