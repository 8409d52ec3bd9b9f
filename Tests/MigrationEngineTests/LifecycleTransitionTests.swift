import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

/// Every state × operation: what runs, what is an idempotent no-op, and each refusal's exact message.
struct LifecycleTransitionTests {
  /// Drives a fresh standalone target into `state` through real operations (interrupted states by cancelling).
  static func engine(in state: MigrationState) async throws -> LifecycleEngine {
    let target = LifecycleFixtures.solo
    let failing = LifecycleDependencies(
      validate: { _, _, phase in
        phase == .prepare ? [LifecycleFinding(severity: .error, message: "Quota exceeded.", ruleId: "test.quota")] : []
      },
      planARM: LifecycleDependencies.builtIn.planARM)
    let engine = try LifecycleFixtures.engine(dependencies: state == .prepareFailed ? failing : .builtIn)
    let cancelled = OperationObserver(isCancelled: { true })
    switch state {
    case .notPrepared: break
    case .prepareFailed: _ = try? await engine.prepare(target)
    case .prepared: _ = try await engine.prepare(target)
    case .aborted:
      _ = try await engine.prepare(target)
      _ = try await engine.abort(target)
    case .committed:
      _ = try await engine.prepare(target)
      _ = try await engine.commit(target)
    case .committing:
      _ = try await engine.prepare(target)
      _ = try? await engine.commit(target, observer: StepCanceller.afterFirstCheck())
    case .aborting:
      _ = try await engine.prepare(target)
      _ = try? await engine.abort(target, observer: StepCanceller.afterFirstCheck())
    case .preparing:
      _ = try? await engine.prepare(target, observer: cancelled)
      // A cancelled Prepare rolls back, so an interrupted one is simulated by a crash: see LedgerCrashTests.
      return engine
    }
    let reached = try engine.status(target).first?.state
    #expect(reached == state, "could not drive the target into \(state)")
    return engine
  }

  static let subject = "Deployment solo-prod in HostedService solo"

  /// The expected outcome of each operation in each reachable state.
  static let table: [(MigrationState, LifecycleOperation, Expected)] = [
    (.notPrepared, .validate, .runs(.notPrepared)),
    (.notPrepared, .prepare, .runs(.prepared)),
    (.notPrepared, .abort, .refused("\(subject) hasn't been prepared for Migration.")),
    (.notPrepared, .commit, .refused("\(subject) hasn't been prepared for Migration.")),
    (.prepareFailed, .validate, .runs(.prepareFailed)),
    (.prepareFailed, .abort, .runs(.aborted)),
    (.prepareFailed, .commit, .refused("\(subject) hasn't been prepared for Migration.")),
    (.prepared, .validate, .runs(.prepared)),
    (.prepared, .prepare, .unchanged(.prepared)),
    (.prepared, .abort, .runs(.aborted)),
    (.prepared, .commit, .runs(.committed)),
    (.aborted, .validate, .runs(.aborted)),
    (.aborted, .prepare, .runs(.prepared)),
    (.aborted, .abort, .unchanged(.aborted)),
    (.aborted, .commit, .refused("\(subject) hasn't been prepared for Migration.")),
    (.committed, .commit, .unchanged(.committed)),
    (
      .committed, .abort,
      .refused("Migration of \(subject) has been committed. Abort is no longer allowed after commit attempts.")
    ),
    (
      .committed, .prepare,
      .refused("Migration of \(subject) has been committed; it no longer exists on the classic side.")
    ),
    (
      .committing, .abort,
      .refused(
        "Migration of \(subject) is in the process of being committed and can't be changed until it completes "
          + "successfully.")
    ),
    (
      .committing, .prepare,
      .refused(
        "Migration of \(subject) is in the process of being committed and can't be changed until it completes "
          + "successfully.")
    ),
    (.committing, .commit, .runs(.committed)),
    (
      .aborting, .commit,
      .refused(
        "Migration of \(subject) is in the process of being aborted and can't be changed until it completes "
          + "successfully.")
    ),
    (
      .aborting, .prepare,
      .refused(
        "Migration of \(subject) is in the process of being aborted and can't be changed until it completes "
          + "successfully.")
    ),
    (.aborting, .abort, .runs(.aborted)),
  ]

  enum Expected: Sendable {
    case runs(MigrationState)
    case unchanged(MigrationState)
    case refused(String)
  }

  @Test(arguments: 0..<table.count)
  func transition(_ index: Int) async throws {
    let (state, operation, expected) = Self.table[index]
    let engine = try await Self.engine(in: state)
    let target = LifecycleFixtures.solo
    var changed: Bool?
    let error = await LifecycleFixtures.error {
      switch operation {
      case .validate: _ = try engine.validate(target)
      case .prepare: changed = try await engine.prepare(target).changed
      case .abort: changed = try await engine.abort(target).changed
      case .commit: changed = try await engine.commit(target).changed
      }
    }
    let after = try engine.status(target).first?.state
    switch expected {
    case .runs(let final):
      #expect(error == nil, "\(state) × \(operation): \(String(describing: error))")
      #expect(after == final)
      if operation != .validate { #expect(changed == true) }
    case .unchanged(let final):
      #expect(error == nil)
      #expect(changed == false)
      #expect(after == final)
    case .refused(let message):
      #expect(error?.code == .operationNotAllowed)
      #expect(error?.message == message)
      #expect(error?.data?["platformCode"] == "OperationNotAllowed")
      #expect(error?.data?["target"] == "deployment:solo/Production")
      #expect(after == state, "a refusal changed the state")
    }
  }

  /// The table in the engine agrees with the one above for every state and operation.
  @Test func tableCoversEveryStateAndOperation() {
    for state in MigrationState.allCases {
      for operation in LifecycleOperation.allCases {
        let outcome = TransitionTable.outcome(of: operation, in: state)
        if let row = Self.table.first(where: { $0.0 == state && $0.1 == operation }) {
          switch (row.2, outcome) {
          case (.runs, .run), (.unchanged, .unchanged): break
          case (.refused(let message), .refused(let refusal)):
            #expect(refusal.message(subject: Self.subject) == message)
          default: Issue.record("\(state) × \(operation): table says \(row.2), engine says \(outcome)")
          }
        }
      }
    }
  }

  /// Prepare with a validation error fails with 2002, leaves the target PrepareFailed and locked, and says Abort
  /// returns to the original state; Abort then unlocks.
  @Test func failedPrepareIsRecoverable() async throws {
    let engine = try await Self.engine(in: .prepareFailed)
    let target = LifecycleFixtures.solo
    let error = await LifecycleFixtures.error { _ = try await engine.prepare(target) }
    #expect(error?.code == .validationFailed)
    #expect(
      error?.message.hasSuffix(
        "Abort needs to be called to go back to the original state and unlock the deployment for updates and delete "
          + "operations.") == true)
    #expect(try engine.armList(resourceGroup: nil, type: nil).isEmpty)
    let locked = await LifecycleFixtures.error {
      _ = try engine.classicUpdate(
        ClassicReference(service: "solo", slot: "Production"), patch: .object(["label": .string("x")]))
    }
    #expect(locked?.code == .operationNotAllowed)
    _ = try await engine.abort(target)
    _ = try engine.classicUpdate(
      ClassicReference(service: "solo", slot: "Production"), patch: .object(["label": .string("x")]))
  }
}

/// An observer that lets the first cancellation check pass and cancels at every later one (mid-operation).
enum StepCanceller {
  static func afterFirstCheck() -> OperationObserver {
    let checks = Counter()
    return OperationObserver(isCancelled: { checks.bump() > 1 })
  }

  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func bump() -> Int {
      lock.lock()
      defer { lock.unlock() }
      count += 1
      return count
    }
  }
}
