/// A JSON-RPC error code: the reserved codes plus csmigrate's documented application range.
///
/// The full table, with what each code means for a caller, is in `protocol.md`.
public struct ErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  // MARK: - JSON-RPC 2.0 reserved codes

  /// Invalid JSON was received.
  public static let parseError = ErrorCode(rawValue: -32700)
  /// The JSON sent is not a valid request object.
  public static let invalidRequest = ErrorCode(rawValue: -32600)
  /// The method does not exist or is not enabled.
  public static let methodNotFound = ErrorCode(rawValue: -32601)
  /// Invalid method parameters.
  public static let invalidParams = ErrorCode(rawValue: -32602)
  /// An internal error in the worker.
  public static let internalError = ErrorCode(rawValue: -32603)

  // MARK: - Worker codes (-32000 to -32099)

  /// The request was cancelled before it finished (LSP's value, recognised by LSP-aware clients).
  public static let requestCancelled = ErrorCode(rawValue: -32800)
  /// MCP: `resources/read` named a URI that is no resource (MCP's value).
  public static let resourceNotFound = ErrorCode(rawValue: -32002)

  // MARK: - Application codes (1000 and up)

  /// An input file or estate document could not be used (bad path, too large, unreadable, malformed).
  public static let invalidInput = ErrorCode(rawValue: 1000)
  /// A path resolves outside the worker's root directory.
  public static let pathOutsideRoot = ErrorCode(rawValue: 1001)
  /// A referenced estate handle, service, deployment or resource does not exist.
  public static let notFound = ErrorCode(rawValue: 1002)
  /// A handler's result would be longer than the worker's reply limit, so it was not sent.
  public static let replyTooLarge = ErrorCode(rawValue: 1003)
  /// The operation is not allowed in the target's current migration state.
  public static let operationNotAllowed = ErrorCode(rawValue: 2000)
  /// Another operation on the same target holds the ledger lock.
  public static let conflict = ErrorCode(rawValue: 2001)
  /// Validation found blocking errors, so the operation did not run.
  public static let validationFailed = ErrorCode(rawValue: 2002)
  /// The ledger file is not a valid SQLite database (damaged, or not a ledger at all).
  public static let ledgerCorrupt = ErrorCode(rawValue: 3000)
  /// The ledger's folder or file cannot be written (read-only folder, file system or permissions).
  public static let ledgerReadOnly = ErrorCode(rawValue: 3001)
  /// The disk (or the ledger's size limit) is full, so the change was not written.
  public static let ledgerFull = ErrorCode(rawValue: 3002)
  /// The ledger file existed and is gone; it is not recreated empty.
  public static let ledgerMissing = ErrorCode(rawValue: 3003)
  /// The ledger file existed and is now empty; it is not read as an empty ledger.
  public static let ledgerEmpty = ErrorCode(rawValue: 3004)
  /// A process plugin failed the call: it crashed, exited, hung, stopped reading or broke the protocol.
  public static let pluginFailed = ErrorCode(rawValue: 4000)

  public var description: String { String(rawValue) }
}
