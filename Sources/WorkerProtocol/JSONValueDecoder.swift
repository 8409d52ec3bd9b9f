/// Decodes `Decodable` types straight from a ``JSONValue``, without serialising it again.
///
/// Params arrive already parsed; decoding them through Foundation's `JSONDecoder` would write them back
/// to bytes and parse them a second time. This decoder walks the value instead. Failures are the standard
/// `DecodingError`s with their coding paths, so callers can name the offending field.
public struct JSONValueDecoder {
  /// Makes a decoder.
  public init() {}

  /// Decodes a `T` from `value`.
  public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
    try T(from: ValueDecoder(value: value, codingPath: []))
  }
}

/// A decoder that can hand over the ``JSONValue`` it is reading, for types that keep JSON as it is.
public protocol JSONValueDecoding: Decoder {
  /// The value at the decoder's position.
  var jsonValue: JSONValue { get }
}

/// A coding key for array positions and dictionary keys.
struct ValueCodingKey: CodingKey {
  let stringValue: String
  let intValue: Int?

  init(stringValue: String) {
    self.stringValue = stringValue
    intValue = nil
  }

  init(intValue: Int) {
    stringValue = String(intValue)
    self.intValue = intValue
  }
}

/// The decoder at one position of the value.
private struct ValueDecoder: JSONValueDecoding {
  let value: JSONValue
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }
  var jsonValue: JSONValue { value }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .object(let object) = value else {
      throw DecodingError.typeMismatch(
        [String: Any].self, .init(codingPath: codingPath, debugDescription: "expected an object"))
    }
    return KeyedDecodingContainer(KeyedValueContainer<Key>(object: object, codingPath: codingPath))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard case .array(let elements) = value else {
      throw DecodingError.typeMismatch(
        [Any].self, .init(codingPath: codingPath, debugDescription: "expected an array"))
    }
    return UnkeyedValueContainer(elements: elements, codingPath: codingPath)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    SingleValueContainer(value: value, codingPath: codingPath)
  }
}

/// Reads scalars, shared by the single-value, keyed and unkeyed containers.
private enum Scalar {
  static func mismatch<T>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
    if value == .null {
      return .valueNotFound(type, .init(codingPath: path, debugDescription: "expected a value, found null"))
    }
    return .typeMismatch(
      type, .init(codingPath: path, debugDescription: "expected \(type), found \(value.kindDescription)"))
  }

  static func bool(_ value: JSONValue, _ path: [any CodingKey]) throws -> Bool {
    guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, path) }
    return flag
  }

  static func string(_ value: JSONValue, _ path: [any CodingKey]) throws -> String {
    guard case .string(let text) = value else { throw mismatch(String.self, value, path) }
    return text
  }

  static func double(_ value: JSONValue, _ path: [any CodingKey]) throws -> Double {
    guard case .number(let number) = value, let double = Double(number.text) else {
      throw mismatch(Double.self, value, path)
    }
    return double
  }

  /// An integer of type `T`: the number's text must be a whole number that fits.
  static func integer<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
    guard case .number(let number) = value else { throw mismatch(type, value, path) }
    if let exact = T(number.text) { return exact }
    if let double = Double(number.text), double.rounded() == double, let exact = T(exactly: double) { return exact }
    throw DecodingError.dataCorrupted(
      .init(codingPath: path, debugDescription: "\(number.text) is not a whole number that fits \(type)"))
  }

  static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
    try T(from: ValueDecoder(value: value, codingPath: path))
  }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
  let value: JSONValue
  let codingPath: [any CodingKey]

  func decodeNil() -> Bool { value == .null }
  func decode(_ type: Bool.Type) throws -> Bool { try Scalar.bool(value, codingPath) }
  func decode(_ type: String.Type) throws -> String { try Scalar.string(value, codingPath) }
  func decode(_ type: Double.Type) throws -> Double { try Scalar.double(value, codingPath) }
  func decode(_ type: Float.Type) throws -> Float { Float(try Scalar.double(value, codingPath)) }
  func decode(_ type: Int.Type) throws -> Int { try Scalar.integer(type, value, codingPath) }
  func decode(_ type: Int8.Type) throws -> Int8 { try Scalar.integer(type, value, codingPath) }
  func decode(_ type: Int16.Type) throws -> Int16 { try Scalar.integer(type, value, codingPath) }
  func decode(_ type: Int32.Type) throws -> Int32 { try Scalar.integer(type, value, codingPath) }
  func decode(_ type: Int64.Type) throws -> Int64 { try Scalar.integer(type, value, codingPath) }
  func decode(_ type: UInt.Type) throws -> UInt { try Scalar.integer(type, value, codingPath) }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try Scalar.integer(type, value, codingPath) }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try Scalar.integer(type, value, codingPath) }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try Scalar.integer(type, value, codingPath) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try Scalar.integer(type, value, codingPath) }
  func decode<T: Decodable>(_ type: T.Type) throws -> T { try Scalar.decode(type, value, codingPath) }
}

private struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let object: JSONObject
  let codingPath: [any CodingKey]

  var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

  func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

  private func value(for key: Key) throws -> JSONValue {
    guard let value = object[key.stringValue] else {
      throw DecodingError.keyNotFound(
        key, .init(codingPath: codingPath, debugDescription: "no member named \(key.stringValue)"))
    }
    return value
  }

  func decodeNil(forKey key: Key) throws -> Bool { try value(for: key) == .null }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    try Scalar.decode(type, try value(for: key), codingPath + [key])
  }

  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    guard let member = object[key.stringValue], member != .null else { return nil }
    return try Scalar.decode(type, member, codingPath + [key])
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try ValueDecoder(value: try value(for: key), codingPath: codingPath + [key]).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try ValueDecoder(value: try value(for: key), codingPath: codingPath + [key]).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder {
    ValueDecoder(value: object["super"] ?? .null, codingPath: codingPath)
  }

  func superDecoder(forKey key: Key) throws -> any Decoder {
    ValueDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
  }
}

private struct UnkeyedValueContainer: UnkeyedDecodingContainer {
  let elements: [JSONValue]
  let codingPath: [any CodingKey]
  var currentIndex = 0

  init(elements: [JSONValue], codingPath: [any CodingKey]) {
    self.elements = elements
    self.codingPath = codingPath
  }

  var count: Int? { elements.count }
  var isAtEnd: Bool { currentIndex >= elements.count }

  private mutating func next<T>(_ type: T.Type) throws -> (JSONValue, [any CodingKey]) {
    guard !isAtEnd else {
      throw DecodingError.valueNotFound(
        type, .init(codingPath: codingPath, debugDescription: "the array has no more elements"))
    }
    let path = codingPath + [ValueCodingKey(intValue: currentIndex)]
    let value = elements[currentIndex]
    currentIndex += 1
    return (value, path)
  }

  mutating func decodeNil() throws -> Bool {
    guard !isAtEnd, elements[currentIndex] == .null else { return false }
    currentIndex += 1
    return true
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
    let (value, path) = try next(type)
    return try Scalar.decode(type, value, path)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    let (value, path) = try next([String: Any].self)
    return try ValueDecoder(value: value, codingPath: path).container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    let (value, path) = try next([Any].self)
    return try ValueDecoder(value: value, codingPath: path).unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder {
    let (value, path) = try next(Any.self)
    return ValueDecoder(value: value, codingPath: path)
  }
}
