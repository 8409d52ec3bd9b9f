/// Something that happened on a plugin process's pipes; delivered in order, on one thread at a time.
public enum PluginChannelEvent: Sendable {
  /// One complete line the plugin wrote on stdout, without its newline.
  case line([UInt8])
  /// A stdout line longer than the limit was dropped (`byteCount` bytes when it was cut).
  case oversizedLine(byteCount: Int)
  /// One line the plugin wrote on stderr.
  case stderrLine(String)
  /// The process could not be started; `reason` says why (for example `ENOENT`).
  case spawnFailed(reason: String)
  /// The process ended: its exit status, or the signal that ended it (0 when none). Always the last event.
  case exited(status: Int64, signal: Int32)
}

/// A signal for a plugin's process group.
public enum PluginSignal: Sendable {
  /// SIGTERM: stop now, tidily.
  case terminate
  /// SIGKILL: stop at once.
  case kill
}

/// The worker's end of one running plugin process: lines in, lines out, signals.
///
/// The libuv transport implements it with pipes on a loop; tests implement it in memory. Every method may be
/// called from any thread and returns without waiting for the process.
public protocol PluginChannel: Sendable {
  /// Queues one line (the newline is added) for the plugin's stdin.
  ///
  /// - Returns: `false`, queuing nothing, when the bytes already queued and not yet taken by the plugin exceed
  ///   the channel's limit, or when the channel is closed: the plugin is not reading.
  func send(_ line: [UInt8]) -> Bool
  /// Closes the plugin's stdin once queued lines are written (the plugin sees end of input).
  func closeInput()
  /// Signals the plugin's process group; does nothing once the process has exited.
  func signal(_ signal: PluginSignal)
}

/// Starts plugin processes.
public protocol PluginLauncher: Sendable {
  /// Starts `entry`'s process; `events` receives its output and, last, its exit (or the failure to start).
  func launch(_ entry: PluginEntry, events: @escaping @Sendable (PluginChannelEvent) -> Void) -> any PluginChannel
}
