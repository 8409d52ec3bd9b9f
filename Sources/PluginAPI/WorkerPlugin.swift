import WorkerProtocol

/// A handler plugin: a named, versioned set of JSON-RPC methods compiled into the worker.
///
/// The executable lists the plugins it ships; `csmigrate serve --plugins a,b` enables a subset.
///
/// ```swift
/// struct EchoPlugin: WorkerPlugin {
///   let name = "echo"
///   let version = "1.0.0"
///   let summary = "Repeats its params."
///   var methods: [MethodSpec] {
///     [MethodSpec(name: "echo/say", summary: "Returns its params.",
///                 paramsSchema: ["type": "object"], resultSchema: ["type": "object"]) { params, _ in
///       params ?? [:]
///     }]
///   }
/// }
/// ```
public protocol WorkerPlugin: Sendable {
  /// The plugin's short name, unique in the worker (`validation`, `gateways`, ...).
  var name: String { get }
  /// The plugin's version, reported by `initialize`.
  var version: String { get }
  /// One sentence saying what the plugin does.
  var summary: String { get }
  /// Whether the plugin runs unless `--plugins` names a subset; test-only plugins say `false`.
  var enabledByDefault: Bool { get }
  /// The methods the plugin contributes.
  var methods: [MethodSpec] { get }
  /// Migration rules the plugin adds to the one validation pass (see ``ValidationRule``).
  var validationRules: [ValidationRule] { get }
  /// Steps the plugin adds to the ARM mapper (none by default).
  var armMappingSteps: [ARMMappingStep] { get }
  /// Read-only documents the plugin offers MCP clients as resources (none by default).
  var resources: [ResourceSpec] { get }
}

extension WorkerPlugin {
  public var enabledByDefault: Bool { true }
  public var validationRules: [ValidationRule] { [] }
  public var armMappingSteps: [ARMMappingStep] { [] }
  public var resources: [ResourceSpec] { [] }
}
