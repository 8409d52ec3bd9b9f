import EstateModel
import Foundation
import GRDB
public import PluginAPI
import WorkerProtocol

/// The migration lifecycle over a durable ledger: import, validate, prepare, abort, commit, status and history.
///
/// Opens its ledger on first use, so a worker that never migrates never creates a state directory.
public final class LifecycleEngine: Sendable {
  /// The validation and ARM planning the lifecycle calls.
  public let dependencies: LifecycleDependencies
  /// Where the ledger lives.
  public let location: LedgerLocation
  /// A pause after each per-deployment step (tests use it to act mid-operation without timing).
  public let stepDelay: Duration
  /// A test hook: every operation stops after this many per-deployment steps and waits until its request is
  /// cancelled, so a test acts mid-operation after seeing that many progress notifications, never after a time.
  public let holdAfterSteps: Int?
  private let opened = LockedValue<Ledger?>(nil)

  /// Makes an engine; nothing is opened yet.
  public init(
    location: LedgerLocation, dependencies: LifecycleDependencies = .builtIn, stepDelay: Duration = .zero,
    holdAfterSteps: Int? = nil
  ) {
    self.location = location
    self.dependencies = dependencies
    self.stepDelay = stepDelay
    self.holdAfterSteps = holdAfterSteps
  }

  /// The ledger, opened on first use.
  public func ledger() throws -> Ledger {
    try opened.withLock { current in
      if let current { return current }
      let ledger = try Ledger(location: location)
      current = ledger
      return ledger
    }
  }

  // MARK: - Import

  /// Imports a loaded estate as the classic side; refused while any target is locked, unless it is the same estate.
  public func importEstate(_ resolved: ResolvedEstate) throws -> ImportResult {
    guard resolved.load.succeeded else {
      throw PluginError(
        code: .validationFailed, message: "The estate has errors and cannot be imported; see estate/load.",
        data: ["field": "estate", "handle": .string(resolved.handle)])
    }
    let estate = resolved.load.estate
    let ledger = try ledger()
    let changed = try ledger.write { db -> Bool in
      if try Ledger.estate(db)?.handle == resolved.handle { return false }
      if let locked = try Ledger.targets(db).first(where: { !$0.state.allowsReimport }) {
        throw LifecycleErrors.refused(
          "The estate cannot be replaced: \(locked.scope.subject) is in the process of being migrated "
            + "(\(locked.state.rawValue)). Abort or commit the migration first.",
          platformCode: "OperationNotAllowed", target: locked.scope.key)
      }
      try Ledger.replaceEstate(db, handle: resolved.handle, estate: estate)
      try Ledger.log(
        db, target: nil, operation: "estate/import", outcome: "succeeded", state: nil,
        message: "imported \(resolved.handle)")
      return true
    }
    return ImportResult(
      handle: resolved.handle, changed: changed, cloudServices: estate.cloudServices.count,
      virtualNetworks: estate.virtualNetworks.count, targets: Self.allTargets(of: estate).map(\.key))
  }

  /// Every target an estate offers (``MigrationTarget/all(in:)``), resolved, in key order.
  static func allTargets(of estate: Estate) -> [TargetScope] {
    MigrationTarget.all(in: estate).compactMap { try? TargetScope.resolve($0, in: estate) }.sorted { $0.key < $1.key }
  }

  // MARK: - Scope resolution

  /// The stored estate, or 1002 when none was imported.
  static func requireEstate(_ db: Database) throws -> Estate {
    guard let stored = try Ledger.estate(db) else {
      throw LifecycleErrors.notFound("No estate has been imported; call estate/import first.", field: "target")
    }
    return stored.estate
  }

  /// The target's scope and record: the stored scope while it is locked or committed, else resolved afresh.
  static func lookup(_ db: Database, _ target: MigrationTarget) throws -> (scope: TargetScope, record: TargetRecord) {
    let estate = try requireEstate(db)
    if let record = try Ledger.targets(db).first(where: { Self.matches($0.scope, target) }),
      record.state.isLocked || record.state == .committed
    {
      return (record.scope, record)
    }
    let scope = try TargetScope.resolve(target, in: estate)
    let stored = try Ledger.target(db, key: scope.key)
    return (scope, TargetRecord(scope: scope, state: stored?.state ?? .notPrepared, commitAttempted: false))
  }

  private static func matches(_ scope: TargetScope, _ target: MigrationTarget) -> Bool {
    switch (scope.target, target) {
    case (.virtualNetwork(let stored), .virtualNetwork(let asked)): return stored == asked
    case (.deployment(let service, _, _), .deployment(let askedService, let slot, let deployment)):
      guard service == askedService, let member = scope.members.first else { return false }
      if let deployment { return member.deployment == deployment }
      return member.slot.rawValue.lowercased() == (slot ?? "Production").lowercased()
    default: return false
    }
  }

  // MARK: - Validate

  /// Validates a target; never changes the ledger.
  public func validate(_ target: MigrationTarget) throws -> LifecycleValidationReport {
    let (scope, record, estate) = try ledger().read { db in
      let (scope, record) = try Self.lookup(db, target)
      return (scope, record, try Self.requireEstate(db))
    }
    if case .refused(let refusal) = TransitionTable.outcome(of: .validate, in: record.state) {
      throw LifecycleErrors.refused(
        refusal.message(subject: scope.subject), platformCode: "OperationNotAllowed", target: scope.key)
    }
    let findings = try runValidation(estate, scope, phase: .validate)
    return LifecycleValidationReport(
      target: scope.target, key: scope.key, result: LifecycleValidationReport.resultSentence(findings),
      failed: findings.contains { $0.severity == .error }, validationMessages: findings)
  }

  /// Runs the injected validation for each phase, keeping the first of identical messages.
  func runValidation(_ estate: Estate, _ scope: TargetScope, phase: ValidationPhase) throws -> [LifecycleFinding] {
    var seen = Set<String>()
    return try dependencies.validate(estate, scope.target, phase).filter { seen.insert($0.message).inserted }
  }

  // MARK: - Status and history

  /// The state of one target, or of every target the estate offers and the ledger knows.
  public func status(_ target: MigrationTarget?) throws -> [TargetStatus] {
    try ledger().read { db in
      var records: [TargetRecord]
      if let target {
        records = [try Self.lookup(db, target).record]
      } else {
        let stored = try Ledger.targets(db)
        let known = Set(stored.map(\.scope.key))
        let fresh = try Ledger.estate(db).map { Self.allTargets(of: $0.estate) } ?? []
        records =
          stored
          + fresh.filter { !known.contains($0.key) }.map {
            TargetRecord(scope: $0, state: .notPrepared, commitAttempted: false)
          }
        records.sort { $0.scope.key < $1.scope.key }
      }
      return try records.map { record in
        let deployments = try record.scope.members.map { member in
          let state = try Ledger.unitStates(db, service: member.service)[member.slot.rawValue] ?? record.state
          return DeploymentMigrationState(
            service: member.service, slot: member.slot, deployment: member.deployment, migrationState: state,
            roles: member.roles.map { RoleMigrationState(name: $0, migrationState: state) })
        }
        return TargetStatus(
          target: record.scope.target, key: record.scope.key, state: record.state,
          commitAttempted: record.commitAttempted, deployments: deployments)
      }
    }
  }

  /// The operation log, oldest first, optionally for one target.
  public func history(_ target: MigrationTarget?, after: Int64 = 0, limit: Int = 1000) throws -> [OperationRecord] {
    try ledger().read { db in
      let key = try target.map { try Self.lookup(db, $0).scope.key }
      return try Ledger.history(db, target: key, after: after, limit: max(1, min(limit, 10_000)))
    }
  }
}
