public import EstateModel
public import PluginAPI
import WorkerProtocol

/// What a plan is made for.
public enum ARMPlanPurpose: Sendable {
  /// A deployable template: the rewritten `.cscfg` goes into it.
  case template
  /// The mapping's findings only (validation): no file is read, rewritten or diffed.
  case findings
}

/// Maps a classic target (a deployment, or a VNet with its services) to the ARM resources the platform creates.
///
/// Core mapping first (resource groups, networks, public IPs, the cloud service, the Key Vault), then the
/// plugins' ``ARMMappingStep``s in `(order, id)` order, then the extended-support schema limits; the plan is
/// sorted last so the same input always gives the same output.
public struct ARMMapper: Sendable {
  /// Steps contributed by plugins.
  public let steps: [ARMMappingStep]
  /// Reads a deployment's original `.cscfg`/`.csdef` by source file.
  public let sourceTexts: ARMSourceTexts

  /// Makes a mapper.
  public init(steps: [ARMMappingStep] = [], sourceTexts: @escaping ARMSourceTexts = { _ in nil }) {
    self.steps = steps.sorted { ($0.order, $0.id) < ($1.order, $1.id) }
    self.sourceTexts = sourceTexts
  }

  /// The subscription ID used when the estate names none.
  public static let placeholderSubscription = "00000000-0000-0000-0000-000000000000"

  /// Maps a target. With `purpose` ``ARMPlanPurpose/findings`` the `.cscfg`/`.csdef` files are neither read nor
  /// rewritten: the plan has the same resources and findings, less the rewrite's own (a file's text unavailable),
  /// and no configuration text, so it is not a template's plan. `targets`, when given, is the estate's target index
  /// (made from `estate`).
  public func plan(
    estate: Estate, target: MigrationTarget, options: ARMPlanOptions, purpose: ARMPlanPurpose = .template,
    targets: EstateTargetIndex? = nil
  ) throws(PluginError) -> ARMPlan {
    try Self.checkCustomNames(options)
    let index = targets ?? EstateTargetIndex(estate)
    let scoped = try target.match(using: index).deployments
    var builder = ARMPlanBuilder(
      estate: estate, options: options,
      subscriptionID: estate.subscription?.id ?? Self.placeholderSubscription, sourceTexts: sourceTexts)
    builder.rewritesArtifacts = purpose == .template
    if estate.subscription?.id == nil {
      builder.plan.findings.append(
        ARMFinding(.warning, "arm.no-subscription", "The estate names no subscription; IDs use a placeholder."))
    }
    for (index, member) in scoped.enumerated() {
      try WorkSteps.check()
      builder.mapDeployment(service: member.service, deployment: member.deployment)
      try WorkSteps.step(index + 1, of: scoped.count, "mapped \(member.service.name)")
    }
    var context = ARMMappingContext(
      estate: estate, target: target, options: options, services: scoped.map(\.service.name))
    context.targets = index
    for step in steps {
      try WorkSteps.check()
      try step.apply(context, &builder.plan)
    }
    try WorkSteps.check()
    builder.plan.findings += ARMSchemaLimits.check(builder.plan)
    builder.plan.findings += Self.nameFindings(builder.plan)
    builder.plan.normalize()
    return builder.plan
  }

  /// Refuses custom names that break ARM naming rules (any rule that fits the name's length and characters).
  static func checkCustomNames(_ options: ARMPlanOptions) throws(PluginError) {
    guard options.effectiveNaming == .custom else { return }
    for (platformName, custom) in (options.names ?? [:]).sorted(by: { $0.key < $1.key }) {
      let loosest = ARMNameRule.rule(for: ARMType.resourceGroup)
      if let reason = loosest?.violation(of: custom) {
        throw PluginError(
          code: .invalidInput, message: "The name \(custom) \(reason)",
          data: ["field": .string("options.names.\(platformName)")])
      }
    }
  }

  /// Findings for names (platform or custom) that break their type's rule.
  static func nameFindings(_ plan: ARMPlan) -> [ARMFinding] {
    var findings: [ARMFinding] = []
    let severity: Severity = plan.naming == .custom ? .error : .warning
    // By position: a `for` loop would copy every resource of the plan to read its type and name.
    let resources = plan.resources
    for position in resources.indices {
      let (type, name) = (resources[position].type, resources[position].name)
      if let reason = ARMNameRule.rule(for: type)?.violation(of: name) {
        findings.append(
          ARMFinding(
            severity, "arm.invalid-name", "The \(type) name \(name) \(reason).", resource: resources[position].id))
      }
    }
    for group in plan.resourceGroups {
      if let reason = ARMNameRule.rule(for: ARMType.resourceGroup)?.violation(of: group.name) {
        findings.append(
          ARMFinding(
            severity, "arm.invalid-name", "The resource group name \(group.name) \(reason).",
            resource: group.name))
      }
    }
    return findings
  }
}
