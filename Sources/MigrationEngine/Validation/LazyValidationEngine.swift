public import PluginAPI
public import WorkerProtocol

/// A `ValidationEngine` built on first use: a worker that never validates never gathers the rule tables.
///
/// Collecting every plugin's rules (building each rule and splitting its message templates) was the largest piece
/// of work before a worker's first read; a ping or an estate load does not need it. The first call to any
/// member builds the engine once, exactly as `ValidationEngine(plugins:)` would; every later call uses that one.
public final class LazyValidationEngine: ValidationRunning {
  private let plugins: [any WorkerPlugin]
  private let parallelFromRoles: Int
  private let built = LockedValue<ValidationEngine?>(nil)

  /// Remembers the plugins; nothing is built yet.
  public init(plugins: [any WorkerPlugin], parallelFromRoles: Int = 256) {
    self.plugins = plugins
    self.parallelFromRoles = parallelFromRoles
  }

  /// The engine, built on the first call.
  public var engine: ValidationEngine {
    built.withLock { current in
      if let current { return current }
      let engine = ValidationEngine(plugins: plugins, parallelFromRoles: parallelFromRoles)
      current = engine
      return engine
    }
  }

  public var rules: [ValidationRule] { engine.rules }

  public func rule(id: String) -> ValidationRule? { engine.rule(id: id) }

  public func run(_ request: ValidationRequest) throws(PluginError) -> ValidationReport { try engine.run(request) }

  public func sarif(_ report: ValidationReport) -> JSONValue { engine.sarif(report) }
}
