/// What a method does to the worker's shared state (the migration ledger and the loaded estates).
///
/// The session orders requests by it: a request that writes runs after every earlier request that reads or
/// writes and before every later one, so a file or batch of dependent requests behaves like the same
/// requests sent one by one; requests that only read run side by side; independent ones run at once.
/// MCP clients see it as a tool's `readOnlyHint`, `destructiveHint` and `idempotentHint`.
public enum MethodAccess: Sendable, Hashable {
  /// Touches no shared state (a pure computation on its params, or on files under the root).
  case independent
  /// Reads shared state (the ledger, or an estate by handle) without changing it.
  case reads
  /// Changes shared state.
  case writes(WriteEffect)

  /// Whether the method changes shared state.
  public var isWrite: Bool {
    if case .writes = self { return true }
    return false
  }
}

/// How a state-changing method changes things, for MCP's hints.
public struct WriteEffect: Sendable, Hashable {
  /// It may delete or overwrite something (MCP's `destructiveHint`); `false` means it only adds.
  public let destructive: Bool
  /// Repeating it with the same params has no further effect (MCP's `idempotentHint`).
  public let idempotent: Bool

  /// Describes a write.
  public init(destructive: Bool, idempotent: Bool) {
    self.destructive = destructive
    self.idempotent = idempotent
  }

  /// Adds or records something; repeating it changes nothing more (a load, an import of the same estate).
  public static let additive = WriteEffect(destructive: false, idempotent: true)
  /// Replaces or removes something; repeating it changes nothing more (an update, a lifecycle step).
  public static let destructiveIdempotent = WriteEffect(destructive: true, idempotent: true)
}
