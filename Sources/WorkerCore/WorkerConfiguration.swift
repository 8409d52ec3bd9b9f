/// The worker's limits and identity, fixed at start-up and reported by `initialize`.
public struct WorkerConfiguration: Sendable, Hashable {
  /// The largest accepted line, in bytes (`--max-message-bytes`).
  public var maxMessageBytes: Int = 16 * 1024 * 1024
  /// The longest result a reply may carry, in bytes of JSON text (`--max-reply-bytes`); a longer one is
  /// answered with `1003` instead.
  public var maxReplyBytes: Int = 256 * 1024 * 1024
  /// The deepest accepted JSON nesting.
  public var maxNestingDepth: Int = 256
  /// Plugin requests running at once; further ones wait for a slot (built-ins are never held back).
  public var maxInFlightRequests: Int = 1024
  /// Requests waiting for a slot above which the worker stops reading stdin.
  public var maxWaitingRequests: Int = 16 * 1024
  /// Bytes queued for stdout above which the worker stops reading stdin.
  public var writeHighWaterBytes: Int = 8 * 1024 * 1024
  /// Bytes queued for stdout below which reading resumes.
  public var writeLowWaterBytes: Int = 1024 * 1024
  /// A test hook (`serve --hold-at-first-progress`): each handler that reports progress stops after its first
  /// report until its request is answered (cancelled), so tests can cancel long methods mid-work.
  public var holdsAtFirstProgress = false
  /// The name reported in `serverInfo`.
  public var serverName = "csmigrate"
  /// The version reported in `serverInfo`.
  public var serverVersion = "0.1.0"

  /// The defaults documented in `protocol.md`.
  public init() {}
}
