public import WorkerProtocol

/// A result together with its compact JSON text, written once.
///
/// A handler that answers the same question again and again (a report kept with its estate) keeps this instead of
/// the bare value: the worker then writes the kept text into each reply as it is, around the request's id, instead
/// of writing the value out again on every call.
public struct EncodedResult: Sendable {
  /// The result.
  public let value: JSONValue
  /// The result's compact JSON text: exactly what the worker writes for ``value`` (``JSONValue/serialized()``).
  public let text: [UInt8]

  /// Writes `value` out once and keeps both.
  public init(_ value: JSONValue) {
    self.value = value
    text = value.serialized()
  }
}

/// What a handler that may answer with already-written text returns (see
/// ``MethodSpec/replying(name:summary:paramsSchema:resultSchema:errors:handler:)``).
public enum MethodReply: Sendable {
  /// A result the worker writes out itself.
  case value(JSONValue)
  /// A result whose text the worker writes as it is.
  case encoded(EncodedResult)

  /// The result as a value, whatever the form.
  public var value: JSONValue {
    switch self {
    case .value(let value): value
    case .encoded(let encoded): encoded.value
    }
  }

  /// Whether the reply carries its text.
  public var isEncoded: Bool {
    if case .encoded = self { return true }
    return false
  }
}

/// A handler that may answer with a result's kept text; runs off the loop thread, like ``MethodHandler``.
public typealias MethodReplyHandler =
  @Sendable (_ params: JSONValue?, _ context: RequestContext) async throws -> MethodReply
