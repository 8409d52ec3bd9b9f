public import EstateModel
public import WorkerProtocol

/// How a method's `estate` param names an estate: inline, by path, or by a handle from `estate/load`.
///
/// On the wire it is an object with exactly one of `document` (the estate document itself),
/// `path` (of an estate document, relative to `--root`) or `handle`.
public enum EstateReference: Sendable, Hashable, Decodable {
  case document(JSONValue)
  case path(String)
  case handle(String)

  private enum CodingKeys: String, CodingKey {
    case document, path, handle
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let present = container.allKeys
    guard present.count == 1, let key = present.first else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath, debugDescription: "give exactly one of document, path or handle"))
    }
    switch key {
    case .path: self = .path(try container.decode(String.self, forKey: .path))
    case .handle: self = .handle(try container.decode(String.self, forKey: .handle))
    case .document: self = .document(try container.decode(JSONValueBox.self, forKey: .document).value)
    }
  }

  /// JSON Schema of the `estate` param, shared by every method that takes one.
  public static let jsonSchema: JSONValue = [
    "type": "object",
    "description": "Exactly one of: document (an estate document inline), path (of an estate document), handle.",
    "minProperties": 1, "maxProperties": 1,
    "properties": [
      "document": ["type": "object", "description": "An estate document (see examples/estate.schema.json)."],
      "path": ["type": "string", "description": "Path of an estate document, relative to --root."],
      "handle": ["type": "string", "description": "A handle returned by estate/load."],
    ],
  ]
}

/// An estate ready for use, with what loading it reported.
public struct ResolvedEstate: Sendable {
  /// The handle later calls may pass instead of the estate.
  public let handle: String
  /// The loaded model, the problems found and the counts.
  public let load: EstateLoadResult
  /// The estate's target index, made when first needed and shared by every copy of this value.
  public let targets: SharedEstateTargetIndex

  /// Makes a resolved estate; `targets`, when given, must index `load.estate` (a store passes the one it keeps).
  public init(handle: String, load: EstateLoadResult, targets: SharedEstateTargetIndex? = nil) {
    self.handle = handle
    self.load = load
    self.targets = targets ?? SharedEstateTargetIndex(load.estate)
  }

  /// The estate's target index (``targets``).
  public var targetIndex: EstateTargetIndex { targets.index }
}

/// Turns an ``EstateReference`` into a loaded estate; implemented by the engine.
public protocol EstateResolving: Sendable {
  /// Loads (or finds) the estate a reference names.
  ///
  /// - Parameter field: the params member the reference came from, for error `data.field`.
  /// - Throws: `PluginError` with code 1000, 1001 or 1002 and `data` naming the field and file.
  func resolve(_ reference: EstateReference, field: String) throws(PluginError) -> ResolvedEstate
  /// The handles of the estates loaded now, oldest first (none when the resolver keeps no estates).
  var loadedHandles: [String] { get }
  /// A value computed from the estate under `handle` alone (and `key`): kept with the estate when `keep` says so
  /// (a large value may cost more memory than computing it again) and given again for the same key while the
  /// estate is kept; computed every time when the resolver keeps nothing.
  func memoized<Key: Hashable & Sendable, Value: Sendable>(
    handle: String, key: Key, keep: (Value) -> Bool, compute: () throws(PluginError) -> Value
  ) throws(PluginError) -> Value
}

extension EstateResolving {
  public var loadedHandles: [String] { [] }

  public func memoized<Key: Hashable & Sendable, Value: Sendable>(
    handle: String, key: Key, keep: (Value) -> Bool, compute: () throws(PluginError) -> Value
  ) throws(PluginError) -> Value {
    try compute()
  }

  /// ``memoized(handle:key:keep:compute:)`` keeping every value.
  public func memoized<Key: Hashable & Sendable, Value: Sendable>(
    handle: String, key: Key, compute: () throws(PluginError) -> Value
  ) throws(PluginError) -> Value {
    try memoized(handle: handle, key: key, keep: { _ in true }, compute: compute)
  }
}

/// Decodes any JSON into a ``JSONValue`` inside a `Codable` type.
public struct JSONValueBox: Decodable, Sendable {
  public let value: JSONValue

  public init(from decoder: any Decoder) throws {
    if let source = decoder as? any JSONValueDecoding {
      value = source.jsonValue  // already parsed: keep it as it is
      return
    }
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      value = .null
    } else if let bool = try? container.decode(Bool.self) {
      value = .bool(bool)
    } else if let int = try? container.decode(Int.self) {
      value = .number(JSONNumber(int))
    } else if let double = try? container.decode(Double.self) {
      value = .number(JSONNumber(double))
    } else if let string = try? container.decode(String.self) {
      value = .string(string)
    } else if let array = try? container.decode([JSONValueBox].self) {
      value = .array(array.map(\.value))
    } else {
      let object = try container.decode([String: JSONValueBox].self)
      value = .object(JSONObject(object.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value.value) }))
    }
  }
}
