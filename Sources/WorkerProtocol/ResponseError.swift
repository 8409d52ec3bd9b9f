/// The `error` member of a JSON-RPC response.
public struct ResponseError: Error, Sendable, Hashable {
  /// The error code.
  public var code: ErrorCode
  /// One short sentence saying what went wrong.
  public var message: String
  /// Structured detail: the field, file and line where they are known.
  public var data: JSONValue?

  /// Makes an error from its three parts.
  public init(code: ErrorCode, message: String, data: JSONValue? = nil) {
    self.code = code
    self.message = message
    self.data = data
  }

  /// The error as a JSON object.
  public var jsonValue: JSONValue {
    var object = JSONObject()
    object["code"] = .number(JSONNumber(code.rawValue))
    object["message"] = .string(message)
    if let data { object["data"] = data }
    return .object(object)
  }
}

// MARK: - Factories

extension ResponseError {
  /// A line that is not valid JSON.
  public static func parseError(_ error: JSONParseError) -> ResponseError {
    ResponseError(
      code: .parseError, message: "Parse error",
      data: ["reason": .string(error.kind.rawValue), "offset": .number(JSONNumber(error.offset))])
  }

  /// A message that is JSON but not a valid JSON-RPC request.
  public static func invalidRequest(_ reason: String, field: String? = nil) -> ResponseError {
    var data = JSONObject()
    data["reason"] = .string(reason)
    if let field { data["field"] = .string(field) }
    return ResponseError(code: .invalidRequest, message: "Invalid Request", data: .object(data))
  }

  /// A method nobody registered (or whose plugin is not enabled).
  public static func methodNotFound(_ method: String) -> ResponseError {
    ResponseError(code: .methodNotFound, message: "Method not found", data: ["method": .string(method)])
  }

  /// Params that do not fit the method; `field` names the offending member as a JSON path.
  public static func invalidParams(_ reason: String, field: String? = nil) -> ResponseError {
    var data = JSONObject()
    data["reason"] = .string(reason)
    if let field { data["field"] = .string(field) }
    return ResponseError(code: .invalidParams, message: "Invalid params", data: .object(data))
  }

  /// A failure inside the worker; the detail goes to the log, never the secret-bearing input.
  public static func internalError(_ reason: String) -> ResponseError {
    ResponseError(code: .internalError, message: "Internal error", data: ["reason": .string(reason)])
  }

  /// A result whose JSON text would pass the worker's reply limit; it is dropped, never sent in part.
  public static func replyTooLarge(method: String, maxReplyBytes: Int) -> ResponseError {
    ResponseError(
      code: .replyTooLarge,
      message:
        "The result of \(method) is larger than the worker's reply limit of \(maxReplyBytes) bytes, so it was "
        + "not sent; ask for less in one request (without includeModel, or one target at a time) or start the "
        + "worker with a larger --max-reply-bytes",
      data: [
        "method": .string(method), "reason": "reply.too-large",
        "maxReplyBytes": .number(JSONNumber(maxReplyBytes)),
      ])
  }

  /// A request cancelled before it finished.
  public static let requestCancelled = ResponseError(code: .requestCancelled, message: "Request cancelled")

}
