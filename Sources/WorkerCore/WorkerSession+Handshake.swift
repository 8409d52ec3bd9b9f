import PluginAPI
import WorkerProtocol

/// The MCP protocol versions the handshake recognises, newest first.
let supportedProtocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

extension WorkerSession {
  /// Builds the `initialize` result, negotiating the protocol version the MCP way.
  ///
  /// A version the worker knows is echoed; any other gets the newest the worker speaks,
  /// and the client decides whether to go on.
  func initializeResult(_ params: JSONValue?) -> Result<JSONValue, ResponseError> {
    if let params, params.objectValue == nil {
      return .failure(.invalidParams("initialize takes an object", field: ""))
    }
    let requested = params?["protocolVersion"]
    if let requested, requested.stringValue == nil {
      return .failure(.invalidParams("protocolVersion must be a string", field: "protocolVersion"))
    }
    recordClient(params?["clientInfo"])
    let version = requested?.stringValue.flatMap { supportedProtocolVersions.contains($0) ? $0 : nil }
    var result = JSONObject()
    result["protocolVersion"] = .string(version ?? supportedProtocolVersions[0])
    result["serverInfo"] = [
      "name": .string(configuration.serverName), "version": .string(configuration.serverVersion),
    ]
    result["capabilities"] = [
      "batches": true, "cancellation": true, "progress": true, "discovery": "rpc.discover",
      "tools": ["listChanged": false], "resources": ["listChanged": false], "prompts": ["listChanged": false],
    ]
    result["instructions"] = .string(Self.instructions)
    result["plugins"] = .array(
      registry.plugins.map { plugin in
        [
          "name": .string(plugin.name), "version": .string(plugin.version), "summary": .string(plugin.summary),
          "methods": .array(plugin.methods.map { .string($0) }),
        ]
      })
    result["limits"] = [
      "maxMessageBytes": .number(JSONNumber(configuration.maxMessageBytes)),
      "maxReplyBytes": .number(JSONNumber(configuration.maxReplyBytes)),
      "maxNestingDepth": .number(JSONNumber(configuration.maxNestingDepth)),
      "maxInFlightRequests": .number(JSONNumber(configuration.maxInFlightRequests)),
      "writeHighWaterBytes": .number(JSONNumber(configuration.writeHighWaterBytes)),
    ]
    return .success(.object(result))
  }

  /// What MCP clients show a model about this server.
  static let instructions =
    "csmigrate rehearses the move of Azure Cloud Services (classic) deployments to Cloud Services "
    + "(extended support) offline: load an estate, validate it, plan the ARM resources, and run the migration "
    + "lifecycle on a local ledger. Start with estate_load and validation_run; validation_explain gives each "
    + "blocker's fix; the migrate_estate prompt walks the whole way. migration_commit deletes the classic side "
    + "for good: call it only after the user has confirmed."

  /// The OpenRPC document for `rpc.discover`.
  var discoveryDocument: JSONValue {
    OpenRPCDocument.make(
      title: configuration.serverName, version: configuration.serverVersion, methods: allDescriptors)
  }

  /// Every method the worker answers: built-ins, then plugin methods by name.
  public var allDescriptors: [MethodDescriptor] {
    BuiltinMethods.all
      + registry.sortedEntries.map { entry in
        MethodDescriptor(
          name: entry.spec.name, kind: .request, owner: entry.owner, summary: entry.spec.summary,
          paramsSchema: entry.spec.paramsSchema, resultSchema: entry.spec.resultSchema)
      }
  }
}
