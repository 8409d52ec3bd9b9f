import CLibUV
import PluginHost
import WorkerCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The thread and libuv loop that run plugin processes; every member is touched on that thread only.
final class PluginLoopThread {
  let loop: UnsafeMutablePointer<uv_loop_t>
  unowned let launcher: PluginProcessLauncher
  var processes: [Int: PluginProcess] = [:]

  private init(launcher: PluginProcessLauncher) {
    self.launcher = launcher
    loop = UVHandle.allocate(uv_loop_t.self)
    uv_loop_init(loop)
  }

  /// Starts the thread and returns the gate that wakes its loop.
  static func start(launcher: PluginProcessLauncher) -> WakeGate {
    let owner = PluginLoopThread(launcher: launcher)
    let async = UVHandle.allocate(uv_async_t.self)
    uv_async_init(owner.loop, async) { handle in
      guard let data = handle?.pointee.data else { return }
      Unmanaged<PluginLoopThread>.fromOpaque(data).takeUnretainedValue().runCommands()
    }
    // The thread owns itself for the life of the process (plugins may be started until the very end).
    async.pointee.data = Unmanaged.passRetained(owner).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
      &thread, nil,
      { context in
        guard let context else { return nil }
        let owner = Unmanaged<PluginLoopThread>.fromOpaque(context).takeUnretainedValue()
        // A parent may start the worker with SIGCHLD blocked (the mask survives exec); libuv learns of plugin
        // exits from SIGCHLD, so this thread must receive it.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGCHLD)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        uv_run(owner.loop, UV_RUN_DEFAULT)
        return nil
      }, async.pointee.data)
    precondition(status == 0, "cannot start the plugin loop thread")
    pthread_detach(thread)
    return WakeGate(async)
  }

  /// Runs the commands queued since the last wake-up, in order.
  func runCommands() {
    for command in launcher.takeCommands() {
      switch command {
      case .spawn(let key, let entry, let channel, let events):
        let process = PluginProcess(
          key: key, thread: self, channel: channel, events: events,
          maxLineBytes: launcher.settings.maxLineBytes)
        processes[key] = process
        process.spawn(entry)
      case .write(let key, let bytes):
        processes[key]?.write(bytes)  // a process that is gone has a closed channel; its bytes no longer count
      case .closeInput(let key):
        processes[key]?.closeInput()
      case .signal(let key, let number):
        processes[key]?.signal(number)
      }
    }
  }

  /// Called when a process has exited and all its handles are closed.
  func finished(_ key: Int) {
    processes[key] = nil
  }
}
