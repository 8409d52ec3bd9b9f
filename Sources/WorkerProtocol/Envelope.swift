/// One JSON-RPC message from the client, sorted by kind.
public enum IncomingMessage: Sendable {
  /// A call that expects exactly one reply.
  case request(id: RequestID, method: String, params: JSONValue?)
  /// A call that must never be answered.
  case notification(method: String, params: JSONValue?)
  /// Something that is JSON but not a valid request; answered with `error` and `id` when the id could be recovered.
  case invalid(id: RequestID, error: ResponseError)
}

extension IncomingMessage {
  /// Classifies one JSON value (an element of a batch, or a whole line) per JSON-RPC 2.0 section 4.
  ///
  /// The id is recovered whenever it is well formed, so even an invalid request is
  /// answered with the id the client used.
  public static func classify(_ value: JSONValue) -> IncomingMessage {
    guard case .object(let object) = value else {
      return .invalid(id: .null, error: .invalidRequest("a request must be a JSON object"))
    }
    var id: RequestID?
    if let rawID = object["id"] {
      guard let parsed = RequestID(rawID) else {
        return .invalid(id: .null, error: .invalidRequest("id must be a string, a number or null", field: "id"))
      }
      id = parsed
    }
    guard object["jsonrpc"] == .string("2.0") else {
      return .invalid(id: id ?? .null, error: .invalidRequest("jsonrpc must be exactly \"2.0\"", field: "jsonrpc"))
    }
    guard case .string(let method)? = object["method"] else {
      let reason = object["method"] == nil ? "method is missing" : "method must be a string"
      return .invalid(id: id ?? .null, error: .invalidRequest(reason, field: "method"))
    }
    let params = object["params"]
    switch params {
    case nil, .object?, .array?:
      break
    default:
      return .invalid(id: id ?? .null, error: .invalidRequest("params must be an object or an array", field: "params"))
    }
    if let id {
      return .request(id: id, method: method, params: params)
    }
    return .notification(method: method, params: params)
  }
}

extension IncomingMessage {
  /// The message with its id replaced by the text it arrived as, when `rawIDs` has one at `position`.
  public func keepingRawID(_ rawIDs: [Int: String], at position: Int) -> IncomingMessage {
    guard !rawIDs.isEmpty else { return self }
    switch self {
    case .request(let id, let method, let params):
      return .request(id: id.keepingRawText(rawIDs, at: position), method: method, params: params)
    case .invalid(let id, let error):
      return .invalid(id: id.keepingRawText(rawIDs, at: position), error: error)
    case .notification:
      return self
    }
  }
}

/// Builds the bytes of outgoing JSON-RPC messages.
public enum OutgoingMessage {
  /// A success response: `{"jsonrpc":"2.0","id":…,"result":…}`.
  public static func result(id: RequestID, result: JSONValue, into writer: inout JSONWriter) {
    writer.writeRaw(#"{"jsonrpc":"2.0","id":"#.utf8)
    id.write(into: &writer)
    writer.writeRaw(#","result":"#.utf8)
    writer.write(result)
    writer.writeRaw("}".utf8)
  }

  /// A success response around a result already written as compact JSON text (by ``JSONWriter``).
  public static func result(id: RequestID, encodedResult: [UInt8], into writer: inout JSONWriter) {
    writer.writeRaw(#"{"jsonrpc":"2.0","id":"#.utf8)
    id.write(into: &writer)
    writer.writeRaw(#","result":"#.utf8)
    writer.writeRaw(encodedResult)
    writer.writeRaw("}".utf8)
  }

  /// An error response: `{"jsonrpc":"2.0","id":…,"error":{…}}`.
  public static func error(id: RequestID, error: ResponseError, into writer: inout JSONWriter) {
    writer.writeRaw(#"{"jsonrpc":"2.0","id":"#.utf8)
    id.write(into: &writer)
    writer.writeRaw(#","error":"#.utf8)
    writer.write(error.jsonValue)
    writer.writeRaw("}".utf8)
  }

  /// A notification from the worker: `{"jsonrpc":"2.0","method":…,"params":…}`.
  public static func notification(method: String, params: JSONValue, into writer: inout JSONWriter) {
    writer.writeRaw(#"{"jsonrpc":"2.0","method":"#.utf8)
    writer.writeString(method)
    writer.writeRaw(#","params":"#.utf8)
    writer.write(params)
    writer.writeRaw("}".utf8)
  }
}
