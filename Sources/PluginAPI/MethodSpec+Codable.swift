public import WorkerProtocol

extension MethodSpec {
  /// Declares a method whose params and result are `Codable` types.
  ///
  /// Params are decoded straight from the parsed ``JSONValue`` (``JSONValueDecoder``), and a decoding failure
  /// becomes `-32602 Invalid params` naming the field as a JSON path. Results are encoded straight into a
  /// ``JSONValue`` with sorted keys (``JSONValueEncoder``), so replies are deterministic. Neither direction goes
  /// through Foundation.
  public static func codable<Params: Decodable & Sendable, Result: Encodable & Sendable>(
    name: String, summary: String, paramsSchema: JSONValue, resultSchema: JSONValue, errors: [ErrorCode] = [],
    handler: @escaping @Sendable (Params, RequestContext) async throws -> Result
  ) -> MethodSpec {
    MethodSpec(
      name: name, summary: summary, paramsSchema: paramsSchema, resultSchema: resultSchema, errors: errors
    ) { params, context in
      let decoded: Params = try CodableBridge.decode(Params.self, from: params ?? .object(JSONObject()))
      let result = try await handler(decoded, context)
      return try CodableBridge.encode(result)
    }
  }
}

/// Converts between ``JSONValue`` and `Codable` types, without serialising to bytes in between.
public enum CodableBridge {
  /// Decodes a value, mapping decoding failures to `-32602` with the field's JSON path.
  ///
  /// The params are already parsed, so they are decoded straight from the ``JSONValue`` (no second parse).
  public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(PluginError) -> T {
    do {
      return try JSONValueDecoder().decode(T.self, from: value)
    } catch let error as DecodingError {
      throw PluginError.invalidParams(error.reason, field: error.fieldPath)
    } catch let error as PluginError {
      throw error
    } catch {
      throw PluginError.invalidParams("params could not be read", field: "")
    }
  }

  /// Encodes a value with sorted keys and returns it as a ``JSONValue``.
  ///
  /// The value is built directly (``JSONValueEncoder``), not written by Foundation and parsed back.
  public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
    try JSONValueEncoder().encode(value)
  }
}

extension DecodingError {
  /// The JSON path of the member that failed, like `target.slot` or `files[2].path`.
  var fieldPath: String {
    let path: [any CodingKey]
    switch self {
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
      path = context.codingPath
    case .keyNotFound(let key, let context):
      path = context.codingPath + [key]
    @unknown default:
      path = []
    }
    var text = ""
    for key in path {
      if let index = key.intValue {
        text += "[\(index)]"
      } else {
        text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
      }
    }
    return text
  }

  /// A short reason without Swift type names.
  var reason: String {
    switch self {
    case .typeMismatch(let type, _): "expected \(JSONTypeName.of(type))"
    case .valueNotFound: "a value is required"
    case .keyNotFound: "a required member is missing"
    case .dataCorrupted(let context): context.debugDescription
    @unknown default: "invalid value"
    }
  }
}

/// Names Swift types in JSON terms for error messages.
enum JSONTypeName {
  static func of(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Bool.Type: "a boolean"
    case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: "an integer"
    case is Double.Type, is Float.Type: "a number"
    case is any ExpressibleByDictionaryLiteral.Type: "an object"
    case is any ExpressibleByArrayLiteral.Type: "an array"
    default: "an object"
    }
  }
}
