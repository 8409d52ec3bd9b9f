import ArgumentParser
import EstateModel
import Foundation
import Gateways
import Logging
import MigrationEngine
import PluginAPI
import WorkerCore

/// Options every command that runs the engine shares: where files and the ledger live, which plugins run.
struct EngineOptions: ParsableArguments {
  @Option(name: .long, help: "Directory that every file path resolves against; paths may not leave it.")
  var root: String = FileManager.default.currentDirectoryPath

  @Option(name: .long, help: PluginSelection.help)
  var plugins: String?

  @Option(name: .long, help: "Migration ledger directory (created on first use), or ':memory:' for a throwaway run.")
  var state: String = LedgerLocation.defaultArgument

  @Option(
    name: .long, help: "Largest file, in bytes, an estate load reads (the estate document and each file it names).")
  var maxFileBytes: Int = EstateLimits.default.maxFileBytes

  @Option(name: .long, help: "Most bytes one estate load reads in all, each file counted as often as it is named.")
  var maxEstateBytes: Int = EstateLimits.default.maxEstateBytes

  @Option(name: .long, help: .hidden)
  var lifecycleStepDelayMs: Int = 0

  func validate() throws {
    if let problem = settings.problem { throw ValidationError(problem) }
  }

  /// The parsed values, free of ArgumentParser's wrappers.
  var settings: EngineSettings {
    EngineSettings(
      root: root, plugins: plugins, state: state, maxFileBytes: maxFileBytes, maxEstateBytes: maxEstateBytes,
      lifecycleStepDelayMs: lifecycleStepDelayMs)
  }
}

/// What `EngineOptions` holds, as a plain value: `serve`'s fast argument path fills it without ArgumentParser.
struct EngineSettings: Equatable {
  var root: String = FileManager.default.currentDirectoryPath
  var plugins: String?
  var state: String = LedgerLocation.defaultArgument
  var maxFileBytes: Int = EstateLimits.default.maxFileBytes
  var maxEstateBytes: Int = EstateLimits.default.maxEstateBytes
  var lifecycleStepDelayMs: Int = 0

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

  /// The plugin names `--plugins` selects: the defaults with its additions and removals.
  func enabledPlugins() throws -> [String] {
    try PluginSelection.enabled(plugins, available: CompiledPlugins.all)
  }
}

/// Builds what a worker needs from the command line: the registry of enabled methods and the engine services.
///
/// `serve` and the one-shot commands share it, so both run the very same engine.
enum WorkerAssembly {
  /// Registers the enabled plugins and the engine's services (estates, validation, ARM mapping, lifecycle).
  ///
  /// - Throws: `ValidationError` for an unknown plugin or a method registered twice (both owners named).
  static func make(_ options: EngineOptions) throws -> (registry: MethodRegistry, services: PluginServices) {
    try make(options.settings)
  }

  /// Registers the enabled plugins and the engine's services from plain settings (`serve`'s fast path).
  ///
  /// - Throws: `ValidationError` for an unknown plugin or a method registered twice (both owners named).
  static func make(_ options: EngineSettings) throws -> (registry: MethodRegistry, services: PluginServices) {
    let registry: MethodRegistry
    do {
      registry = try MethodRegistry(plugins: CompiledPlugins.all, enabled: options.enabledPlugins())
    } catch let error as MethodRegistry.RegistrationError {
      throw ValidationError("cannot start: \(error)")
    }
    let enabled = CompiledPlugins.all.filter { plugin in registry.plugins.contains { $0.name == plugin.name } }

    let estates = EstateStore(root: URL(fileURLWithPath: options.root), limits: options.estateLimits)
    let validation = LazyValidationEngine(plugins: enabled)
    let arm = ARMPlanner(store: estates, steps: enabled.flatMap(\.armMappingSteps))
    let lifecycle = LifecycleEngine(
      location: LedgerLocation(argument: options.state),
      dependencies: .engine(validation: validation, arm: arm),
      stepDelay: .milliseconds(max(0, options.lifecycleStepDelayMs)))

    var services = PluginServices()
    services.register(estates, as: (any EstateResolving).self)
    services.register(validation, as: (any ValidationRunning).self)
    services.register(arm, as: (any ARMPlanning).self)
    services.register(lifecycle, as: LifecycleEngine.self)
    services.register(lifecycle, as: (any LedgerReading).self)
    services.register(GatewayRunbookService(), as: (any GatewayRunbookPlanning).self)
    services.register(RootedFileReader(root: URL(fileURLWithPath: options.root)), as: RootedFileReader.self)
    services.register(InheritedDescriptors.atStartup, as: InheritedDescriptors.self)
    return (registry, services)
  }

  /// Sends logs to stderr at `level`; stdout carries results only.
  static func bootstrapLogging(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
  }
}
