import EstateModel
import Foundation
import GRDB
public import PluginAPI
import WorkerProtocol

extension LifecycleEngine {
  /// The platform's advice after a failed Prepare.
  static let abortAdvice =
    "Abort needs to be called to go back to the original state and unlock the deployment for updates and delete "
    + "operations."

  /// Takes the target's lock, re-reads its state and decides what `operation` does.
  private func begin(_ operation: LifecycleOperation, _ target: MigrationTarget) throws -> (
    ledger: Ledger, lease: TargetLease, scope: TargetScope, record: TargetRecord, estate: Estate,
    outcome: TransitionOutcome
  ) {
    let ledger = try ledger()
    let key = try ledger.read { db in try Self.lookup(db, target).scope.key }
    let lease = try ledger.locks.acquire(key, operation: operation.rawValue)
    do {
      let (scope, record, estate) = try ledger.read { db in
        let (scope, record) = try Self.lookup(db, target)
        return (scope, record, try Self.requireEstate(db))
      }
      let outcome = TransitionTable.outcome(of: operation, in: record.state)
      if case .refused(let refusal) = outcome {
        let message = refusal.message(subject: scope.subject)
        try ledger.write { db in
          try Ledger.log(
            db, target: scope.key, operation: operation.rawValue, outcome: "refused", state: record.state,
            message: message)
        }
        throw LifecycleErrors.refused(message, platformCode: "OperationNotAllowed", target: scope.key)
      }
      return (ledger, lease, scope, record, estate, outcome)
    } catch {
      lease.release()
      throw error
    }
  }

  private func result(
    _ ledger: Ledger, _ scope: TargetScope, _ operation: LifecycleOperation, changed: Bool,
    findings: [LifecycleFinding] = []
  ) throws -> OperationResult {
    try ledger.read { db in
      let state = try Ledger.target(db, key: scope.key)?.state ?? .notPrepared
      let count =
        try Int.fetchOne(
          db, sql: "SELECT COUNT(*) FROM armResource WHERE targetKey = ?", arguments: [scope.key]) ?? 0
      return OperationResult(
        target: scope.target, key: scope.key, operation: operation, state: state, changed: changed,
        armResources: count, findings: findings)
    }
  }

  private func logUnchanged(
    _ ledger: Ledger, _ scope: TargetScope, _ operation: LifecycleOperation, _ state: MigrationState
  )
    throws
  {
    try ledger.write { db in
      try Ledger.log(
        db, target: scope.key, operation: operation.rawValue, outcome: "unchanged", state: state,
        message: "already finished; nothing changed")
    }
  }

  /// Pauses between steps (the test hooks) and reports whether the caller cancelled.
  ///
  /// - Parameter completed: how many per-deployment steps of this operation are done.
  private func stepPause(_ observer: OperationObserver, completed: Int) async -> Bool {
    if stepDelay > .zero { try? await Task.sleep(for: stepDelay) }
    if completed == holdAfterSteps {
      // Sleeping ends at once when the request's task is cancelled; the loop covers a flag-only cancel.
      while !(observer.isCancelled() || Task.isCancelled) { try? await Task.sleep(for: .seconds(3600)) }
    }
    return observer.isCancelled() || Task.isCancelled
  }

  // MARK: - Prepare

  /// Prepare: validation plus the prepare-only checks, then the ARM resources one cloud service after another.
  ///
  /// On success both sides are locked. A validation error leaves the target `PrepareFailed` (locked, recoverable
  /// by Abort or a retry). A cancel before the last step rolls everything back to the state before Prepare.
  public func prepare(_ target: MigrationTarget, observer: OperationObserver = .none) async throws -> OperationResult {
    let (ledger, lease, scope, record, estate, outcome) = try begin(.prepare, target)
    defer { lease.release() }
    if outcome == .unchanged {
      try logUnchanged(ledger, scope, .prepare, record.state)
      return try result(ledger, scope, .prepare, changed: false)
    }
    let projection = try dependencies.planARM(estate, scope.target)
    let findings = try runValidation(estate, scope, phase: .prepare) + projection.findings
    let errors = findings.filter { $0.severity == .error }
    if !errors.isEmpty {
      let message =
        "Prepare failed for \(scope.subject): "
        + errors.map(\.message).joined(separator: " ") + " " + Self.abortAdvice
      try ledger.write { db in
        try db.execute(sql: "DELETE FROM armResource WHERE targetKey = ?", arguments: [scope.key])
        try Ledger.save(db, TargetRecord(scope: scope, state: .prepareFailed, commitAttempted: false))
        try Ledger.log(
          db, target: scope.key, operation: "prepare", outcome: "failed", state: .prepareFailed, message: message)
      }
      throw PluginError(
        code: .validationFailed, message: message,
        data: [
          "target": .string(scope.key), "state": .string(MigrationState.prepareFailed.rawValue),
          "validationMessages": try CodableBridge.encode(findings),
        ])
    }
    let planned = try ARMResourcePlan(
      fragments: projection.resources, scope: scope,
      subscription: estate.subscription?.id ?? "00000000-0000-0000-0000-000000000000")
    let restoreState: MigrationState = record.state == .preparing ? .notPrepared : record.state
    try ledger.write { db in
      try db.execute(sql: "DELETE FROM armResource WHERE targetKey = ?", arguments: [scope.key])
      try Ledger.save(db, TargetRecord(scope: scope, state: .preparing, commitAttempted: false))
      try Ledger.log(
        db, target: scope.key, operation: "prepare", outcome: "started", state: .preparing,
        message: "\(scope.members.count) deployment(s), \(planned.count) ARM resource(s)")
    }
    let total = scope.members.count + 1
    for (index, member) in scope.members.enumerated() {
      if await stepPause(observer, completed: index) {
        try rollBackPrepare(ledger, scope, to: restoreState)
        throw CancellationError()
      }
      let resources = planned.resources(owner: member.service)
      try ledger.write { db in
        for resource in resources { try Ledger.insertARM(db, resource) }
        try Ledger.setUnit(db, member: member, targetKey: scope.key, state: .prepared)
        try Ledger.log(
          db, target: scope.key, operation: "prepare.step", outcome: "succeeded", state: .preparing,
          message: "HostedService \(member.service): \(resources.count) ARM resource(s)")
      }
      observer.progress(index + 1, total, "prepared HostedService \(member.service)")
    }
    if await stepPause(observer, completed: scope.members.count) {
      try rollBackPrepare(ledger, scope, to: restoreState)
      throw CancellationError()
    }
    try ledger.write { db in
      for resource in planned.resources(owner: nil) { try Ledger.insertARM(db, resource) }
      try Ledger.save(db, TargetRecord(scope: scope, state: .prepared, commitAttempted: false))
      try Ledger.log(db, target: scope.key, operation: "prepare", outcome: "succeeded", state: .prepared, message: nil)
    }
    observer.progress(total, total, "prepared \(scope.subject)")
    return try result(ledger, scope, .prepare, changed: true, findings: findings)
  }

  /// Undoes a cancelled Prepare completely: no ARM metadata, the state it had before.
  private func rollBackPrepare(_ ledger: Ledger, _ scope: TargetScope, to state: MigrationState) throws {
    try ledger.write { db in
      try db.execute(sql: "DELETE FROM armResource WHERE targetKey = ?", arguments: [scope.key])
      try Ledger.save(db, TargetRecord(scope: scope, state: state, commitAttempted: false))
      try Ledger.log(
        db, target: scope.key, operation: "prepare", outcome: "cancelled", state: state,
        message: "cancelled before completion; rolled back")
    }
  }

  // MARK: - Abort

  /// Abort: removes the ARM metadata one cloud service after another and unlocks the classic side.
  ///
  /// Its point of no return is its first step: a cancel later stops between deployments and leaves `Aborting`,
  /// which a retried Abort finishes.
  public func abort(_ target: MigrationTarget, observer: OperationObserver = .none) async throws -> OperationResult {
    let (ledger, lease, scope, record, _, outcome) = try begin(.abort, target)
    defer { lease.release() }
    if outcome == .unchanged {
      try logUnchanged(ledger, scope, .abort, record.state)
      return try result(ledger, scope, .abort, changed: false)
    }
    if observer.isCancelled() { throw CancellationError() }
    try ledger.write { db in
      try Ledger.save(db, TargetRecord(scope: scope, state: .aborting, commitAttempted: false))
      try Ledger.log(db, target: scope.key, operation: "abort", outcome: "started", state: .aborting, message: nil)
    }
    let total = scope.members.count + 1
    for (index, member) in scope.members.enumerated() {
      if await stepPause(observer, completed: index) { throw CancellationError() }
      try ledger.write { db in
        try db.execute(
          sql: "DELETE FROM armResource WHERE targetKey = ? AND owner = ?", arguments: [scope.key, member.service])
        try Ledger.setUnit(db, member: member, targetKey: scope.key, state: .aborted)
        try Ledger.log(
          db, target: scope.key, operation: "abort.step", outcome: "succeeded", state: .aborting,
          message: "HostedService \(member.service)")
      }
      observer.progress(index + 1, total, "aborted HostedService \(member.service)")
    }
    try ledger.write { db in
      try db.execute(sql: "DELETE FROM armResource WHERE targetKey = ?", arguments: [scope.key])
      try Ledger.save(db, TargetRecord(scope: scope, state: .aborted, commitAttempted: false))
      try Ledger.log(db, target: scope.key, operation: "abort", outcome: "succeeded", state: .aborted, message: nil)
    }
    observer.progress(total, total, "aborted \(scope.subject)")
    return try result(ledger, scope, .abort, changed: true)
  }

  // MARK: - Commit

  /// Commit: removes the classic metadata one cloud service after another and unlocks the ARM side.
  ///
  /// From its first step Abort is refused; a cancel later stops between deployments and leaves `Committing`, which a
  /// retried Commit finishes.
  public func commit(_ target: MigrationTarget, observer: OperationObserver = .none) async throws -> OperationResult {
    let (ledger, lease, scope, record, _, outcome) = try begin(.commit, target)
    defer { lease.release() }
    if outcome == .unchanged {
      try logUnchanged(ledger, scope, .commit, record.state)
      return try result(ledger, scope, .commit, changed: false)
    }
    if observer.isCancelled() { throw CancellationError() }
    if record.state == .prepared {
      try ledger.write { db in
        try Ledger.save(db, TargetRecord(scope: scope, state: .committing, commitAttempted: true))
        try Ledger.log(db, target: scope.key, operation: "commit", outcome: "started", state: .committing, message: nil)
      }
    }
    let total = scope.members.count + 1
    for (index, member) in scope.members.enumerated() {
      if await stepPause(observer, completed: index) { throw CancellationError() }
      try ledger.write { db in
        guard try Ledger.unitStates(db, service: member.service)[member.slot.rawValue] != .committed else { return }
        try Self.removeClassicDeployment(db, member)
        try db.execute(
          sql: "UPDATE armResource SET committed = 1 WHERE targetKey = ? AND owner = ?",
          arguments: [scope.key, member.service])
        try Ledger.setUnit(db, member: member, targetKey: scope.key, state: .committed)
        try Ledger.log(
          db, target: scope.key, operation: "commit.step", outcome: "succeeded", state: .committing,
          message: "HostedService \(member.service)")
      }
      observer.progress(index + 1, total, "committed HostedService \(member.service)")
    }
    try ledger.write { db in
      if let network = scope.virtualNetwork { try Ledger.deleteClassic(db, kind: Ledger.networkKind, name: network) }
      try db.execute(sql: "UPDATE armResource SET committed = 1 WHERE targetKey = ?", arguments: [scope.key])
      try db.execute(
        sql: "UPDATE target SET state = ?, commitAttempted = 1, updatedAt = ? WHERE key = ?",
        arguments: [MigrationState.committed.rawValue, LedgerJSON.now(), scope.key])
      try Ledger.log(db, target: scope.key, operation: "commit", outcome: "succeeded", state: .committed, message: nil)
    }
    observer.progress(total, total, "committed \(scope.subject)")
    return try result(ledger, scope, .commit, changed: true)
  }

  /// Removes a committed deployment from the classic side (and its service when it has no deployment left).
  static func removeClassicDeployment(_ db: Database, _ member: ScopeMember) throws {
    guard let body = try Ledger.classicBody(db, kind: Ledger.serviceKind, name: member.service) else { return }
    var service = try LedgerJSON.decode(CloudService.self, body)
    service.deployments.removeAll { $0.slot == member.slot }
    if service.deployments.isEmpty {
      try Ledger.deleteClassic(db, kind: Ledger.serviceKind, name: member.service)
    } else {
      try Ledger.putClassic(db, kind: Ledger.serviceKind, name: member.service, body: service)
    }
  }
}
