import EstateModel
import PluginAPI

/// The ARM mapping's findings as validation messages, so that Validate cannot pass where Prepare or the
/// template would then fail (a schema limit exceeded, a name over its limit, a size with no successor).
enum ARMMappingFindings {
  /// Codes that speak of the offline template only (a placeholder subscription in IDs) or repeat an estate
  /// problem the report already holds; they say nothing about whether the platform would migrate the target.
  static let templateOnlyCodes: Set<String> = ["arm.no-subscription", "arm.cscfg-unavailable", "arm.csdef-unavailable"]

  /// Codes that say the estate lacks a fact the template needs, not that the platform would refuse the target:
  /// they are Warnings (the platform knows the fact; `arm/template` still refuses without it), with their own fix.
  static let missingFactFixes: [String: String] = [
    "arm.no-location":
      "Record the service's region as region in the estate document (the portal, or an ASM Get Hosted Service "
      + "export, shows it), or give options.location to arm/plan and arm/template."
  ]

  /// The mapping's errors and warnings for a target, finding the estate's problems that concern it first.
  static func messages(
    planner: any ARMPlanning, estate: ResolvedEstate, target: MigrationTarget, revision: RulesRevision
  ) -> [ValidationMessage] {
    messages(
      planner: planner, estate: estate, target: target,
      problems: target.problems(in: estate.load, using: estate.targetIndex), revision: revision)
  }

  /// The mapping's errors and warnings for a target, as `prepare`-phase messages (Prepare creates the
  /// resources); none when the target cannot be mapped (the report then says why) or when `problems` (the
  /// estate's problems that concern the target) hold an error.
  static func messages(
    planner: any ARMPlanning, estate: ResolvedEstate, target: MigrationTarget, problems: [Problem],
    revision: RulesRevision
  ) -> [ValidationMessage] {
    guard !problems.containsErrors else { return [] }
    var options = ARMPlanOptions()
    options.revision = PlatformRevision(rawValue: revision.rawValue)
    guard let findings = try? planner.findings(for: estate, target: target, options: options) else { return [] }
    return findings.compactMap { finding in
      guard finding.severity != .info, !templateOnlyCodes.contains(finding.code) else { return nil }
      let missingFactFix = missingFactFixes[finding.code]
      return ValidationMessage(
        resourceType: "ARMResource", resourceName: finding.resource ?? "",
        category: missingFactFix == nil ? Self.category(finding.severity) : .warning,
        message: finding.message, virtualMachineName: nil, ruleId: "CS-ARM-\(finding.code)",
        fix: missingFactFix
          ?? "Change the classic configuration (or, for names, give arm/plan custom names) so that the "
          + "extended-support resource is valid; arm/plan shows the mapped resources.",
        docs: "https://learn.microsoft.com/azure/cloud-services-extended-support/deploy-template",
        location: nil, phase: .prepare)
    }
  }

  private static func category(_ severity: Severity) -> ValidationCategory {
    severity == .error ? .error : .warning
  }
}
