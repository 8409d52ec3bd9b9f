import EstateModel
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

/// Validation, the ARM mapper and the lifecycle find a target the same way: names ignore case, the platform's
/// not-found texts, the same deployments in the same order.
struct TargetMatchTests {
  /// A VNet target covers the same deployments for every consumer, services in name order.
  @Test func everyConsumerSeesTheSameDeployments() throws {
    var estate = LifecycleFixtures.estate(vnetServices: 3)
    estate.cloudServices.reverse()
    let target = MigrationTarget.virtualNetwork("VNET-A")
    let match = try target.match(in: estate)
    #expect(match.deployments.map(\.service.name) == ["svc-000", "svc-001", "svc-002"])
    #expect(match.virtualNetwork?.name == "vnet-a")
    let scope = try TargetScope.resolve(target, in: estate)
    #expect(scope.members.map(\.service) == match.deployments.map(\.service.name))
    #expect(scope.key == "virtualNetwork:vnet-a")
    let plan = try ARMMapper().plan(estate: estate, target: target, options: ARMPlanOptions())
    let cloudServices = plan.resources.filter { $0.type == "Microsoft.Compute/cloudServices" }.map(\.name)
    #expect(cloudServices.sorted() == ["svc-000", "svc-001", "svc-002"])
    let seen = ValidationRule(
      id: "TEST-SCOPE", scope: .deployment, severity: .information, summary: "Lists the scope.",
      messageTemplate: "{service}", fix: "None.", docs: "https://example.invalid", example: "Any."
    ) { input in
      input.deployments.map {
        ValidationHit(resourceType: "Deployment", resourceName: $0.service.name, values: ["service": $0.service.name])
      }
    }
    let report = try ValidationEngine(rules: [seen]).run(
      ValidationRequest(load: EstateLoadResult(estate: estate, problems: []), target: target))
    #expect(report.validationMessages.map(\.message) == match.deployments.map(\.service.name))
  }

  /// A deployment target matches its service and deployment whatever their case, and keeps the estate's names.
  @Test func namesIgnoreCase() throws {
    let estate = LifecycleFixtures.estate(vnetServices: 1)
    let byName = try MigrationTarget.deployment(service: "SOLO", slot: nil, deployment: "Solo-Prod").match(in: estate)
    #expect(byName.deployments.map(\.deploymentName) == ["solo-prod"])
    let scope = try TargetScope.resolve(.deployment(service: "Solo", slot: "production", deployment: nil), in: estate)
    #expect(scope.key == "deployment:solo/Production")
  }

  /// Missing services, deployments and networks are 1002 with the platform's text and the field.
  @Test(arguments: [
    (
      MigrationTarget.deployment(service: "nope", slot: nil, deployment: nil), "HostedService nope was not found.",
      "target.service"
    ),
    (
      .deployment(service: "solo", slot: "Staging", deployment: nil), "HostedService solo has no deployment Staging.",
      "target.slot"
    ),
    (
      .deployment(service: "solo", slot: nil, deployment: "other"), "HostedService solo has no deployment other.",
      "target.deployment"
    ),
    (.virtualNetwork("elsewhere"), "Virtual Network elsewhere was not found.", "target.virtualNetwork"),
  ])
  func missingTargets(target: MigrationTarget, message: String, field: String) {
    let estate = LifecycleFixtures.estate(vnetServices: 1)
    for error in [
      Self.failure { _ = try target.match(in: estate) },
      Self.failure { _ = try TargetScope.resolve(target, in: estate) },
    ] {
      #expect(error?.code == .notFound)
      #expect(error?.message == message)
      #expect(error?.data?["field"]?.stringValue == field)
    }
  }

  /// The error `body` throws, or nil when it succeeds.
  static func failure(_ body: () throws -> Void) -> ResponseError? {
    do {
      try body()
      return nil
    } catch {
      return ResponseError(mapping: error)
    }
  }

  /// Validation still resolves a service with no deployment, so the empty-service rule can report it.
  @Test func validationResolvesAnEmptyService() throws {
    var estate = LifecycleFixtures.estate(vnetServices: 0)
    estate.cloudServices.append(CloudService(name: "empty", region: "West Europe", deployments: []))
    let target = MigrationTarget.deployment(service: "empty", slot: nil, deployment: nil)
    let match = try target.match(in: estate, allowingEmptyService: true)
    #expect(match.services.map(\.name) == ["empty"] && match.deployments.isEmpty)
    #expect(throws: PluginError.self) { try target.match(in: estate) }
  }
}
