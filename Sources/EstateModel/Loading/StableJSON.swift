public import Foundation

/// Encodes a value as compact JSON with sorted keys, so equal values always give identical bytes.
///
/// Used for golden files and for answers orchestrators diff. Slashes are not escaped.
public func stableJSON<T: Encodable>(_ value: T) throws -> Data {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  return try encoder.encode(value)
}
