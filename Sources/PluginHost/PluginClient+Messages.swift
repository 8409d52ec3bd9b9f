import Logging
import PluginAPI
import Synchronization
import WorkerProtocol

extension PluginClient {
  /// Handles one line from the plugin's stdout: an answer, progress, or a request the worker does not serve.
  func handleLine(_ bytes: [UInt8], generation: Int) {
    let message: JSONValue
    do {
      message = try JSONParser.parse(bytes)
    } catch {
      let preview = String(decoding: bytes.prefix(60), as: UTF8.self)
      isolate(.garbage, "it wrote a line that is not JSON (\(error)): \(preview)", generation: generation)
      return
    }
    guard let object = message.objectValue, object["jsonrpc"] == "2.0" else {
      isolate(.garbage, "it wrote a line that is not a JSON-RPC 2.0 message", generation: generation)
      return
    }
    if let method = object["method"]?.stringValue {
      handleIncoming(method: method, id: object["id"], params: object["params"])
      return
    }
    guard let id = object["id"]?.intValue else {
      isolate(
        .unknownID, "it answered id \(object["id"]?.jsonText ?? "null"), which it was never sent",
        generation: generation)
      return
    }
    let outcome: Result<JSONValue, ResponseError>
    if let error = object["error"] {
      let code = error["code"]?.intValue ?? ErrorCode.internalError.rawValue
      let text = error["message"]?.stringValue ?? "the plugin's error has no message"
      outcome = .failure(ResponseError(code: ErrorCode(rawValue: code), message: text, data: error["data"]))
    } else if let result = object["result"] {
      outcome = .success(result)
    } else {
      isolate(.garbage, "it sent a response with neither result nor error", generation: generation)
      return
    }
    route(id: id, outcome, generation: generation)
  }

  /// Where an answer goes.
  private enum Route {
    case handshake, late, unknown
    case call(Call)
  }

  /// Hands an answer to the call or handshake that waits for it.
  private func route(id: Int, _ outcome: Result<JSONValue, ResponseError>, generation: Int) {
    let route: Route = state.withLock { state in
      if id == state.handshakeID {
        state.handshakeID = nil
        return .handshake
      }
      if let call = state.calls.removeValue(forKey: id) { return .call(call) }
      if state.abandoned.remove(id) != nil || id == 0 { return .late }
      return .unknown
    }
    switch route {
    case .late:
      break
    case .unknown:
      isolate(.unknownID, "it answered id \(id), which it was never sent or already answered", generation: generation)
    case .call(let call):
      switch outcome {
      case .success(let result): call.complete(.success(result))
      case .failure(let error): call.complete(.failure(PluginError(wrapping: error)))
      }
    case .handshake:
      finishHandshake(outcome, generation: generation)
    }
  }

  private func finishHandshake(_ outcome: Result<JSONValue, ResponseError>, generation: Int) {
    let description: PluginDescription
    do {
      description = try PluginDescription(result: outcome.get(), plugin: entry.name)
    } catch let error as ResponseError {
      isolate(.handshake, "it refused plugin/initialize: \(error.message)", generation: generation)
      return
    } catch {
      isolate(.handshake, "its answer to plugin/initialize does not fit: \(error)", generation: generation)
      return
    }
    if let declared = entry.declared, let mismatch = Self.mismatch(declared: declared, answered: description) {
      isolate(.handshake, mismatch, generation: generation)
      return
    }
    let waiters = state.withLock { state in
      guard state.generation == generation, state.phase == .starting else {
        return [@Sendable (PluginFailure?) -> Void]()
      }
      state.phase = .ready
      state.description = description
      defer { state.startWaiters = [] }
      return state.startWaiters
    }
    logger.info("plugin ready", metadata: ["version": "\(description.version)"])
    for waiter in waiters { waiter(nil) }
  }

  /// How a lazy plugin's handshake differs from its manifest's declarations (method names and rule ids), naming
  /// both lists; `nil` when they agree.
  static func mismatch(declared: PluginDescription, answered: PluginDescription) -> String? {
    func names(_ description: PluginDescription) -> String {
      let methods = description.methods.map(\.name).sorted().joined(separator: ", ")
      let rules = description.rules.map(\.id).sorted().joined(separator: ", ")
      return "methods [\(methods)] and rules [\(rules)]"
    }
    let declaredNames = names(declared)
    let answeredNames = names(answered)
    guard declaredNames != answeredNames else { return nil }
    return "its handshake declares \(answeredNames), but its manifest entry declares \(declaredNames)"
  }

  /// A notification or request from the plugin: progress is relayed; requests are refused (none is served yet).
  private func handleIncoming(method: String, id: JSONValue?, params: JSONValue?) {
    if let id {
      let reply: JSONValue = [
        "jsonrpc": "2.0", "id": id,
        "error": ["code": .number(JSONNumber(ErrorCode.methodNotFound.rawValue)), "message": "Method not found"],
      ]
      _ = state.withLock(\.channel)?.send(Array(reply.jsonText.utf8))
      return
    }
    guard method == "notifications/progress", let token = params?["progressToken"]?.intValue,
      let progress = params?["progress"]?.doubleValue
    else { return }
    let sink = state.withLock { $0.calls[token]?.progress }
    sink?(
      ProgressUpdate(progress: progress, total: params?["total"]?.doubleValue, message: params?["message"]?.stringValue)
    )
  }
}
