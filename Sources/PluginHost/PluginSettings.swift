/// Limits and timings the worker applies to every process plugin.
public struct PluginSettings: Sendable {
  /// The worker's version, sent in `plugin/initialize`.
  public var workerVersion = "0"
  /// The longest line the worker reads from a plugin (and announces as the longest it sends).
  public var maxLineBytes = 16 * 1024 * 1024
  /// Bytes that may wait in a plugin's input queue; beyond them calls fail at once with `plugin.not-reading`.
  public var maxQueuedBytes = 1024 * 1024
  /// How long a plugin has to answer `plugin/initialize`.
  public var handshakeTimeout: Duration = .seconds(10)
  /// How long one call may wait for its answer, unless the plugin's entry says otherwise.
  public var callTimeout: Duration = .seconds(60)
  /// How long a stopping plugin gets after `shutdown`/`exit`, and again after SIGTERM, before the next step.
  public var stopGrace: Duration = .seconds(2)
  /// The restart delay before jitter: `base · 2^(failures - 1)`, capped at `maxRestartDelay`.
  public var baseRestartDelay: Duration = .milliseconds(100)
  /// The longest restart delay.
  public var maxRestartDelay: Duration = .seconds(5)
  /// Failures within `failureWindow` after which a plugin is broken and no longer restarted.
  public var maxFailures = 5
  /// The window in which failures count towards `maxFailures`.
  public var failureWindow: Duration = .seconds(180)

  /// The default settings.
  public init() {}

  /// The delay before the next start after `failures` recent failures: full-jitter exponential backoff.
  func restartDelay(failures: Int) -> Duration {
    guard failures > 0 else { return .zero }
    let exponent = min(failures - 1, 16)
    let ceiling = min(maxRestartDelay, baseRestartDelay * (1 << exponent))
    let milliseconds = ceiling.components.seconds * 1000 + ceiling.components.attoseconds / 1_000_000_000_000_000
    return .milliseconds(Int64.random(in: 0...max(0, milliseconds)))
  }
}
