/// Encodes `Encodable` values straight into a ``JSONValue`` with object keys sorted, without Foundation.
///
/// Results used to go through Foundation's `JSONEncoder`, then be parsed back into a ``JSONValue``; this
/// builds the value directly. Keys are sorted so that replies are byte-identical for equal results, as with
/// `JSONEncoder`'s `.sortedKeys`. Types with a custom `encode(to:)` (dates as ISO 8601 strings, say) are
/// honoured as written; the encoder adds no date or data strategies of its own.
public struct JSONValueEncoder {
  /// Makes an encoder.
  public init() {}

  /// Encodes `value`.
  public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
    if let convertible = value as? any JSONValueConvertible { return convertible.jsonValue }
    let root = EncodingNode()
    try value.encode(to: NodeEncoder(node: root, codingPath: []))
    return root.value
  }
}

/// What has been encoded at one position so far.
///
/// The members and elements are stored properties mutated in place, so appending to a large array or
/// object never copies what is already there.
private final class EncodingNode {
  var scalar: JSONValue?
  var members: [String: EncodingNode]?
  var elements: [EncodingNode]?

  /// The node as a value, object members sorted by key (an untouched node is an empty object).
  var value: JSONValue {
    if let scalar { return scalar }
    if let elements { return .array(elements.map(\.value)) }
    let sorted = (members ?? [:]).sorted { $0.key < $1.key }
    return .object(JSONObject(sorted.map { (key: $0.key, value: $0.value.value) }))
  }

  /// The member `key` of this node as an object, created when missing.
  func member(_ key: String) -> EncodingNode {
    if let node = members?[key] { return node }
    let node = EncodingNode()
    if members == nil { members = [:] }
    members?[key] = node
    return node
  }

  /// A new element at the end of this node as an array.
  func appendElement() -> EncodingNode {
    let node = EncodingNode()
    if elements == nil { elements = [] }
    elements?.append(node)
    return node
  }

  func makeObject() {
    if members == nil { members = [:] }
  }

  func makeArray() {
    if elements == nil { elements = [] }
  }

  func set(_ value: JSONValue) { scalar = value }
}

private struct NodeEncoder: Encoder {
  let node: EncodingNode
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    node.makeObject()
    return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    node.makeArray()
    return UnkeyedNodeContainer(node: node, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleNodeContainer(node: node, codingPath: codingPath)
  }
}

/// Scalars as JSON values.
private enum Scalars {
  static func number(_ value: some BinaryInteger) -> JSONValue { .number(JSONNumber(unchecked: "\(value)")) }

  static func number(_ value: Double, _ path: [any CodingKey]) throws -> JSONValue {
    guard value.isFinite else {
      throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "\(value) is not JSON"))
    }
    return .number(JSONNumber(value))
  }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
  let node: EncodingNode
  let codingPath: [any CodingKey]

  func encodeNil() { node.set(.null) }
  func encode(_ value: Bool) { node.set(.bool(value)) }
  func encode(_ value: String) { node.set(.string(value)) }
  func encode(_ value: Double) throws { node.set(try Scalars.number(value, codingPath)) }
  func encode(_ value: Float) throws { node.set(try Scalars.number(Double(value), codingPath)) }
  func encode(_ value: Int) { node.set(Scalars.number(value)) }
  func encode(_ value: Int8) { node.set(Scalars.number(value)) }
  func encode(_ value: Int16) { node.set(Scalars.number(value)) }
  func encode(_ value: Int32) { node.set(Scalars.number(value)) }
  func encode(_ value: Int64) { node.set(Scalars.number(value)) }
  func encode(_ value: UInt) { node.set(Scalars.number(value)) }
  func encode(_ value: UInt8) { node.set(Scalars.number(value)) }
  func encode(_ value: UInt16) { node.set(Scalars.number(value)) }
  func encode(_ value: UInt32) { node.set(Scalars.number(value)) }
  func encode(_ value: UInt64) { node.set(Scalars.number(value)) }
  func encode<T: Encodable>(_ value: T) throws {
    if let convertible = value as? any JSONValueConvertible {
      node.set(convertible.jsonValue)
    } else {
      try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    }
  }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: EncodingNode
  let codingPath: [any CodingKey]

  private func single(_ key: Key) -> SingleNodeContainer {
    SingleNodeContainer(node: node.member(key.stringValue), codingPath: codingPath + [key])
  }

  mutating func encodeNil(forKey key: Key) { single(key).encodeNil() }
  mutating func encode(_ value: Bool, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: String, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: Double, forKey key: Key) throws { try single(key).encode(value) }
  mutating func encode(_ value: Float, forKey key: Key) throws { try single(key).encode(value) }
  mutating func encode(_ value: Int, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: Int8, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: Int16, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: Int32, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: Int64, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: UInt, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: UInt8, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: UInt16, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: UInt32, forKey key: Key) { single(key).encode(value) }
  mutating func encode(_ value: UInt64, forKey key: Key) { single(key).encode(value) }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try single(key).encode(value) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder {
    NodeEncoder(node: node.member("super"), codingPath: codingPath)
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
  }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
  let node: EncodingNode
  let codingPath: [any CodingKey]
  private(set) var count = 0

  init(node: EncodingNode, codingPath: [any CodingKey]) {
    self.node = node
    self.codingPath = codingPath
  }

  private mutating func next() -> NodeEncoder {
    let path = codingPath + [ValueCodingKey(intValue: count)]
    count += 1
    return NodeEncoder(node: node.appendElement(), codingPath: path)
  }

  mutating func encodeNil() { next().singleNode.encodeNil() }
  mutating func encode(_ value: Bool) { next().singleNode.encode(value) }
  mutating func encode(_ value: String) { next().singleNode.encode(value) }
  mutating func encode(_ value: Double) throws { try next().singleNode.encode(value) }
  mutating func encode(_ value: Float) throws { try next().singleNode.encode(value) }
  mutating func encode(_ value: Int) { next().singleNode.encode(value) }
  mutating func encode(_ value: Int8) { next().singleNode.encode(value) }
  mutating func encode(_ value: Int16) { next().singleNode.encode(value) }
  mutating func encode(_ value: Int32) { next().singleNode.encode(value) }
  mutating func encode(_ value: Int64) { next().singleNode.encode(value) }
  mutating func encode(_ value: UInt) { next().singleNode.encode(value) }
  mutating func encode(_ value: UInt8) { next().singleNode.encode(value) }
  mutating func encode(_ value: UInt16) { next().singleNode.encode(value) }
  mutating func encode(_ value: UInt32) { next().singleNode.encode(value) }
  mutating func encode(_ value: UInt64) { next().singleNode.encode(value) }
  mutating func encode<T: Encodable>(_ value: T) throws { try next().singleNode.encode(value) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    next().container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }

  mutating func superEncoder() -> any Encoder { next() }
}

extension NodeEncoder {
  fileprivate var singleNode: SingleNodeContainer { SingleNodeContainer(node: node, codingPath: codingPath) }
}
