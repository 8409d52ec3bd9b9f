import EstateModel
import MigrationEngine
import PluginAPI
import Testing

/// A rule that reports it could not be evaluated fails the verdict, whatever the rule's own severity.
struct RuleFailureTests {
  @Test func aFailureHitIsAnErrorOfItsOwnAndFailsValidation() throws {
    let estate = LifecycleFixtures.estate(vnetServices: 1)
    let target = MigrationTarget.deployment(service: "solo", slot: "Production", deployment: nil)
    let failing = ValidationRule(
      id: "TEST-INFO", scope: .deployment, severity: .information, summary: "Could not look.",
      messageTemplate: "Looked at {deployment}.", fix: "Nothing.", docs: "https://example.invalid", example: "Any."
    ) { input in
      input.deployments.map {
        ValidationHit(
          resourceType: "Deployment", resourceName: $0.deploymentName,
          failure: ValidationRuleFailure(ruleId: "TEST-FAILED", message: "It could not look.", fix: "Repair it."))
      }
    }
    let report = try ValidationEngine(rules: [failing]).run(
      ValidationRequest(load: EstateLoadResult(estate: estate, problems: []), target: target))
    #expect(report.result == ValidationResultText.failed)
    let message = try #require(report.validationMessages.first)
    #expect(message.category == .error)
    #expect(message.ruleId == "TEST-FAILED")
    #expect(message.message == "It could not look.")
    #expect(message.fix == "Repair it.")
    #expect(message.resourceName == "solo-prod")
  }
}
