import CLibUV
import Foundation
public import PluginHost
import Synchronization
import WorkerCore
import WorkerProtocol

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Starts process plugins with libuv (`uv_spawn`, pipes, exit callbacks, `uv_kill`) on a loop of its own.
///
/// The loop runs on one thread that this launcher starts on first use; every libuv call for plugin processes
/// happens there. Other threads reach it only through a command queue and an async handle (``WakeGate``), and
/// write a plugin's stdin themselves only while the loop has no write pending (see ``UVPluginChannel``). The
/// plugin loop is separate from the stdio loop because the one-shot CLI verbs (`csmigrate validate`) have no
/// stdio loop, and because the worker needs the plugins' methods before its session starts.
///
/// Each plugin runs detached (its own session and process group, so signals reach interpreters' children),
/// with stdin, stdout and stderr on pipes and an environment built from an allowlist plus its entry's own.
public final class PluginProcessLauncher: PluginLauncher {
  let settings: PluginSettings
  let nextKey = Atomic<Int>(0)
  /// What every calling thread and the loop thread share, under the one lock type ThreadSanitizer sees.
  private struct Shared {
    /// Commands for the loop thread, in order.
    var queued: [PluginCommand] = []
    /// The wake gate of the loop thread, once it runs.
    var gate: WakeGate?
  }

  private let shared = LockedValue(Shared())

  /// Makes a launcher; its loop thread starts with the first plugin.
  public init(settings: PluginSettings) {
    self.settings = settings
  }

  public func launch(_ entry: PluginEntry, events: @escaping @Sendable (PluginChannelEvent) -> Void)
    -> any PluginChannel
  {
    let key = nextKey.add(1, ordering: .relaxed).newValue
    let channel = UVPluginChannel(key: key, launcher: self, limit: settings.maxQueuedBytes)
    enqueue(.spawn(key: key, entry: entry, channel: channel, events: events))
    return channel
  }

  /// Queues a command for the loop thread and wakes it, starting the thread on first use.
  func enqueue(_ command: PluginCommand) {
    let wake = shared.withLock { shared in
      shared.queued.append(command)
      let wake = shared.gate ?? PluginLoopThread.start(launcher: self)
      shared.gate = wake
      return wake
    }
    wake.wake()
  }

  /// Takes the commands queued since the last call (on the loop thread).
  func takeCommands() -> [PluginCommand] {
    shared.withLock { shared in
      defer { shared.queued = [] }
      return shared.queued
    }
  }
}

/// Work for the plugin loop thread.
enum PluginCommand: @unchecked Sendable {
  case spawn(key: Int, entry: PluginEntry, channel: UVPluginChannel, events: @Sendable (PluginChannelEvent) -> Void)
  case write(key: Int, bytes: [UInt8])
  case closeInput(key: Int)
  case signal(key: Int, number: Int32)
}

/// The worker's end of one plugin process: writes lines, queues commands for the loop thread, and counts queued
/// bytes so a plugin that stops reading cannot make the worker buffer more than `limit` (plus one line).
///
/// A line goes straight from the calling thread into the plugin's stdin (a plain non-blocking `send`, no libuv
/// call) when the loop has no write of its own pending: a forwarded call then costs no wake-up of the loop
/// thread. What the pipe does not take at once, and every line while the loop still writes, goes through the
/// loop thread in order (see ``DirectInput``).
final class UVPluginChannel: PluginChannel {
  let key: Int
  let launcher: PluginProcessLauncher
  let limit: Int
  /// Bytes handed to the loop thread and not yet written to the pipe (or dropped with the process).
  let queuedBytes = Atomic<Int>(0)
  /// Set when the process's stdin is gone; later sends fail.
  let closed = Atomic<Bool>(false)
  /// The stdin descriptor callers may write to directly, and the loop's pending writes.
  let input = LockedValue(DirectInput())

  init(key: Int, launcher: PluginProcessLauncher, limit: Int) {
    self.key = key
    self.launcher = launcher
    self.limit = limit
  }

  func send(_ line: [UInt8]) -> Bool {
    guard !closed.load(ordering: .acquiring) else { return false }
    guard queuedBytes.load(ordering: .acquiring) <= limit else { return false }
    let bytes = line + [0x0A]
    // The lock is held while the rest is queued, so no other line can slip in between a line's two parts.
    input.withLock { input in
      let written = input.writeDirectly(bytes)
      guard written < bytes.count else { return }
      let rest = written == 0 ? bytes : Array(bytes[written...])
      input.loopWrites += 1
      queuedBytes.add(rest.count, ordering: .acquiringAndReleasing)
      launcher.enqueue(.write(key: key, bytes: rest))
    }
    return true
  }

  func closeInput() {
    launcher.enqueue(.closeInput(key: key))
  }

  func signal(_ signal: PluginSignal) {
    launcher.enqueue(.signal(key: key, number: signal == .kill ? SIGKILL : SIGTERM))
  }

  /// Called on the loop thread when one of its writes is done or dropped.
  func loopWriteEnded(byteCount: Int) {
    queuedBytes.subtract(byteCount, ordering: .acquiringAndReleasing)
    input.withLock { $0.loopWrites -= 1 }
  }
}

/// The plugin's stdin as callers may write to it directly: open only while the loop thread keeps the pipe open,
/// used only while the loop has no write pending (so lines never interleave or overtake each other).
struct DirectInput {
  /// The pipe's descriptor (non-blocking); `nil` before the process runs and once the loop closes its stdin.
  var descriptor: Int32?
  /// Writes handed to the loop thread and not yet ended.
  var loopWrites = 0

  /// Writes what the pipe takes at once; returns how many bytes that was (all of them when the pipe is gone:
  /// the bytes are dropped, as the loop drops them, and the loop reports the exit).
  mutating func writeDirectly(_ bytes: [UInt8]) -> Int {
    guard let descriptor, loopWrites == 0 else { return 0 }
    return bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let count = send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
        if count > 0 {
          offset += count
        } else if count < 0, errno == EINTR {
          continue
        } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
          return offset
        } else {
          return buffer.count
        }
      }
      return offset
    }
  }
}
