import WorkerProtocol

/// The methods every worker answers itself, on the loop thread, whatever plugins are enabled.
///
/// They never wait on a handler thread, so `ping` answers at once even while every
/// handler thread is busy.
enum BuiltinMethods {
  /// The owner name reported for built-ins.
  static let owner = "worker"

  /// A built-in request: its contract and how the session answers it.
  struct Request: Sendable {
    let descriptor: MethodDescriptor
    let run: @Sendable (WorkerSession, JSONValue?) -> Result<JSONValue, ResponseError>
  }

  /// A built-in notification: its contract and what the session does.
  struct Notification: Sendable {
    let descriptor: MethodDescriptor
    let run: @Sendable (WorkerSession, JSONValue?) -> Void
  }

  static let requests: [String: Request] = Dictionary(
    uniqueKeysWithValues: [
      Request(
        descriptor: descriptor(
          "initialize", .request,
          "Optional handshake: negotiates the protocol version and reports the server, plugins and limits.",
          params: BuiltinSchemas.initializeParams, result: BuiltinSchemas.initializeResult),
        run: { session, params in session.initializeResult(params) }),
      Request(
        descriptor: descriptor(
          "ping", .request, "Answers `{}` at once; a liveness check.", params: BuiltinSchemas.anyParams,
          result: ["type": "object", "additionalProperties": false]),
        run: { _, _ in .success(.object(JSONObject())) }),
      Request(
        descriptor: descriptor(
          "rpc.discover", .request, "Returns an OpenRPC document describing every enabled method.",
          params: BuiltinSchemas.anyParams, result: ["type": "object", "required": ["openrpc", "info", "methods"]]),
        run: { session, _ in .success(session.discoveryDocument) }),
      Request(
        descriptor: descriptor(
          "tools/list", .request, "MCP: lists the methods exposed as tools, with input and output schemas.",
          params: BuiltinSchemas.anyParams, result: BuiltinSchemas.toolsListResult),
        run: { session, _ in session.toolsListResult() }),
      Request(
        descriptor: descriptor(
          "resources/templates/list", .request, "MCP: lists the resource templates (families of resources).",
          params: BuiltinSchemas.anyParams, result: BuiltinSchemas.listResult("resourceTemplates")),
        run: { session, _ in session.resourceTemplatesResult() }),
      Request(
        descriptor: descriptor(
          "prompts/list", .request, "MCP: lists the prompts that walk a model through a task.",
          params: BuiltinSchemas.anyParams, result: BuiltinSchemas.listResult("prompts")),
        run: { session, _ in session.promptsListResult() }),
      Request(
        descriptor: descriptor(
          "prompts/get", .request, "MCP: returns a prompt's messages with its arguments filled in.",
          params: BuiltinSchemas.promptGetParams, result: BuiltinSchemas.listResult("messages")),
        run: { session, params in session.promptGetResult(params) }),
      Request(
        descriptor: descriptor(
          "shutdown", .request, "Stops accepting requests; the `exit` notification then ends the process with 0.",
          params: BuiltinSchemas.anyParams, result: ["type": "null"]),
        run: { session, _ in
          session.requestShutdown()
          return .success(.null)
        }),
    ].map { ($0.descriptor.name, $0) })

  static let notifications: [String: Notification] = Dictionary(
    uniqueKeysWithValues: [
      Notification(
        descriptor: descriptor(
          "notifications/initialized", .notification, "Accepted and ignored; the handshake needs no second step.",
          params: BuiltinSchemas.anyParams, result: ["type": "null"]),
        run: { _, _ in }),
      Notification(
        descriptor: descriptor(
          "notifications/cancelled", .notification,
          "Cancels the request `requestId`; it is answered with -32800 unless it already finished.",
          params: BuiltinSchemas.cancelledParams, result: ["type": "null"]),
        run: { session, params in
          if let raw = params?["requestId"], let id = RequestID(raw) { session.cancelRequest(id: id) }
        }),
      Notification(
        descriptor: descriptor(
          "$/cancelRequest", .notification, "LSP's spelling of `notifications/cancelled`, with the id in `id`.",
          params: BuiltinSchemas.cancelRequestParams, result: ["type": "null"]),
        run: { session, params in
          if let raw = params?["id"], let id = RequestID(raw) { session.cancelRequest(id: id) }
        }),
      Notification(
        descriptor: descriptor(
          "exit", .notification,
          "Ends the process after flushing replies: exit code 0 after `shutdown`, 1 without it.",
          params: BuiltinSchemas.anyParams, result: ["type": "null"]),
        run: { session, _ in session.requestExit() }),
    ].map { ($0.descriptor.name, $0) })

  /// `tools/call`: answered off the loop like a plugin method, so it is not in ``requests``.
  static let toolsCall = descriptor(
    "tools/call", .request,
    "MCP: runs a tool with `arguments`; its result comes back as text plus structured content.",
    params: BuiltinSchemas.toolsCallParams, result: BuiltinSchemas.toolsCallResult)

  /// `resources/list`: answered off the loop (listing may read the ledger), so it is not in ``requests``.
  static let resourcesList = descriptor(
    "resources/list", .request, "MCP: lists the resources (rule catalogue, loaded estates, ledger reports).",
    params: BuiltinSchemas.anyParams, result: BuiltinSchemas.listResult("resources"))

  /// `resources/read`: answered off the loop like a plugin method.
  static let resourcesRead = descriptor(
    "resources/read", .request, "MCP: reads a resource by URI; its text is a JSON document.",
    params: BuiltinSchemas.resourceReadParams, result: BuiltinSchemas.listResult("contents"))

  /// Every built-in, requests first, sorted by name.
  static let all: [MethodDescriptor] =
    (requests.values.map(\.descriptor) + [toolsCall, resourcesList, resourcesRead]).sorted { $0.name < $1.name }
    + notifications.values.map(\.descriptor).sorted { $0.name < $1.name }

  static func request(named name: String) -> Request? { requests[name] }
  static func notification(named name: String) -> Notification? { notifications[name] }

  private static func descriptor(
    _ name: String, _ kind: MethodDescriptor.Kind, _ summary: String, params: JSONValue, result: JSONValue
  ) -> MethodDescriptor {
    MethodDescriptor(
      name: name, kind: kind, owner: owner, summary: summary, paramsSchema: params, resultSchema: result)
  }
}
