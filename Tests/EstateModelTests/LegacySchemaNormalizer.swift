import Foundation
import WorkerProtocol

@testable import EstateModel

/// The document normaliser as it was before it was compiled into typed nodes: it interprets the schema's JSON at
/// every node, on `JSONFragment` values. Kept as the reference the compiled normaliser must agree with.
struct LegacySchemaNormalizer {
  /// The `$defs` of the schema.
  let definitions: [String: JSONFragment]
  /// The document file, for problems.
  let file: String?
  /// Problems found.
  var problems: [Problem] = []

  init(schema: JSONFragment, file: String?) {
    if case .object(let root) = schema, case .object(let definitions)? = root["$defs"] {
      self.definitions = definitions
    } else {
      self.definitions = [:]
    }
    self.file = file
  }

  /// Normalises `value` against `schema`; nil means the value must be dropped.
  mutating func normalize(_ value: JSONFragment, schema: JSONFragment, path: String) -> JSONFragment? {
    guard case .object(var rules) = schema else { return value }
    if case .string(let reference)? = rules["$ref"] {
      let name = String(reference.split(separator: "/").last ?? "")
      guard let target = definitions[name], case .object(let resolved) = target else { return value }
      rules = resolved
    }
    if case .array(let alternatives)? = rules["oneOf"] {
      return chooseAlternative(value, alternatives, path: path)
    }
    if case .array(let allowed)? = rules["enum"], !allowed.contains(value) {
      report(
        .error, "document.invalid-value",
        "\(display(path)) is \(describe(value)); allowed: "
          + allowed.map(describe).joined(separator: ", "), path: path)
      return nil
    }
    if case .string(let type)? = rules["type"], !Self.matches(value, type: type) {
      report(
        .error, "document.wrong-type", "\(display(path)) must be \(Self.article(type)), found \(kind(of: value))",
        path: path)
      return nil
    }
    switch value {
    case .object(let members): return normalizeObject(members, rules: rules, path: path)
    case .array(let items):
      guard let itemSchema = rules["items"] else { return value }
      return .array(items.enumerated().compactMap { normalize($1, schema: itemSchema, path: "\(path)[\($0)]") })
    default: return value
    }
  }

  private mutating func normalizeObject(
    _ members: [String: JSONFragment], rules: [String: JSONFragment], path: String
  ) -> JSONFragment? {
    guard case .object(let properties)? = rules["properties"] else { return .object(members) }
    var result: [String: JSONFragment] = [:]
    var valid = true
    for key in members.keys.sorted() {
      guard let member = members[key] else { continue }
      let memberPath = path.isEmpty ? key : "\(path).\(key)"
      guard let propertySchema = properties[key] else {
        if rules["additionalProperties"] == .bool(false) {
          report(
            .warning, "document.unknown-key", "\(memberPath) is not a known field; it is ignored", path: memberPath)
        } else {
          result[key] = member
        }
        continue
      }
      if let normalized = normalize(member, schema: propertySchema, path: memberPath) {
        result[key] = normalized
      } else if isRequired(key, rules) {
        valid = false
      }
    }
    for key in properties.keys.sorted() where result[key] == nil {
      if isRequired(key, rules) {
        guard members[key] == nil else { continue }
        let memberPath = path.isEmpty ? key : "\(path).\(key)"
        report(.error, "document.missing-field", "\(memberPath) is required", path: memberPath)
        valid = false
      } else if case .object(let propertyRules)? = properties[key], let defaultValue = propertyRules["default"] {
        result[key] = defaultValue
      } else if case .object(let propertyRules)? = properties[key],
        case .string(let reference)? = propertyRules["$ref"],
        case .object(let target)? = definitions[String(reference.split(separator: "/").last ?? "")],
        let defaultValue = target["default"]
      {
        result[key] = defaultValue
      }
    }
    return valid ? .object(result) : nil
  }

  private mutating func chooseAlternative(
    _ value: JSONFragment, _ alternatives: [JSONFragment], path: String
  ) -> JSONFragment? {
    for alternative in alternatives {
      var trial = self
      trial.problems = []
      if let result = trial.normalize(value, schema: alternative, path: path), !trial.problems.containsErrors {
        problems += trial.problems
        return result
      }
    }
    report(.error, "document.wrong-type", "\(display(path)) has the wrong form (found \(kind(of: value)))", path: path)
    return nil
  }

  private func isRequired(_ key: String, _ rules: [String: JSONFragment]) -> Bool {
    guard case .array(let required)? = rules["required"] else { return false }
    return required.contains(.string(key))
  }

  private mutating func report(_ severity: Severity, _ code: String, _ message: String, path: String) {
    problems.append(Problem(severity, code, message, file: file, path: path.isEmpty ? "$" : path))
  }

  private func display(_ path: String) -> String { path.isEmpty ? "the document" : path }

  static func matches(_ value: JSONFragment, type: String) -> Bool {
    switch (type, value) {
    case ("string", .string), ("boolean", .bool), ("number", .number), ("object", .object), ("array", .array),
      ("null", .null):
      return true
    case ("integer", .number(let number)): return number.rounded() == number
    default: return false
    }
  }

  static func article(_ type: String) -> String {
    ["integer", "object", "array"].contains(type) ? "an \(type)" : "a \(type)"
  }

  private func kind(of value: JSONFragment) -> String { value.jsonValue.kindDescription }

  private func describe(_ value: JSONFragment) -> String {
    if case .string(let text) = value { return "'\(text)'" }
    return kind(of: value)
  }
}

extension LegacySchemaNormalizer {
  /// The whole legacy decoding of a parsed document: fragment, normalise, back to a value, decode.
  static func decode(_ value: JSONValue, file: String?) -> (document: EstateDocument?, problems: [Problem]) {
    let schema = EstateAssembler.schema
    var normalizer = LegacySchemaNormalizer(schema: schema, file: file)
    let normalized = normalizer.normalize(JSONFragment(value), schema: schema, path: "") ?? .object([:])
    do {
      return (try JSONValueDecoder().decode(EstateDocument.self, from: normalized.jsonValue), normalizer.problems)
    } catch {
      let reason = "it does not match the schema (\(EstateAssembler.describe(error)))"
      return (nil, normalizer.problems + [EstateInputError.invalidDocument(reason: reason, file: file).problem])
    }
  }
}
