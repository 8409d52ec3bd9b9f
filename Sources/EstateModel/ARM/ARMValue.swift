/// A JSON value inside an ARM resource or template: what `properties`, parameters and whole templates are made of.
///
/// Objects are dictionaries; every encoder the project uses sorts keys, so the output order is stable.
/// Numbers are integers only: nothing the mapper emits needs fractions.
public indirect enum ARMValue: Codable, Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  /// JSON `null`.
  case null
  /// A boolean.
  case bool(Bool)
  /// An integer.
  case int(Int)
  /// A string.
  case string(String)
  /// An array.
  case array([ARMValue])
  /// An object.
  case object([String: ARMValue])

  /// Makes a string value.
  public init(stringLiteral value: String) { self = .string(value) }
  /// Makes an integer value.
  public init(integerLiteral value: Int) { self = .int(value) }
  /// Makes a boolean value.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// Makes an array value.
  public init(arrayLiteral elements: ARMValue...) { self = .array(elements) }
  /// Makes an object value (a later duplicate key wins).
  public init(dictionaryLiteral elements: (String, ARMValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }

  /// Decodes any JSON value (fractional numbers are refused).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int.self) {
      self = .int(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([ARMValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: ARMValue].self))
    }
  }

  /// Encodes the value.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .int(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }

  /// The member `key` of an object (`nil` for other values); setting on a non-object makes it an object.
  public subscript(key: String) -> ARMValue? {
    get {
      guard case .object(let members) = self else { return nil }
      return members[key]
    }
    set {
      var members: [String: ARMValue] = [:]
      if case .object(let existing) = self { members = existing }
      members[key] = newValue
      self = .object(members)
    }
  }

  /// The value at a path of object keys, creating intermediate objects when setting.
  public subscript(path path: [String]) -> ARMValue? {
    get {
      var current: ARMValue? = self
      for key in path { current = current?[key] }
      return current
    }
    set {
      guard let first = path.first else {
        self = newValue ?? .null
        return
      }
      var child = self[first] ?? .object([:])
      child[path: Array(path.dropFirst())] = newValue
      if path.count == 1 { self[first] = newValue } else { self[first] = child }
    }
  }

  /// The string, when this is one.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The elements, when this is an array.
  public var arrayValue: [ARMValue]? {
    if case .array(let value) = self { return value }
    return nil
  }

  /// Appends to the array at `path` (creating it), for steps that fill lists such as `osProfile.secrets`.
  public mutating func append(_ element: ARMValue, at path: [String]) {
    var list = self[path: path]?.arrayValue ?? []
    list.append(element)
    self[path: path] = .array(list)
  }

  /// Every leaf below this value as `(path, value)`, paths written `a.b[0].c`, in sorted key order.
  public func leaves(prefix: String = "") -> [(path: String, value: ARMValue)] {
    switch self {
    case .object(let members):
      if members.isEmpty { return [(prefix, self)] }
      return members.keys.sorted().flatMap { key in
        members[key, default: .null].leaves(prefix: prefix.isEmpty ? key : prefix + "." + key)
      }
    case .array(let elements):
      if elements.isEmpty { return [(prefix, self)] }
      return elements.enumerated().flatMap { index, element in element.leaves(prefix: prefix + "[\(index)]") }
    default:
      return [(prefix, self)]
    }
  }

  /// Every string anywhere inside the value (keys excluded), for scans such as the secret check.
  public var allStrings: [String] {
    switch self {
    case .string(let value): [value]
    case .array(let elements): elements.flatMap(\.allStrings)
    case .object(let members): members.keys.sorted().flatMap { members[$0, default: .null].allStrings }
    default: []
    }
  }
}
