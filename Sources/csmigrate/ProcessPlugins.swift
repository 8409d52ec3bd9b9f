import ArgumentParser
import Foundation
import Logging
import PluginAPI
import PluginHost
import WorkerProtocol
import WorkerTransportUV

/// Finds the process plugins a command runs with (manifests and `--plugin`) and starts them.
enum ProcessPlugins {
  /// The entries from the user's configuration folder, `--root` and `--plugin`, in that order.
  ///
  /// - Throws: `ValidationError` naming the manifest (or flag) and field at fault.
  static func entries(_ options: EngineSettings) throws -> [PluginEntry] {
    do {
      let environment = ProcessInfo.processInfo.environment
      return try PluginManifest.entries(
        root: options.root, configDirectory: PluginManifest.userConfigDirectory(environment: environment),
        flags: options.plugin, currentDirectory: FileManager.default.currentDirectoryPath)
    } catch {
      throw ValidationError("cannot start: plugin manifest \(error)")
    }
  }

  /// The settings every plugin runs with.
  static var settings: PluginSettings {
    var settings = PluginSettings()
    settings.workerVersion = CSMigrateCommand.version
    return settings
  }

  /// Every host made in this process, so a command's plugins are stopped however the command ends.
  private static let hosts = LockedValue<[PluginHost]>([])

  /// Makes a host for `entries` on a libuv launcher.
  static func host(_ entries: [PluginEntry]) -> PluginHost {
    let settings = settings
    let host = PluginHost(
      entries: entries, launcher: PluginProcessLauncher(settings: settings), settings: settings,
      logger: Logger(label: "csmigrate.plugins"))
    hosts.withLock { $0.append(host) }
    return host
  }

  /// Stops the plugins of every host this process made (at the end of a command, before it exits).
  static func stopEverything() {
    for host in hosts.withLock({ $0 }) { stopAll(host) }
  }

  /// Starts every eager plugin (and the lazy ones too when `startingLazy`) and waits for each handshake.
  ///
  /// Without plugins nothing runs: no task, so no thread of the concurrency pool starts before the first request.
  static func startAll(_ host: PluginHost, startingLazy: Bool = false) -> [Result<ProcessPlugin, PluginFailure>] {
    guard !host.clients.isEmpty else { return [] }
    return wait { await host.startAll(startingLazy: startingLazy) }
  }

  /// Stops every plugin of the host registered in `services`, if any, and waits until they are gone.
  static func stopAll(_ services: PluginServices) {
    if let host = services.get(PluginHost.self) { stopAll(host) }
  }

  /// Stops every plugin of `host` and waits until they are gone.
  static func stopAll(_ host: PluginHost) {
    guard !host.clients.isEmpty else { return }
    wait { await host.stopAll() }
  }

  /// Runs async work to its end from synchronous start-up code (the calling thread blocks; the work does not
  /// need it).
  private static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task {
      box.value = await work()
      done.signal()
    }
    done.wait()
    guard let value = box.value else { fatalError("start-up work ended without a value") }
    return value
  }
}

/// Carries a value out of a task to the thread that waits for it (written once, before the semaphore signals).
private final class ResultBox<T>: @unchecked Sendable {
  var value: T?
}
