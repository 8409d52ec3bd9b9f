import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

/// VNet-scope migration, locks on both sides, idempotent retries, cancellation and the lifecycle-level checks.
struct LifecycleScopeTests {
  /// A deployment in a VNet cannot be migrated alone; the VNet migrates each of its services one after another.
  @Test func virtualNetworkMigratesEveryService() async throws {
    let engine = try LifecycleFixtures.engine(LifecycleFixtures.estate(vnetServices: 4))
    let alone = await LifecycleFixtures.error {
      _ = try await engine.prepare(.deployment(service: "svc-002", slot: nil, deployment: nil))
    }
    #expect(alone?.code == .operationNotAllowed)
    #expect(
      alone?.message
        == "Deployment svc-002-prod in HostedService svc-002  belongs to Virtual Network vnet-a. Migrate Virtual "
        + "Network vnet-a to migrate this HostedService svc-002.")
    let steps = StepLog()
    let prepared = try await engine.prepare(
      LifecycleFixtures.vnet,
      observer: OperationObserver(progress: { done, total, message in steps.add("\(done)/\(total) \(message)") }))
    #expect(prepared.state == .prepared)
    #expect(prepared.armResources == 4)
    #expect(
      steps.lines == [
        "1/5 prepared HostedService svc-000", "2/5 prepared HostedService svc-001",
        "3/5 prepared HostedService svc-002",
        "4/5 prepared HostedService svc-003", "5/5 prepared Virtual Network vnet-a",
      ])
    let status = try #require(try engine.status(LifecycleFixtures.vnet).first)
    #expect(status.deployments.map(\.service) == ["svc-000", "svc-001", "svc-002", "svc-003"])
    #expect(status.deployments.allSatisfy { $0.migrationState == .prepared && $0.roles.count == 2 })
    // The standalone service is not part of the VNet and stays unlocked.
    _ = try engine.classicUpdate(ClassicReference(service: "solo"), patch: .object(["label": .string("still mine")]))
    let committed = try await engine.commit(LifecycleFixtures.vnet)
    #expect(committed.state == .committed)
    let services = try engine.classicList()
    #expect(LedgerTestJSON.names(services, "cloudServices") == ["solo"])
    #expect(LedgerTestJSON.names(services, "virtualNetworks") == [])
    let history = try engine.history(LifecycleFixtures.vnet).filter { $0.operation == "commit.step" }
    #expect(
      history.map(\.message) == [
        "HostedService svc-000", "HostedService svc-001", "HostedService svc-002", "HostedService svc-003",
      ])
  }

  /// Prepare maps the target once; a blocking finding of the mapping fails Prepare like a validation error and
  /// stores no ARM resource.
  @Test func importListsANetworkSpelledInTwoCasesOnce() throws {
    var estate = LifecycleFixtures.estate(vnetServices: 1)
    estate.cloudServices.append(
      CloudService(
        name: "upper", region: "West Europe",
        deployments: [LifecycleFixtures.deployment("upper-prod", network: "VNET-A")]))
    let engine = LifecycleEngine(location: .memory)
    let imported = try engine.importEstate(LifecycleFixtures.resolved(estate))
    #expect(imported.targets == ["deployment:solo/Production", "virtualNetwork:vnet-a"])
  }

  @Test func blockingMappingFindingFailsPrepareAfterOneMapping() async throws {
    let calls = StepLog()
    let dependencies = LifecycleDependencies(
      validate: LifecycleDependencies.builtIn.validate,
      planARM: { estate, target in
        calls.add("planARM")
        var projection = try LifecycleDependencies.builtIn.planARM(estate, target)
        projection.findings = [
          LifecycleFinding(
            severity: .error, message: "Too many roles.", ruleId: "arm.limit", resourceType: "ARMResource")
        ]
        return projection
      })
    let engine = try LifecycleFixtures.engine(dependencies: dependencies)
    let error = await LifecycleFixtures.error { _ = try await engine.prepare(LifecycleFixtures.solo) }
    #expect(error?.code == .validationFailed)
    #expect(error?.message.contains("Too many roles.") == true)
    #expect(calls.lines == ["planARM"])
    #expect(try engine.status(LifecycleFixtures.solo).first?.state == .prepareFailed)
    #expect(try engine.armList(resourceGroup: nil, type: nil).isEmpty)
  }

  /// While Prepared every read works on both sides; changes are refused with the platform's texts.
  @Test func preparedLocksBothSides() async throws {
    let engine = try LifecycleFixtures.engine()
    _ = try await engine.prepare(LifecycleFixtures.vnet)
    let deployment = ClassicReference(service: "svc-001", slot: "Production")
    _ = try engine.classicGet(deployment)
    let resources = try engine.armList(resourceGroup: "svc-001-migrated", type: nil)
    let id = try #require(resources.first?.id)
    _ = try engine.armGet(id)
    let classicMessage =
      "Deployment svc-001-prod in HostedService svc-001 is in the process of being migrated and hence cannot be changed."
    let update = await LifecycleFixtures.error {
      _ = try engine.classicUpdate(deployment, patch: .object(["label": .string("x")]))
    }
    #expect(update?.code == .operationNotAllowed)
    #expect(update?.message == classicMessage)
    #expect(update?.data?["platformCode"] == "ChangeDeploymentConfigurationOperationFailed")
    let delete = await LifecycleFixtures.error { try engine.classicDelete(deployment) }
    #expect(delete?.message == classicMessage)
    let network = await LifecycleFixtures.error { try engine.classicDelete(ClassicReference(virtualNetwork: "vnet-a")) }
    #expect(
      network?.message == "Virtual Network vnet-a is in the process of being migrated and hence cannot be changed.")
    let armMessage =
      "The operation cannot be performed on cloud service 'svc-001' because a migration is in progress. Commit the "
      + "migration to start managing the cloud service."
    let armUpdate = await LifecycleFixtures.error {
      _ = try engine.armUpdate(id, patch: .object(["tags": .object([:])]))
    }
    #expect(armUpdate?.message == armMessage)
    #expect(armUpdate?.data?["platformCode"] == "OperationNotAllowed")
    let armDelete = await LifecycleFixtures.error { try engine.armDelete(id) }
    #expect(armDelete?.message == armMessage)
    // Re-importing a different estate is refused while prepared.
    let reimport = await LifecycleFixtures.error {
      _ = try engine.importEstate(LifecycleFixtures.resolved(LifecycleFixtures.estate(vnetServices: 1)))
    }
    #expect(reimport?.code == .operationNotAllowed)
    // After Commit the ARM side is unlocked and the classic side is gone.
    _ = try await engine.commit(LifecycleFixtures.vnet)
    let updated = try engine.armUpdate(id, patch: .object(["tags": .object(["owner": .string("ops")])]))
    #expect(updated.body["tags"] == .object(["owner": .string("ops")]))
    let gone = await LifecycleFixtures.error { _ = try engine.classicGet(deployment) }
    #expect(gone?.code == .notFound)
  }

  /// Abort removes the ARM metadata and unlocks the classic side.
  @Test func abortRestoresTheClassicSide() async throws {
    let engine = try LifecycleFixtures.engine()
    let before = try engine.classicList()
    _ = try await engine.prepare(LifecycleFixtures.vnet)
    _ = try await engine.abort(LifecycleFixtures.vnet)
    #expect(try engine.armList(resourceGroup: nil, type: nil).isEmpty)
    #expect(
      LedgerTestJSON.names(try engine.classicList(), "cloudServices") == LedgerTestJSON.names(before, "cloudServices"))
    _ = try engine.classicUpdate(
      ClassicReference(service: "svc-000", slot: "Production"), patch: .object(["label": .string("x")]))
  }

  /// Repeating a finished Prepare, Abort or Commit succeeds and changes nothing on either side.
  @Test func idempotentRetries() async throws {
    let engine = try LifecycleFixtures.engine()
    let target = LifecycleFixtures.vnet
    _ = try await engine.prepare(target)
    let arm = try engine.armList(resourceGroup: nil, type: nil)
    let again = try await engine.prepare(target)
    #expect(again.changed == false && again.state == .prepared)
    #expect(try engine.armList(resourceGroup: nil, type: nil) == arm)
    _ = try await engine.abort(target)
    let abortAgain = try await engine.abort(target)
    #expect(abortAgain.changed == false && abortAgain.state == .aborted)
    _ = try await engine.prepare(target)
    _ = try await engine.commit(target)
    let classic = try engine.classicList()
    let commitAgain = try await engine.commit(target)
    #expect(commitAgain.changed == false && commitAgain.state == .committed)
    #expect(try engine.classicList() == classic)
    #expect(try engine.history(target).last?.outcome == "unchanged")
  }

  /// A cancel mid-Prepare rolls back completely; an interrupted Abort or Commit is finished by a retry.
  @Test func cancellationRollsBackPrepare() async throws {
    let engine = try LifecycleFixtures.engine(LifecycleFixtures.estate(vnetServices: 5))
    let error = await LifecycleFixtures.error {
      _ = try await engine.prepare(LifecycleFixtures.vnet, observer: StepCanceller.afterFirstCheck())
    }
    #expect(error?.code == .requestCancelled)
    #expect(try engine.status(LifecycleFixtures.vnet).first?.state == .notPrepared)
    #expect(try engine.armList(resourceGroup: nil, type: nil).isEmpty)
    _ = try engine.classicUpdate(ClassicReference(service: "svc-000"), patch: .object(["label": .string("free")]))
    _ = try await engine.prepare(LifecycleFixtures.vnet)
    _ = try? await engine.commit(LifecycleFixtures.vnet, observer: StepCanceller.afterFirstCheck())
    #expect(try engine.status(LifecycleFixtures.vnet).first?.state == .committing)
    #expect(try await engine.commit(LifecycleFixtures.vnet).state == .committed)
  }

  /// The lifecycle-level checks: two occupied slots and an intermediate deployment state block Prepare.
  @Test func lifecycleChecks() async throws {
    var estate = LifecycleFixtures.estate(vnetServices: 0, standalone: ["two", "busy"])
    estate.cloudServices[0].deployments.append(LifecycleFixtures.deployment("two-stage", slot: .staging, network: nil))
    estate.cloudServices[1].deployments[0].status = .runningTransitioning
    let engine = try LifecycleFixtures.engine(estate)
    let two = try engine.validate(.deployment(service: "two", slot: "Production", deployment: nil))
    #expect(two.failed)
    #expect(two.result == "Validation Failed. Please see ValidationMessages object for additional details.")
    #expect(two.validationMessages.map(\.ruleId) == ["lifecycle.two-occupied-slots"])
    let busy = try engine.validate(.deployment(service: "busy", slot: nil, deployment: nil))
    #expect(
      busy.validationMessages.map(\.message) == [
        "Deployment busy-prod in HostedService busy is in intermediate state: RunningTransitioning. Migration not allowed."
      ])
    // Validate never changes state.
    #expect(try engine.status(nil).allSatisfy { $0.state == .notPrepared })
    #expect(try engine.history(nil).allSatisfy { $0.operation == "estate/import" })
  }
}

/// Collects progress lines.
final class StepLog: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []
  var lines: [String] {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }
  func add(_ line: String) {
    lock.lock()
    stored.append(line)
    lock.unlock()
  }
}

/// Reads names out of list results.
enum LedgerTestJSON {
  static func names(_ fragment: JSONFragment, _ key: String) -> [String] {
    guard case .object(let object) = fragment, case .array(let items)? = object[key] else { return [] }
    return items.compactMap { item in
      if case .object(let members) = item, case .string(let name)? = members["name"] { return name }
      return nil
    }
  }
}

extension JSONFragment {
  subscript(key: String) -> JSONFragment? {
    if case .object(let members) = self { return members[key] }
    return nil
  }
}
