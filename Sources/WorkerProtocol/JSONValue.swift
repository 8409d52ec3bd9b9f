/// A JSON value as it appeared on the wire.
///
/// Numbers keep their original text so that ids such as `9007199254740993`
/// travel back digit for digit, and objects keep their members in document
/// order so that output stays deterministic.
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  /// A number, kept as its RFC 8259 text.
  case number(JSONNumber)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)
}

/// A JSON number kept as its exact source text.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
  /// The number's text, valid per RFC 8259 (`-?int frac? exp?`).
  public let text: String

  /// Wraps text that the caller guarantees is a valid RFC 8259 number.
  public init(unchecked text: String) { self.text = text }

  /// Makes a number from an integer.
  public init(_ value: Int) { self.text = String(value) }

  /// Makes a number from a double; non-finite values are not JSON and become `0`.
  public init(_ value: Double) {
    if !value.isFinite {
      self.text = "0"
    } else if value == value.rounded(.towardZero), abs(value) < 1e15 {
      self.text = String(Int64(value))
    } else {
      self.text = "\(value)"
    }
  }

  /// The value as a `Double` (may lose precision).
  public var doubleValue: Double { Double(text) ?? .nan }

  /// The value as an `Int` when the text is an integer that fits.
  public var intValue: Int? { Int(text) }

  public var description: String { text }
}

/// A JSON object whose members keep their document order.
///
/// Lookups are linear for small objects, which is what JSON-RPC envelopes and
/// params are; duplicate keys resolve to the last occurrence, as most parsers do.
public struct JSONObject: Sendable, Hashable, Sequence {
  /// The members in document order.
  public private(set) var members: [(key: String, value: JSONValue)]

  /// Makes an empty object.
  public init() { members = [] }

  /// Makes an object from members in the given order.
  public init(_ members: [(key: String, value: JSONValue)]) { self.members = members }

  /// The number of members.
  public var count: Int { members.count }

  /// Whether the object has no members.
  public var isEmpty: Bool { members.isEmpty }

  /// The member names in document order.
  public var keys: [String] { members.map(\.key) }

  /// Reads or replaces a member; setting `nil` removes it.
  public subscript(key: String) -> JSONValue? {
    get {
      for index in members.indices.reversed() where members[index].key == key {
        return members[index].value
      }
      return nil
    }
    set {
      if let index = members.lastIndex(where: { $0.key == key }) {
        if let newValue {
          members[index].value = newValue
        } else {
          members.remove(at: index)
        }
      } else if let newValue {
        members.append((key, newValue))
      }
    }
  }

  public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
    members.makeIterator()
  }

  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    guard lhs.members.count == rhs.members.count else { return false }
    for (left, right) in zip(lhs.members, rhs.members) where left.key != right.key || left.value != right.value {
      return false
    }
    return true
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(members.count)
    for member in members {
      hasher.combine(member.key)
      hasher.combine(member.value)
    }
  }
}

// MARK: - Accessors

extension JSONValue {
  /// The value's kind with its article, as messages name it: `null`, `a boolean`, `a number`, `a string`,
  /// `an array` or `an object`.
  public var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }

  /// Whether the value has more than `limit` nodes (itself, every element and every member value); stops
  /// counting as soon as it knows, so asking costs at most `limit` steps.
  public func hasMoreNodes(than limit: Int) -> Bool {
    var budget = limit
    return !fits(within: &budget)
  }

  /// Counts this value's nodes down from `budget`; false as soon as the budget runs out.
  private func fits(within budget: inout Int) -> Bool {
    budget -= 1
    guard budget >= 0 else { return false }
    switch self {
    case .array(let elements):
      for element in elements where !element.fits(within: &budget) { return false }
    case .object(let object):
      for member in object.members where !member.value.fits(within: &budget) { return false }
    default: break
    }
    return true
  }

  /// The string payload, if this is a string.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The boolean payload, if this is a boolean.
  public var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  /// The number payload, if this is a number.
  public var numberValue: JSONNumber? {
    if case .number(let value) = self { return value }
    return nil
  }

  /// The integer payload, if this is an integral number that fits in `Int`.
  public var intValue: Int? { numberValue?.intValue }

  /// The number as a `Double`, if this is a number.
  public var doubleValue: Double? { numberValue?.doubleValue }

  /// The object payload, if this is an object.
  public var objectValue: JSONObject? {
    if case .object(let value) = self { return value }
    return nil
  }

  /// The array payload, if this is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let value) = self { return value }
    return nil
  }

  /// Whether this is `null`.
  public var isNull: Bool { self == .null }

  /// A member of an object, or `nil` for a missing member or a non-object.
  public subscript(key: String) -> JSONValue? { objectValue?[key] }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
  ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
  public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
  }
  public init(nilLiteral: ()) { self = .null }
}
