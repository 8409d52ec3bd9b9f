/// Where one target (and each deployment in it) stands in the migration lifecycle.
///
/// The platform's `MigrationState` values plus `NotPrepared` (the platform reports nothing) and
/// `PrepareFailed` (csmigrate's name for "Prepare ran and failed; Abort returns to the original state").
public enum MigrationState: String, Codable, Sendable, Hashable, CaseIterable {
  /// Never prepared, or imported anew.
  case notPrepared = "NotPrepared"
  /// Prepare is running, or was interrupted (retry Prepare or run Abort).
  case preparing = "Preparing"
  /// Prepare ran and failed; the target stays locked until Abort (or a successful retry).
  case prepareFailed = "PrepareFailed"
  /// ARM metadata exists; both sides are locked for create, update and delete.
  case prepared = "Prepared"
  /// Commit has been attempted: Abort is no longer allowed.
  case committing = "Committing"
  /// The classic metadata is gone and the ARM side is unlocked.
  case committed = "Committed"
  /// Abort is running, or was interrupted (retry Abort).
  case aborting = "Aborting"
  /// Abort finished: back to the classic side, unlocked.
  case aborted = "Aborted"

  /// Whether create, update and delete are refused on both sides in this state.
  public var isLocked: Bool {
    switch self {
    case .preparing, .prepareFailed, .prepared, .committing, .aborting: true
    case .notPrepared, .committed, .aborted: false
    }
  }

  /// Whether a new estate may replace the ledger's one while a target is in this state.
  public var allowsReimport: Bool { !isLocked }
}

/// The three state-changing operations and Validate.
public enum LifecycleOperation: String, Codable, Sendable, Hashable, CaseIterable {
  case validate, prepare, abort, commit
}

/// What an operation does in a state: run it (from the start or resuming), succeed without change, or refuse.
public enum TransitionOutcome: Sendable, Hashable {
  /// The operation runs.
  case run
  /// The operation already finished: success, nothing changes.
  case unchanged
  /// The operation is refused with this message.
  case refused(LifecycleRefusal)
}

/// Why an operation is refused in a state; each case has the platform's text where it defines one.
public enum LifecycleRefusal: String, Sendable, Hashable {
  /// Commit (or Abort) before Prepare.
  case notPrepared
  /// Anything but Commit while Commit is in progress or interrupted.
  case beingCommitted
  /// Anything but Abort while Abort is in progress or interrupted.
  case beingAborted
  /// Abort after Commit finished.
  case abortAfterCommit
  /// Prepare or Validate after Commit finished.
  case alreadyCommitted

  /// The error message, for a deployment (`Deployment d in HostedService s`) or a VNet (`Virtual Network v`).
  public func message(subject: String) -> String {
    switch self {
    case .notPrepared: "\(subject) hasn't been prepared for Migration."
    case .beingCommitted:
      "Migration of \(subject) is in the process of being committed and can't be changed until it completes "
        + "successfully."
    case .beingAborted:
      "Migration of \(subject) is in the process of being aborted and can't be changed until it completes "
        + "successfully."
    case .abortAfterCommit:
      "Migration of \(subject) has been committed. Abort is no longer allowed after commit attempts."
    case .alreadyCommitted: "Migration of \(subject) has been committed; it no longer exists on the classic side."
    }
  }
}

/// The lifecycle's transition table: what each operation does in each state (section 1.5, as data).
public enum TransitionTable {
  /// The rows, one per state: the outcome of validate, prepare, abort and commit.
  static let rows: [MigrationState: [LifecycleOperation: TransitionOutcome]] = [
    .notPrepared: [.validate: .run, .prepare: .run, .abort: .refused(.notPrepared), .commit: .refused(.notPrepared)],
    .aborted: [.validate: .run, .prepare: .run, .abort: .unchanged, .commit: .refused(.notPrepared)],
    .preparing: [.validate: .run, .prepare: .run, .abort: .run, .commit: .refused(.notPrepared)],
    .prepareFailed: [.validate: .run, .prepare: .run, .abort: .run, .commit: .refused(.notPrepared)],
    .prepared: [.validate: .run, .prepare: .unchanged, .abort: .run, .commit: .run],
    .committing: [
      .validate: .refused(.beingCommitted), .prepare: .refused(.beingCommitted), .abort: .refused(.beingCommitted),
      .commit: .run,
    ],
    .committed: [
      .validate: .refused(.alreadyCommitted), .prepare: .refused(.alreadyCommitted),
      .abort: .refused(.abortAfterCommit), .commit: .unchanged,
    ],
    .aborting: [
      .validate: .refused(.beingAborted), .prepare: .refused(.beingAborted), .abort: .run,
      .commit: .refused(.beingAborted),
    ],
  ]

  /// The outcome of `operation` in `state`.
  public static func outcome(of operation: LifecycleOperation, in state: MigrationState) -> TransitionOutcome {
    rows[state]?[operation] ?? .refused(.notPrepared)
  }
}
