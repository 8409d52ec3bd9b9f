import EstateModel
public import PluginAPI
import WorkerProtocol

/// The core's migration methods: `estate/import`, `migration/*`, and the ledger's two sides `classic/*`, `arm/*`.
///
/// Handlers reach the ``LifecycleEngine`` the executable registers in the services.
public struct MigrationPlugin: WorkerPlugin {
  public let name = "migration"
  public let version = "1.0.0"
  public let summary =
    "The migration lifecycle (validate, prepare, abort, commit) on a durable ledger, with the platform's locks."

  /// Makes the plugin.
  public init() {}

  public var methods: [MethodSpec] {
    [
      Self.importEstate.accessing(.writes(.destructiveIdempotent)).asTool(
        title: "Import an estate into the migration ledger",
        use: "Use it once before the lifecycle tools: it replaces the ledger's classic side with the estate "
          + "(refused while a target is being migrated)."),
      Self.operation(.validate).asTool(
        title: "Validate a migration target on the ledger",
        use: "Use it after estate/import and after every classic/update fix; Prepare needs it to pass."),
      Self.operation(.prepare).accessing(.writes(WriteEffect(destructive: false, idempotent: true))).asTool(
        title: "Prepare a migration (locks both sides)",
        use: "Use it once migration/validate passes: it creates the ARM side and locks both sides until "
          + "migration/commit or migration/abort."),
      Self.operation(.abort).accessing(.writes(.destructiveIdempotent)).asTool(
        title: "Abort a prepared migration",
        use: "Use it to undo a Prepare (or a failed Prepare) and unlock the classic side; refused after a commit "
          + "attempt."),
      Self.operation(.commit).accessing(.writes(.destructiveIdempotent)).asTool(
        title: "Commit a prepared migration (cannot be undone)",
        use: "Use it only after the user has confirmed: it deletes the classic side for good and unlocks the "
          + "ARM side."),
      Self.status.asTool(
        title: "Migration state per target and role",
        use: "Use it to see where each target stands (NotPrepared, Prepared, Committed, …) before choosing the "
          + "next step."),
      Self.history.asTool(
        title: "The ledger's operation log",
        use: "Use it to see what was done to a target and when (imports, lifecycle steps, updates)."),
    ] + MigrationPlugin.resourceMethods
  }

  public var resources: [ResourceSpec] {
    [
      Self.report(
        "migration/status", Self.status, title: "Migration status report",
        "The state of every target on the ledger, with each deployment's and role's state."),
      Self.report(
        "migration/history", Self.history, title: "Migration history",
        "The ledger's append-only operation log, oldest first."),
      Self.report(
        "classic", Self.classicList, title: "The classic side of the ledger",
        "The imported cloud services, deployments and virtual networks with their migration states."),
      Self.report(
        "arm", Self.armList, title: "The ARM side of the ledger",
        "The ARM resources Prepare created, with their resource groups and types."),
    ]
  }

  /// A resource whose document is a ledger method's result with empty params.
  private static func report(_ path: String, _ method: MethodSpec, title: String, _ description: String)
    -> ResourceSpec
  {
    ResourceSpec(
      uri: "csmigrate://ledger/\(path)", name: path, title: title, description: description,
      read: { _, context in try await method.handler(.object(JSONObject()), context) })
  }

  static func engine(_ context: RequestContext) throws -> LifecycleEngine {
    try context.services.require(LifecycleEngine.self)
  }

  static let targetSchema: JSONValue = [
    "type": "object",
    "description": "{service, slot?|deployment?} for a deployment, or {virtualNetwork} for a VNet and its services.",
    "properties": [
      "service": ["type": "string"], "slot": ["enum": ["Production", "Staging"]], "deployment": ["type": "string"],
      "virtualNetwork": ["type": "string"],
    ],
  ]

  // MARK: - estate/import

  struct ImportParams: Decodable, Sendable {
    let estate: EstateReference
  }

  static let importEstate = MethodSpec.codable(
    name: "estate/import",
    summary: "Imports an estate into the ledger as the classic side; refused while a target is being migrated.",
    paramsSchema: ["type": "object", "required": ["estate"], "properties": ["estate": EstateReference.jsonSchema]],
    resultSchema: [
      "type": "object", "required": ["handle", "changed", "cloudServices", "virtualNetworks", "targets"],
      "properties": [
        "handle": ["type": "string"], "changed": ["type": "boolean"], "cloudServices": ["type": "integer"],
        "virtualNetworks": ["type": "integer"], "targets": ["type": "array", "items": ["type": "string"]],
      ],
    ],
    errors: [.invalidInput, .pathOutsideRoot, .notFound, .operationNotAllowed, .validationFailed, .conflict]
  ) { (params: ImportParams, context) -> ImportResult in
    let estates = try context.services.require((any EstateResolving).self)
    return try engine(context).importEstate(try estates.resolve(params.estate, field: "estate"))
  }

  // MARK: - migration/validate|prepare|abort|commit

  struct TargetParams: Decodable, Sendable {
    let target: MigrationTarget
  }

  static let summaries: [LifecycleOperation: String] = [
    .validate: "Validates a target without changing anything; returns the platform's ValidationMessages and Result.",
    .prepare: "Prepares a target: validation plus prepare-only checks, then ARM metadata; locks both sides.",
    .abort: "Aborts a prepared (or failed, or interrupted) migration: removes the ARM metadata and unlocks.",
    .commit: "Commits a prepared migration: removes the classic metadata and unlocks the ARM side.",
  ]

  static func operation(_ operation: LifecycleOperation) -> MethodSpec {
    let resultSchema: JSONValue =
      operation == .validate
      ? [
        "type": "object", "required": ["target", "key", "result", "failed", "validationMessages"],
        "properties": [
          "target": targetSchema, "key": ["type": "string"], "result": ["type": "string"],
          "failed": ["type": "boolean"], "validationMessages": ["type": "array"],
        ],
      ]
      : [
        "type": "object", "required": ["target", "key", "operation", "state", "changed", "armResources", "findings"],
        "properties": [
          "target": targetSchema, "key": ["type": "string"], "operation": ["type": "string"],
          "state": ["enum": .array(MigrationState.allCases.map { .string($0.rawValue) })],
          "changed": ["type": "boolean"], "armResources": ["type": "integer"], "findings": ["type": "array"],
        ],
      ]
    var errors: [ErrorCode] = [.notFound, .operationNotAllowed]
    if operation != .validate { errors += [.conflict] }
    if operation == .prepare { errors += [.validationFailed] }
    return MethodSpec(
      name: "migration/\(operation.rawValue)", summary: summaries[operation] ?? "",
      paramsSchema: ["type": "object", "required": ["target"], "properties": ["target": targetSchema]],
      resultSchema: resultSchema, errors: errors
    ) { raw, context in
      let params = try CodableBridge.decode(TargetParams.self, from: raw ?? .object(JSONObject()))
      let engine = try engine(context)
      let observer = OperationObserver(
        isCancelled: { context.isCancelled },
        progress: { done, total, message in
          context.reportProgress(Double(done), total: Double(total), message: message)
        })
      switch operation {
      case .validate: return try CodableBridge.encode(try engine.validate(params.target))
      case .prepare: return try CodableBridge.encode(try await engine.prepare(params.target, observer: observer))
      case .abort: return try CodableBridge.encode(try await engine.abort(params.target, observer: observer))
      case .commit: return try CodableBridge.encode(try await engine.commit(params.target, observer: observer))
      }
    }
  }

  // MARK: - migration/status, migration/history

  struct OptionalTargetParams: Decodable, Sendable {
    let target: MigrationTarget?
  }

  struct StatusResult: Encodable, Sendable {
    let targets: [TargetStatus]
  }

  static let status = MethodSpec.codable(
    name: "migration/status",
    summary: "The migration state of one target, or of every target, with each deployment's and role's state.",
    paramsSchema: ["type": "object", "properties": ["target": targetSchema]],
    resultSchema: ["type": "object", "required": ["targets"], "properties": ["targets": ["type": "array"]]],
    errors: [.notFound, .operationNotAllowed]
  ) { (params: OptionalTargetParams, context) -> StatusResult in
    StatusResult(targets: try engine(context).status(params.target))
  }

  struct HistoryParams: Decodable, Sendable {
    let target: MigrationTarget?
    let after: Int64?
    let limit: Int?
  }

  struct HistoryResult: Encodable, Sendable {
    let operations: [OperationRecord]
  }

  static let history = MethodSpec.codable(
    name: "migration/history",
    summary: "The append-only operation log, oldest first, optionally for one target and after a sequence number.",
    paramsSchema: [
      "type": "object",
      "properties": [
        "target": targetSchema, "after": ["type": "integer", "default": 0],
        "limit": ["type": "integer", "default": 1000, "maximum": 10000],
      ],
    ],
    resultSchema: ["type": "object", "required": ["operations"], "properties": ["operations": ["type": "array"]]],
    errors: [.notFound, .operationNotAllowed]
  ) { (params: HistoryParams, context) -> HistoryResult in
    HistoryResult(
      operations: try engine(context).history(params.target, after: params.after ?? 0, limit: params.limit ?? 1000))
  }
}
