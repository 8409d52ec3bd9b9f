public import EstateModel
public import PluginAPI

extension LifecycleDependencies {
  /// The lifecycle wired to the real engine: the full rule catalogue for Validate and Prepare, and the ARM
  /// mapper (with every plugin's mapping steps) for the resources Prepare creates.
  ///
  /// ARM mapping findings of Error severity (a schema limit exceeded, a deprecated size) come with the
  /// resources and fail Prepare like a blocking validation message, so no broken resource ever reaches the
  /// ledger; the target is mapped once.
  public static func engine(
    validation: any ValidationRunning, arm: any ARMPlanning, revision: RulesRevision = .defaultRevision
  ) -> LifecycleDependencies {
    LifecycleDependencies(
      validate: { estate, target, phase in
        let request = ValidationRequest(
          load: EstateLoadResult(estate: estate, problems: []), target: target, revision: revision, phase: phase)
        return try validation.run(request).validationMessages.map(LifecycleFinding.init(message:))
      },
      planARM: { estate, target in
        let plan = try arm.plan(for: ledgerEstate(estate), target: target, options: options(revision))
        let blocking = plan.findings.filter { $0.severity == .error }.map { finding in
          LifecycleFinding(
            severity: .error, message: finding.message, ruleId: finding.code, resourceType: "ARMResource",
            resourceName: finding.resource)
        }
        return ARMProjection(
          resources: try plan.resources.map { resource in try fragment(encoding: resource) }, findings: blocking)
      })
  }

  /// The ledger's estate as the engine services take it (its load problems were reported at import).
  private static func ledgerEstate(_ estate: Estate) -> ResolvedEstate {
    ResolvedEstate(handle: "ledger", load: EstateLoadResult(estate: estate, problems: []))
  }

  private static func options(_ revision: RulesRevision) -> ARMPlanOptions {
    var options = ARMPlanOptions()
    options.revision = PlatformRevision(rawValue: revision.rawValue)
    return options
  }
}

extension LifecycleFinding {
  /// A lifecycle finding from a validation message.
  init(message: ValidationMessage) {
    let severity: FindingSeverity =
      switch message.category {
      case .error: .error
      case .warning: .warning
      case .information: .info
      }
    self.init(
      severity: severity, message: message.message, ruleId: message.ruleId, resourceType: message.resourceType,
      resourceName: message.resourceName)
  }
}
