import WorkerProtocol

/// A JSON value carried through the model as is (extension settings, free-form facts).
public enum JSONFragment: Codable, Sendable, Hashable {
  /// JSON `null`.
  case null
  /// A boolean.
  case bool(Bool)
  /// A number.
  case number(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONFragment])
  /// An object.
  case object([String: JSONFragment])

  /// Decodes any JSON value. From the worker's own decoder the parsed value is taken over as it is; other decoders
  /// are asked for each kind in turn.
  public init(from decoder: any Decoder) throws {
    if let source = decoder as? any JSONValueDecoding {
      self = JSONFragment(source.jsonValue)
      return
    }
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONFragment].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONFragment].self))
    }
  }

  /// Encodes the value.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value):
      if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
        try container.encode(Int(value))
      } else {
        try container.encode(value)
      }
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}
