public import EstateModel
public import PluginAPI

/// Lets a long operation report progress and notice cancellation.
public struct OperationObserver: Sendable {
  /// Whether the caller cancelled.
  public var isCancelled: @Sendable () -> Bool
  /// Progress: steps done, steps in all, and what just happened.
  public var progress: @Sendable (_ done: Int, _ total: Int, _ message: String) -> Void

  /// Makes an observer.
  public init(
    isCancelled: @escaping @Sendable () -> Bool = { false },
    progress: @escaping @Sendable (_ done: Int, _ total: Int, _ message: String) -> Void = { _, _, _ in }
  ) {
    self.isCancelled = isCancelled
    self.progress = progress
  }

  /// Never cancelled, reports nowhere.
  public static let none = OperationObserver()
}

/// What Validate found, shaped like the platform's `MigrationValidateContext`.
public struct LifecycleValidationReport: Codable, Sendable, Hashable {
  /// The target, canonical.
  public var target: MigrationTarget
  /// The ledger key.
  public var key: String
  /// The platform's result sentence.
  public var result: String
  /// Whether any finding is an error.
  public var failed: Bool
  /// The findings.
  public var validationMessages: [LifecycleFinding]

  /// The platform's `Result` sentence for a list of findings (`MigrationValidateContext`).
  static func resultSentence(_ findings: [LifecycleFinding]) -> String {
    if findings.isEmpty { return "There are no ValidationMessages." }
    if findings.contains(where: { $0.severity == .error }) {
      return "Validation Failed. Please see ValidationMessages object for additional details."
    }
    if findings.contains(where: { $0.severity == .warning }) {
      return "Validation Passed with warnings. Please see ValidationMessages object for a list of resources that "
        + "will be migrated and additional detail on the warnings."
    }
    return "Validation Passed. Please see ValidationMessages object for a list of resources that will be migrated."
  }
}

/// The outcome of Prepare, Abort or Commit.
public struct OperationResult: Codable, Sendable, Hashable {
  /// The target, canonical.
  public var target: MigrationTarget
  /// The ledger key.
  public var key: String
  /// `prepare`, `abort` or `commit`.
  public var operation: LifecycleOperation
  /// The state afterwards.
  public var state: MigrationState
  /// False when the operation had already finished and nothing changed (an idempotent retry).
  public var changed: Bool
  /// ARM resources the target has on the ledger afterwards.
  public var armResources: Int
  /// Validation findings (Prepare only; warnings and infos, since errors fail it).
  public var findings: [LifecycleFinding]
}

/// One role's state, like the platform's `RoleList/Role/MigrationState`.
public struct RoleMigrationState: Codable, Sendable, Hashable {
  /// The role name.
  public var name: String
  /// The state.
  public var migrationState: MigrationState
}

/// One deployment's state within a target.
public struct DeploymentMigrationState: Codable, Sendable, Hashable {
  public var service: String
  public var slot: DeploymentSlot
  public var deployment: String
  public var migrationState: MigrationState
  public var roles: [RoleMigrationState]
}

/// A target's state with each deployment and role in it.
public struct TargetStatus: Codable, Sendable, Hashable {
  public var target: MigrationTarget
  public var key: String
  public var state: MigrationState
  public var commitAttempted: Bool
  public var deployments: [DeploymentMigrationState]
}

/// What `estate/import` did.
public struct ImportResult: Codable, Sendable, Hashable {
  /// The estate's content handle.
  public var handle: String
  /// False when the same estate was already imported.
  public var changed: Bool
  /// Counts.
  public var cloudServices: Int
  public var virtualNetworks: Int
  /// The targets the estate offers, with their state.
  public var targets: [String]
}
