public import PluginAPI
import WorkerProtocol

extension LifecycleEngine: LedgerReading {
  /// Every target of the ledger, from `status(nil)`.
  public func targetStates() throws(PluginError) -> [LedgerTargetState] {
    do {
      return try status(nil).map {
        LedgerTargetState(
          target: $0.target, key: $0.key, state: $0.state.rawValue, commitAttempted: $0.commitAttempted)
      }
    } catch {
      throw PluginError(wrapping: ResponseError(mapping: error))
    }
  }

  /// The operation log, oldest first, from `history(nil)`.
  public func operations(limit: Int) throws(PluginError) -> [LedgerOperation] {
    do {
      return try history(nil, limit: limit).map {
        LedgerOperation(
          sequence: $0.seq, at: $0.at, targetKey: $0.target, operation: $0.operation, outcome: $0.outcome,
          state: $0.state, message: $0.message)
      }
    } catch {
      throw PluginError(wrapping: ResponseError(mapping: error))
    }
  }
}
