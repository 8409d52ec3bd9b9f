import ArgumentParser
import EstateModel
import Foundation
import Gateways
import Logging
import MigrationEngine
import PluginAPI
import PluginHost
import WorkerCore
import WorkerProtocol

/// Options every command that runs the engine shares: where files and the ledger live, which plugins run.
struct EngineOptions: ParsableArguments {
  @Option(name: .long, help: "Directory that every file path resolves against; paths may not leave it.")
  var root: String = FileManager.default.currentDirectoryPath

  @Option(name: .long, help: PluginSelection.help)
  var plugins: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "A process plugin to run: NAME=COMMAND [ARG ...] (repeatable); see also csmigrate.plugins.json or .toml.",
      valueName: "name=command"))
  var plugin: [String] = []

  @Option(
    name: .customLong("state"),
    help: ArgumentHelp(
      "Migration ledger directory (created on first use), or ':memory:' for a throwaway run "
        + "(default: \(LedgerLocation.defaultArgument)).", valueName: "state"))
  var stateArgument: String?

  /// The ledger directory: `--state` as given, else the default.
  var state: String {
    get { stateArgument ?? LedgerLocation.defaultArgument }
    set { stateArgument = newValue }
  }

  /// Whether `--state` was given on the command line (even with the default's value).
  var stateGiven: Bool { stateArgument != nil }

  @Option(
    name: .long, help: "Largest file, in bytes, an estate load reads (the estate document and each file it names).")
  var maxFileBytes: Int = EstateLimits.default.maxFileBytes

  @Option(name: .long, help: "Most bytes one estate load reads in all, each file counted as often as it is named.")
  var maxEstateBytes: Int = EstateLimits.default.maxEstateBytes

  @Option(name: .long, help: .hidden)
  var lifecycleStepDelayMs: Int = 0

  @Option(name: .long, help: .hidden)
  var lifecycleHoldAfterSteps: Int?

  func validate() throws {
    if let problem = settings.problem { throw ValidationError(problem) }
  }

  /// The parsed values, free of ArgumentParser's wrappers.
  var settings: EngineSettings {
    EngineSettings(
      root: root, plugins: plugins, plugin: plugin, stateArgument: stateArgument, maxFileBytes: maxFileBytes,
      maxEstateBytes: maxEstateBytes, lifecycleStepDelayMs: lifecycleStepDelayMs,
      lifecycleHoldAfterSteps: lifecycleHoldAfterSteps)
  }
}

/// What `EngineOptions` holds, as a plain value: `serve`'s fast argument path fills it without ArgumentParser.
struct EngineSettings: Equatable {
  var root: String = FileManager.default.currentDirectoryPath
  var plugins: String?
  var plugin: [String] = []
  var stateArgument: String?
  var maxFileBytes: Int = EstateLimits.default.maxFileBytes
  var maxEstateBytes: Int = EstateLimits.default.maxEstateBytes
  var lifecycleStepDelayMs: Int = 0
  var lifecycleHoldAfterSteps: Int?

  /// The ledger directory: `--state` as given, else the default.
  var state: String { stateArgument ?? LedgerLocation.defaultArgument }

  /// Whether `--state` was given on the command line (even with the default's value).
  var stateGiven: Bool { stateArgument != nil }

  /// The input limits `--max-file-bytes` and `--max-estate-bytes` set; the XML, role and instance limits keep
  /// their defaults.
  var estateLimits: EstateLimits { EstateLimits(maxFileBytes: maxFileBytes, maxEstateBytes: maxEstateBytes) }

  /// What is wrong with these values, as the usage error says it; nil when they are valid.
  var problem: String? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
      return "--root must be an existing directory: \(root)"
    }
    guard maxFileBytes >= 1024 else { return "--max-file-bytes must be at least 1024" }
    guard maxEstateBytes >= 1024 else { return "--max-estate-bytes must be at least 1024" }
    return nil
  }

  /// The plugin names `--plugins` selects: the defaults (with every process plugin named in `processPlugins`)
  /// with its additions and removals.
  func enabledPlugins(processPlugins: [String] = []) throws -> [String] {
    try PluginSelection.enabled(plugins, available: CompiledPlugins.all, processPlugins: processPlugins)
  }
}

/// Builds what a worker needs from the command line: the registry of enabled methods and the engine services.
///
/// `serve` and the one-shot commands share it, so both run the very same engine.
enum WorkerAssembly {
  /// Whether ``bootstrapLogging(level:)`` has run (swift-log allows one bootstrap per process).
  private static let loggingBootstrapped = LockedValue(false)

  /// Registers the enabled plugins and the engine's services (estates, validation, ARM mapping, lifecycle).
  ///
  /// Process plugins (manifests and `--plugin`) are started and shake hands first; their methods join the same
  /// registry, and the ``PluginHost`` is registered as a service so the caller can stop them at the end.
  ///
  /// - Throws: `ValidationError` for an unknown plugin, a plugin process that does not start, or a method
  ///   registered twice (both owners named).
  static func make(_ options: EngineOptions) throws -> (registry: MethodRegistry, services: PluginServices) {
    try make(options.settings)
  }

  /// Registers the enabled plugins and the engine's services from plain settings (`serve`'s fast path).
  ///
  /// - Throws: `ValidationError` for an unknown plugin or a method registered twice (both owners named).
  static func make(_ options: EngineSettings) throws -> (registry: MethodRegistry, services: PluginServices) {
    var registry: MethodRegistry
    var processPlugins: [any WorkerPlugin] = []
    let entries = try ProcessPlugins.entries(options)
    let chosen = try options.enabledPlugins(processPlugins: entries.map(\.name))
    let host = ProcessPlugins.host(entries.filter { chosen.contains($0.name) })
    do {
      let compiled = CompiledPlugins.all.map(\.name).filter(chosen.contains)
      registry = try MethodRegistry(plugins: CompiledPlugins.all, enabled: compiled)
      for outcome in ProcessPlugins.startAll(host) {
        let plugin = try outcome.get()
        try registry.register(plugin)
        processPlugins.append(plugin)
      }
    } catch let error as MethodRegistry.RegistrationError {
      ProcessPlugins.stopAll(host)
      throw ValidationError("cannot start: \(error)")
    } catch let error as PluginFailure {
      ProcessPlugins.stopAll(host)
      throw ValidationError("cannot start: \(error)")
    }
    let enabled =
      CompiledPlugins.all.filter { plugin in registry.plugins.contains { $0.name == plugin.name } } + processPlugins

    let estates = EstateStore(root: URL(fileURLWithPath: options.root), limits: options.estateLimits)
    let validation = LazyValidationEngine(plugins: enabled)
    let arm = ARMPlanner(store: estates, steps: enabled.flatMap(\.armMappingSteps))
    let lifecycle = LifecycleEngine(
      location: LedgerLocation(argument: options.state),
      dependencies: .engine(validation: validation, arm: arm),
      stepDelay: .milliseconds(max(0, options.lifecycleStepDelayMs)), holdAfterSteps: options.lifecycleHoldAfterSteps)

    var services = PluginServices()
    services.register(estates, as: (any EstateResolving).self)
    services.register(validation, as: (any ValidationRunning).self)
    services.register(arm, as: (any ARMPlanning).self)
    services.register(lifecycle, as: LifecycleEngine.self)
    services.register(lifecycle, as: (any LedgerReading).self)
    services.register(GatewayRunbookService(), as: (any GatewayRunbookPlanning).self)
    services.register(RootedFileReader(root: URL(fileURLWithPath: options.root)), as: RootedFileReader.self)
    services.register(InheritedDescriptors.atStartup, as: InheritedDescriptors.self)
    services.register(host, as: PluginHost.self)
    return (registry, services)
  }

  /// Sends logs to stderr at `level`; stdout carries results only.
  ///
  /// Only the first call sets the level: the fast argument path sets logging up before it assembles the worker
  /// (process plugins log while they start), and the command it hands over to may ask again.
  static func bootstrapLogging(level: Logger.Level) {
    guard
      loggingBootstrapped.withLock({ done in
        defer { done = true }; return !done
      })
    else { return }
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
  }
}
