import Foundation
import TOMLKit
import WorkerProtocol

/// Reads a `csmigrate.plugins.toml` document into the same JSON value a `csmigrate.plugins.json` holds, so both
/// forms go through one set of field checks.
enum TOMLManifest {
  /// The document in `data` as a JSON value: tables become objects, arrays arrays, dates and times their TOML text.
  ///
  /// - Throws: ``ManifestError`` naming `path`, with the line and column TOMLKit gives for a syntax error.
  static func document(_ data: Data, path: String) throws(ManifestError) -> JSONValue {
    guard let text = String(data: data, encoding: .utf8) else {
      throw ManifestError(source: path, reason: "is not TOML (not UTF-8 text)")
    }
    do {
      return value(try TOMLTable(string: text))
    } catch let error as TOMLParseError {
      throw ManifestError(
        source: path, reason: "is not TOML (\(error.description))",
        position: (error.source.begin.line, error.source.begin.column))
    } catch {
      throw ManifestError(source: path, reason: "is not TOML (\(error))")
    }
  }

  /// One TOML value as JSON.
  private static func value(_ item: any TOMLValueConvertible) -> JSONValue {
    switch item.type {
    case .table:
      guard let table = item.table else { return .null }
      return .object(JSONObject(table.map { key, member in (key: key, value: value(member)) }))
    case .array:
      return .array((item.array ?? TOMLArray()).map { value($0) })
    case .string: return item.string.map(JSONValue.string) ?? .null
    case .int: return item.int.map { .number(JSONNumber($0)) } ?? .null
    case .double: return item.double.map { .number(JSONNumber($0)) } ?? .null
    case .bool: return item.bool.map(JSONValue.bool) ?? .null
    case .date, .time, .dateTime: return .string(item.debugDescription)
    }
  }
}
