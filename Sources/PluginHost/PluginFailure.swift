public import PluginAPI
public import WorkerProtocol

/// Why a process plugin could not answer: the application error (`4000`) every caller sees, naming the plugin.
public struct PluginFailure: WorkerError, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong, as `data.reason` says it.
  public enum Reason: String, Sendable, Hashable {
    /// The executable could not be started.
    case spawnFailed = "plugin.spawn-failed"
    /// The plugin did not answer `plugin/initialize` properly or in time.
    case handshake = "plugin.handshake"
    /// The process ended while calls were in flight, or before it was asked to.
    case exited = "plugin.exited"
    /// The plugin wrote a line that is not a JSON-RPC message (or an over-long one).
    case garbage = "plugin.garbage"
    /// The plugin answered an id the worker never sent it.
    case unknownID = "plugin.unknown-id"
    /// The call got no answer within the plugin's timeout.
    case timeout = "plugin.timeout"
    /// The plugin stopped reading its input, so nothing more is queued for it.
    case notReading = "plugin.not-reading"
    /// The plugin failed too often in a short time and is no longer restarted.
    case broken = "plugin.broken"
    /// The worker is shutting the plugin down.
    case stopped = "plugin.stopped"
  }

  /// The plugin's name.
  public let plugin: String
  /// What went wrong.
  public let reason: Reason
  /// One sentence with the details.
  public let detail: String

  /// Describes a failure.
  public init(plugin: String, reason: Reason, detail: String) {
    self.plugin = plugin
    self.reason = reason
    self.detail = detail
  }

  public var responseError: ResponseError {
    ResponseError(
      code: .pluginFailed, message: "Plugin '\(plugin)' failed: \(detail)",
      data: ["plugin": .string(plugin), "reason": .string(reason.rawValue)])
  }

  public var description: String { "plugin '\(plugin)': \(detail)" }
}
