import ArgumentParser
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

  @OptionGroup var engine: EngineOptions

  @Option(name: .long, help: "Largest accepted message line, in bytes.")
  var maxMessageBytes: Int = WorkerConfiguration().maxMessageBytes

  @Option(name: .long, help: "Longest result one reply may carry, in bytes of JSON; longer ones get error 1003.")
  var maxReplyBytes: Int = WorkerConfiguration().maxReplyBytes

  @Option(name: .long, help: "Requests running at once before further ones wait their turn.")
  var maxInFlight: Int = WorkerConfiguration().maxInFlightRequests

  @Option(name: .long, help: "Bytes queued for stdout above which reading stdin pauses.")
  var writeHighWaterBytes: Int = WorkerConfiguration().writeHighWaterBytes

  @Option(name: .long, help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
  var logLevel: String = "warning"

  @Flag(name: .long, help: .hidden)
  var holdAtFirstProgress = false

  func validate() throws {
    if let problem = settings.problem { throw ValidationError(problem) }
  }

  /// The parsed values, free of ArgumentParser's wrappers.
  var settings: ServeSettings {
    ServeSettings(
      engine: engine.settings, maxMessageBytes: maxMessageBytes, maxReplyBytes: maxReplyBytes,
      maxInFlight: maxInFlight, writeHighWaterBytes: writeHighWaterBytes, logLevel: logLevel,
      holdAtFirstProgress: holdAtFirstProgress)
  }

  func run() throws {
    let settings = settings
    // Logging goes to stderr before anything is assembled: process plugins log while they start.
    WorkerAssembly.bootstrapLogging(level: Logger.Level(rawValue: settings.logLevel) ?? .warning)
    Self.serve(settings, assembled: try WorkerAssembly.make(settings.engine))
  }

  /// Serves on stdin and stdout with an assembled registry and services until the session ends, then exits.
  static func serve(_ settings: ServeSettings, assembled: (registry: MethodRegistry, services: PluginServices))
    -> Never
  {
    WorkerAssembly.bootstrapLogging(level: Logger.Level(rawValue: settings.logLevel) ?? .warning)
    var configuration = WorkerConfiguration()
    configuration.maxMessageBytes = settings.maxMessageBytes
    configuration.maxReplyBytes = settings.maxReplyBytes
    configuration.maxInFlightRequests = settings.maxInFlight
    configuration.writeHighWaterBytes = settings.writeHighWaterBytes
    configuration.writeLowWaterBytes = settings.writeHighWaterBytes / 4
    configuration.serverVersion = CSMigrateCommand.version
    configuration.holdsAtFirstProgress = settings.holdAtFirstProgress
    let (registry, services) = assembled
    let logger = Logger(label: "csmigrate")
    logger.notice("enabled plugins: \(registry.plugins.map(\.name).joined(separator: ", "))")
    let code = StdioTransport.serveStandardStreams(
      registry: registry, services: services, configuration: configuration, logger: logger)
    ProcessPlugins.stopAll(services)
    Glibc.exit(code)
  }
}

/// What `serve`'s options hold, as a plain value, with the checks ArgumentParser runs on them.
struct ServeSettings: Equatable {
  var engine = EngineSettings()
  var maxMessageBytes = WorkerConfiguration().maxMessageBytes
  var maxReplyBytes = WorkerConfiguration().maxReplyBytes
  var maxInFlight = WorkerConfiguration().maxInFlightRequests
  var writeHighWaterBytes = WorkerConfiguration().writeHighWaterBytes
  var logLevel = "warning"
  /// The test hook `--hold-at-first-progress` (``WorkerConfiguration/holdsAtFirstProgress``).
  var holdAtFirstProgress = false

  /// What is wrong with these values, as the usage error says it; nil when they are valid.
  var problem: String? {
    if let problem = engine.problem { return problem }
    guard maxMessageBytes >= 64 else { return "--max-message-bytes must be at least 64" }
    guard maxReplyBytes >= 1024 else { return "--max-reply-bytes must be at least 1024" }
    guard writeHighWaterBytes >= 1024 else { return "--write-high-water-bytes must be at least 1024" }
    guard maxInFlight >= 1 else { return "--max-in-flight must be at least 1" }
    guard Logger.Level(rawValue: logLevel) != nil else {
      return "--log-level must be one of trace, debug, info, notice, warning, error, critical"
    }
    return nil
  }
}
