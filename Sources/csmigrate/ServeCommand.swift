import ArgumentParser
import Foundation
import MigrationEngine
import Logging
import PluginAPI
import WorkerCore
import WorkerTransportUV

#if canImport(Glibc)
  import Glibc
#endif

/// `csmigrate serve`: the JSON-RPC worker on stdin and stdout.
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run the worker: JSON-RPC 2.0 over stdin/stdout, one message per line."
  )

  @Option(
    name: .long,
    help: "Enable only these plugins (comma separated), or 'all'. Default: every plugin that is on by default.")
  var plugins: String?

  @Option(name: .long, help: "Largest accepted message line, in bytes.")
  var maxMessageBytes: Int = WorkerConfiguration().maxMessageBytes

  @Option(name: .long, help: "Requests running at once before reading pauses.")
  var maxInFlight: Int = WorkerConfiguration().maxInFlightRequests

  @Option(name: .long, help: "Bytes queued for stdout above which reading stdin pauses.")
  var writeHighWaterBytes: Int = WorkerConfiguration().writeHighWaterBytes

  @Option(name: .long, help: "Directory that every file path resolves against; paths may not leave it.")
  var root: String = FileManager.default.currentDirectoryPath

  @Option(name: .long, help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
  var logLevel: String = "warning"

  func validate() throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ValidationError("--root must be an existing directory: \(root)")
    }
    guard maxMessageBytes >= 64 else { throw ValidationError("--max-message-bytes must be at least 64") }
    guard writeHighWaterBytes >= 1024 else { throw ValidationError("--write-high-water-bytes must be at least 1024") }
    guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1") }
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
    }
  }

  func run() throws {
    let level = Logger.Level(rawValue: logLevel) ?? .warning
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    let logger = Logger(label: "csmigrate")

    var configuration = WorkerConfiguration()
    configuration.maxMessageBytes = maxMessageBytes
    configuration.maxInFlightRequests = maxInFlight
    configuration.writeHighWaterBytes = writeHighWaterBytes
    configuration.writeLowWaterBytes = writeHighWaterBytes / 4
    configuration.serverVersion = CSMigrateCommand.version

    let enabled: [String]? =
      if plugins == "all" {
        CompiledPlugins.all.map(\.name)
      } else {
        plugins.map { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }
      }
    let registry: MethodRegistry
    do {
      registry = try MethodRegistry(plugins: CompiledPlugins.all, enabled: enabled)
    } catch {
      throw ValidationError("cannot start: \(error)")
    }
    var services = PluginServices()
    let estateStore = EstateStore(root: URL(fileURLWithPath: root))
    services.register(estateStore, as: (any EstateResolving).self)
    let mappingSteps = CompiledPlugins.all
      .filter { plugin in enabled.map { $0.contains(plugin.name) } ?? plugin.enabledByDefault }
      .flatMap(\.armMappingSteps)
    services.register(
      ARMPlanner(store: estateStore, steps: mappingSteps), as: (any ARMPlanning).self)
    let code = StdioTransport.serveStandardStreams(
      registry: registry, services: services, configuration: configuration, logger: logger)
    Glibc.exit(code)
  }
}

extension String {
  fileprivate func trimmingWhitespace() -> String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
