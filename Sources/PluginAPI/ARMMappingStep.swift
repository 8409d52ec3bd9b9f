public import EstateModel

/// What a mapping step sees: the estate, the target being migrated and the caller's options.
public struct ARMMappingContext: Sendable {
  /// The loaded classic estate.
  public let estate: Estate
  /// The deployment or VNet being migrated.
  public let target: MigrationTarget
  /// The caller's options (naming profile, revision...).
  public let options: ARMPlanOptions
  /// The cloud services the target covers, by name.
  public let services: [String]
  /// The estate's target index (made from `estate`), when the mapper has one; see ``servicesInScope``.
  public var targets: EstateTargetIndex?

  /// Makes a context.
  public init(estate: Estate, target: MigrationTarget, options: ARMPlanOptions, services: [String]) {
    self.estate = estate
    self.target = target
    self.options = options
    self.services = services
  }

  /// Every cloud service of the estate named as one the target covers (exact names), in estate order: through
  /// ``targets`` when there is an index (a step then costs what the target's services cost, not a pass over the
  /// whole estate per target), else by that pass.
  public var servicesInScope: [CloudService] {
    let names = Set(services)
    guard let targets else { return estate.cloudServices.filter { names.contains($0.name) } }
    return targets.services(exactlyNamedIn: names)
  }
}

/// A plugin's contribution to the ARM mapper: runs after the core mapping, in `(order, id)` order, and mutates
/// the plan (e.g. fill `osProfile.secrets`, add `extensionProfile.extensions`, add gateway resources).
///
/// The schema-limit check runs after every step, so a step's additions are checked too.
public struct ARMMappingStep: Sendable {
  /// A unique id (`certificates.secrets`).
  public let id: String
  /// Where the step runs relative to others; lower first. Core mapping is done before any step.
  public let order: Int
  /// Mutates the plan; throwing aborts the mapping with that error.
  public let apply: @Sendable (ARMMappingContext, inout ARMPlan) throws(PluginError) -> Void

  /// Makes a step.
  public init(
    id: String, order: Int,
    apply: @escaping @Sendable (ARMMappingContext, inout ARMPlan) throws(PluginError) -> Void
  ) {
    self.id = id
    self.order = order
    self.apply = apply
  }
}

/// The engine's ARM mapper as a service: plugins and the lifecycle engine ask it for plans and templates.
///
/// ```swift
/// let planner = try context.services.require((any ARMPlanning).self)
/// let plan = try planner.plan(for: resolved, target: target, options: ARMPlanOptions())
/// ```
public protocol ARMPlanning: Sendable {
  /// The ARM resources a target's migration creates, with findings.
  ///
  /// - Throws: `PluginError` 1002 when the target is not in the estate, 1000 for invalid custom names.
  func plan(for estate: ResolvedEstate, target: MigrationTarget, options: ARMPlanOptions) throws(PluginError)
    -> ARMPlan

  /// A deployable template (subscription scope) and its parameters file for a target.
  func template(for estate: ResolvedEstate, target: MigrationTarget, options: ARMPlanOptions) throws(PluginError)
    -> ARMTemplateBundle

  /// The plan's findings alone, as validation needs them; an implementation may skip the work that only the
  /// template needs (reading and rewriting the `.cscfg`/`.csdef`), whose findings say a file's text is unavailable.
  func findings(for estate: ResolvedEstate, target: MigrationTarget, options: ARMPlanOptions) throws(PluginError)
    -> [ARMFinding]
}

extension ARMPlanning {
  /// The full plan's findings.
  public func findings(for estate: ResolvedEstate, target: MigrationTarget, options: ARMPlanOptions)
    throws(PluginError) -> [ARMFinding]
  {
    try plan(for: estate, target: target, options: options).findings
  }
}
