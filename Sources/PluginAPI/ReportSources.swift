public import EstateModel
public import WorkerProtocol

/// A target's place in the migration ledger, as a report shows it.
public struct LedgerTargetState: Sendable, Hashable {
  /// The target.
  public var target: MigrationTarget
  /// The ledger's key for the target (operation records name it).
  public var key: String
  /// The migration state (`NotPrepared`, `Prepared`, `Committed`...).
  public var state: String
  /// Whether a Commit was attempted.
  public var commitAttempted: Bool

  /// Makes a target state.
  public init(target: MigrationTarget, key: String, state: String, commitAttempted: Bool) {
    self.target = target
    self.key = key
    self.state = state
    self.commitAttempted = commitAttempted
  }
}

/// One entry of the ledger's operation log, as a report shows it.
public struct LedgerOperation: Sendable, Hashable {
  /// The sequence number.
  public var sequence: Int64
  /// When it happened (ISO 8601).
  public var at: String
  /// The ledger's key of the target, when the operation had one.
  public var targetKey: String?
  /// The operation (`validate`, `prepare`, `abort`, `commit`, `import`).
  public var operation: String
  /// How it ended.
  public var outcome: String
  /// The state it left, when any.
  public var state: String?
  /// What it said, when anything.
  public var message: String?

  /// Makes an operation entry.
  public init(
    sequence: Int64, at: String, targetKey: String?, operation: String, outcome: String, state: String?,
    message: String?
  ) {
    self.sequence = sequence
    self.at = at
    self.targetKey = targetKey
    self.operation = operation
    self.outcome = outcome
    self.state = state
    self.message = message
  }
}

/// Read-only access to the migration ledger; implemented by the lifecycle engine.
public protocol LedgerReading: Sendable {
  /// Every target the ledger knows, with its state.
  ///
  /// - Throws: `PluginError` when the ledger cannot be opened.
  func targetStates() throws(PluginError) -> [LedgerTargetState]
  /// The operation log, oldest first, at most `limit` entries.
  ///
  /// - Throws: `PluginError` when the ledger cannot be opened.
  func operations(limit: Int) throws(PluginError) -> [LedgerOperation]
}

/// The gateway runbook of a classic virtual network as a service; implemented by the Gateways plugin.
///
/// The result is the `gateways/plan` result (see protocol.md), so a reader takes the fields it knows.
public protocol GatewayRunbookPlanning: Sendable {
  /// The ordered remove / migrate / recreate runbook for `network`, or `nil` when it has no gateway work.
  func runbook(for network: VirtualNetwork, in estate: Estate) -> JSONValue?
}
