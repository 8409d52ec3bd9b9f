import ArgumentParser
import Logging
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

  func validate() throws {
    guard maxMessageBytes >= 64 else { throw ValidationError("--max-message-bytes must be at least 64") }
    guard maxReplyBytes >= 1024 else { throw ValidationError("--max-reply-bytes must be at least 1024") }
    guard writeHighWaterBytes >= 1024 else { throw ValidationError("--write-high-water-bytes must be at least 1024") }
    guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1") }
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
    }
  }

  func run() throws {
    WorkerAssembly.bootstrapLogging(level: Logger.Level(rawValue: logLevel) ?? .warning)
    var configuration = WorkerConfiguration()
    configuration.maxMessageBytes = maxMessageBytes
    configuration.maxReplyBytes = maxReplyBytes
    configuration.maxInFlightRequests = maxInFlight
    configuration.writeHighWaterBytes = writeHighWaterBytes
    configuration.writeLowWaterBytes = writeHighWaterBytes / 4
    configuration.serverVersion = CSMigrateCommand.version
    let (registry, services) = try WorkerAssembly.make(engine)
    let logger = Logger(label: "csmigrate")
    logger.notice("enabled plugins: \(registry.plugins.map(\.name).joined(separator: ", "))")
    let code = StdioTransport.serveStandardStreams(
      registry: registry, services: services, configuration: configuration, logger: logger)
    ProcessPlugins.stopAll(services)
    Glibc.exit(code)
  }
}
