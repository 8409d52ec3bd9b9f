public import EstateModel
import Foundation
public import PluginAPI

/// How serious a validation finding is; any `error` blocks Prepare.
public enum FindingSeverity: String, Codable, Sendable, Hashable {
  case error, warning, info
}

/// One validation message, shaped like the platform's `ValidationMessage`.
public struct LifecycleFinding: Codable, Sendable, Hashable {
  /// `error`, `warning` or `info`.
  public var severity: FindingSeverity
  /// The message text (the platform's wording where it has one).
  public var message: String
  /// The rule that produced it.
  public var ruleId: String
  /// The resource type it is about (`Deployment`, `VirtualNetwork`...), when known.
  public var resourceType: String?
  /// The resource name, when known.
  public var resourceName: String?

  /// Makes a finding.
  public init(
    severity: FindingSeverity, message: String, ruleId: String, resourceType: String? = nil,
    resourceName: String? = nil
  ) {
    self.severity = severity
    self.message = message
    self.ruleId = ruleId
    self.resourceType = resourceType
    self.resourceName = resourceName
  }
}

/// What Prepare would create for a target: the ARM resources, and what the mapper itself finds blocking.
public struct ARMProjection: Sendable {
  /// JSON objects with `type`, `name`, `resourceGroup`, `properties` (optionally `location`, `tags`,
  /// `apiVersion`).
  public var resources: [JSONFragment]
  /// Findings of the mapping (a schema limit exceeded, a deprecated size); any `error` fails Prepare like a
  /// blocking validation message.
  public var findings: [LifecycleFinding]

  /// Makes a projection.
  public init(resources: [JSONFragment], findings: [LifecycleFinding] = []) {
    self.resources = resources
    self.findings = findings
  }
}

/// What the lifecycle needs from the rest of the engine, injected so the rule engine and the ARM mapper plug in.
///
/// The defaults (``builtIn``) are the lifecycle-level checks and a minimal ARM projection; the executable
/// replaces the closures with the validation engine and the ARM mapper:
///
/// ```swift
/// var dependencies = LifecycleDependencies.builtIn
/// dependencies.validate = { estate, target, phase in try rules.run(estate, target, phase).map(...) }
/// dependencies.planARM = { estate, target in ARMProjection(resources: try mapper.plan(estate, target)...) }
/// ```
public struct LifecycleDependencies: Sendable {
  /// Validates a target: `.validate` runs what Validate checks, `.prepare` everything Prepare checks (the same
  /// checks plus the prepare-only ones), so Prepare validates once.
  public var validate: @Sendable (Estate, MigrationTarget, ValidationPhase) throws -> [LifecycleFinding]
  /// The ARM resources Prepare creates for a target, with the mapping's own findings; Prepare maps once.
  public var planARM: @Sendable (Estate, MigrationTarget) throws -> ARMProjection

  /// Makes dependencies from two closures.
  public init(
    validate: @escaping @Sendable (Estate, MigrationTarget, ValidationPhase) throws -> [LifecycleFinding],
    planARM: @escaping @Sendable (Estate, MigrationTarget) throws -> ARMProjection
  ) {
    self.validate = validate
    self.planARM = planARM
  }

  /// The lifecycle's own checks and the minimal ARM projection.
  public static let builtIn = LifecycleDependencies(
    validate: { estate, target, phase in try LifecycleChecks.findings(estate: estate, target: target, phase: phase) },
    planARM: { estate, target in
      ARMProjection(resources: try MinimalARMProjection.resources(estate: estate, target: target))
    })

  /// Converts any `Encodable` value (an ARM mapper's resource type) to the JSON the ledger stores.
  public static func fragment(encoding value: some Encodable) throws -> JSONFragment {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try JSONDecoder().decode(JSONFragment.self, from: encoder.encode(value))
  }
}

/// The platform's lifecycle-level checks: two occupied slots and intermediate deployment states.
public enum LifecycleChecks {
  /// Deployment states in which the platform refuses migration.
  static let intermediateStates: Set<DeploymentStatus> = [
    .deploying, .runningTransitioning, .suspendedTransitioning, .starting, .suspending, .deleting,
  ]

  /// The findings for a target. The VNet-membership rule is a refusal, raised when the target is resolved.
  public static func findings(estate: Estate, target: MigrationTarget, phase: ValidationPhase) throws
    -> [LifecycleFinding]
  {
    let scope = try TargetScope.resolve(target, in: estate)
    var findings: [LifecycleFinding] = []
    for member in scope.members {
      guard let service = estate.cloudServices.first(where: { $0.name == member.service }) else { continue }
      if service.deployments.count > 1 {
        findings.append(
          LifecycleFinding(
            severity: .error,
            message: "The deployment can't be migrated because the deployment's cloud service has two occupied "
              + "slots. Migration of cloud services is only supported for deployments that are the only "
              + "deployment in their cloud service. To proceed with the migration of this deployment, delete the "
              + "other deployment in the cloud service.",
            ruleId: "lifecycle.two-occupied-slots", resourceType: "Deployment", resourceName: member.deployment))
      }
      if let deployment = service.deployment(in: member.slot), let status = deployment.status,
        intermediateStates.contains(status)
      {
        findings.append(
          LifecycleFinding(
            severity: .error,
            message: "Deployment \(member.deployment) in HostedService \(member.service) is in intermediate state: "
              + "\(status.rawValue). Migration not allowed.",
            ruleId: "lifecycle.intermediate-state", resourceType: "Deployment", resourceName: member.deployment))
      }
    }
    return findings
  }
}

/// The smallest useful ARM projection: one `Microsoft.Compute/cloudServices` per deployment, with its roles,
/// in resource group `<service>-migrated`.
public enum MinimalARMProjection {
  /// The resources for every deployment in the target.
  public static func resources(estate: Estate, target: MigrationTarget) throws -> [JSONFragment] {
    let scope = try TargetScope.resolve(target, in: estate)
    return scope.members.compactMap { member -> JSONFragment? in
      guard let service = estate.cloudServices.first(where: { $0.name == member.service }),
        let deployment = service.deployment(in: member.slot)
      else { return nil }
      let roles: [JSONFragment] = deployment.roles.map { role in
        var sku: [String: JSONFragment] = ["capacity": .number(Double(role.instanceCount ?? 1))]
        if let size = RoleSizeMap.extendedSupportSize(for: role.vmSize) ?? role.vmSize { sku["name"] = .string(size) }
        return .object(["name": .string(role.name), "sku": .object(sku)])
      }
      var resource: [String: JSONFragment] = [
        "type": .string("Microsoft.Compute/cloudServices"), "name": .string(service.name),
        "resourceGroup": .string(service.name + "-migrated"), "apiVersion": .string("2024-11-04"),
        "properties": .object(["roleProfile": .object(["roles": .array(roles)])]),
      ]
      if let region = service.region ?? estate.subscription?.defaultRegion { resource["location"] = .string(region) }
      return .object(resource)
    }
  }
}
