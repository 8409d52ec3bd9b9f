import WorkerProtocol

/// Checks a parsed JSON value against the estate document's compiled schema, reporting and removing what does not
/// fit.
///
/// Unknown keys are warnings (`document.unknown-key`) and are dropped; values of the wrong type or outside an
/// enumeration are errors (`document.wrong-type`, `document.invalid-value`) and are dropped; a missing required
/// field is an error (`document.missing-field`) and drops the enclosing object. Missing fields with a default get
/// it. The result decodes with `JSONValueDecoder` into `EstateDocument`, so one mistake never hides the others.
///
/// The result is in canonical form: object members sorted by key with duplicates resolved (the first spelling of
/// the key, the last value), and numbers rewritten as the model keeps them (`Double`, whole numbers below 2^53 as
/// integers). Members are visited in key order, so problems come out in that order. Paths are only spelled out
/// when a problem is reported.
struct SchemaNormalizer {
  /// The compiled schema.
  let schema: CompiledSchema
  /// The document file, for problems.
  let file: String?
  /// Problems found.
  private(set) var problems: [Problem] = []
  /// The position of the value being normalised, from the document down.
  private var path: [PathComponent] = []

  /// One step of a path: an object member or an array element.
  private enum PathComponent {
    case member(String)
    case element(Int)
  }

  init(schema: CompiledSchema, file: String?) {
    self.schema = schema
    self.file = file
  }

  /// Normalises a whole document; nil means the document itself had to be dropped.
  mutating func normalize(_ document: JSONValue) -> JSONValue? {
    path.removeAll()
    return normalize(document, node: schema.root)
  }

  /// Normalises `value` against a node; nil means the value must be dropped.
  private mutating func normalize(_ value: JSONValue, node index: Int) -> JSONValue? {
    let node = schema.nodes[index]
    if let alternatives = node.alternatives {
      return chooseAlternative(value, alternatives)
    }
    if let allowed = node.allowed, !Self.isAllowed(value, allowed) {
      report(
        .error, "document.invalid-value",
        "\(displayPath()) is \(SchemaText.describe(value)); allowed: \(node.allowedText)")
      return nil
    }
    if let type = node.type, !Self.matches(value, type) {
      report(
        .error, "document.wrong-type", "\(displayPath()) must be \(node.typeText), found \(SchemaText.kind(of: value))")
      return nil
    }
    switch value {
    case .object(let object):
      guard let rules = node.object else { return Canonical.value(value) }
      return normalizeObject(object, rules)
    case .array(let elements):
      guard let items = node.items else { return Canonical.value(value) }
      var result: [JSONValue] = []
      result.reserveCapacity(elements.count)
      for (position, element) in elements.enumerated() {
        path.append(.element(position))
        if let normalized = normalize(element, node: items) { result.append(normalized) }
        path.removeLast()
      }
      return .array(result)
    case .number(let number): return .number(Canonical.number(number))
    case .null, .bool, .string: return value
    }
  }

  private mutating func normalizeObject(_ object: JSONObject, _ rules: CompiledSchema.ObjectRules) -> JSONValue? {
    let properties = rules.properties
    // Per property: 0 absent, 1 present but dropped, 2 kept. At most a few dozen, so a small array is cheap.
    var states = [UInt8](repeating: 0, count: properties.count)
    var result: [(key: String, value: JSONValue)] = []
    result.reserveCapacity(properties.count)
    var valid = true
    for member in Canonical.members(of: object) {
      path.append(.member(member.key))
      defer { path.removeLast() }
      guard let position = rules.positions[member.key] else {
        if rules.isClosed {
          report(.warning, "document.unknown-key", "\(memberPath()) is not a known field; it is ignored")
        } else {
          result.append((member.key, Canonical.value(member.value)))
        }
        continue
      }
      let property = properties[position]
      if let normalized = normalize(member.value, node: property.node) {
        result.append((member.key, normalized))
        states[position] = 2
      } else {
        states[position] = 1
        if property.isRequired { valid = false }
      }
    }
    var defaults: [(key: String, value: JSONValue)] = []
    for (position, property) in properties.enumerated() where states[position] != 2 {
      if property.isRequired {
        guard states[position] == 0 else { continue }
        path.append(.member(property.name))
        report(.error, "document.missing-field", "\(memberPath()) is required")
        path.removeLast()
        valid = false
      } else if let defaultValue = property.defaultValue {
        defaults.append((property.name, defaultValue))
      }
    }
    guard valid else { return nil }
    return .object(JSONObject(defaults.isEmpty ? result : Canonical.merge(result, defaults)))
  }

  /// The first alternative that takes the value without errors (its warnings are kept), or nil after reporting
  /// that none did.
  private mutating func chooseAlternative(_ value: JSONValue, _ alternatives: [Int]) -> JSONValue? {
    let mark = problems.count
    for alternative in alternatives {
      let result = normalize(value, node: alternative)
      if let result, !problems[mark...].contains(where: { $0.severity == .error }) {
        return result
      }
      problems.removeSubrange(mark...)
    }
    report(.error, "document.wrong-type", "\(displayPath()) has the wrong form (found \(SchemaText.kind(of: value)))")
    return nil
  }

  private mutating func report(_ severity: Severity, _ code: String, _ message: String) {
    let text = memberPath()
    problems.append(Problem(severity, code, message, file: file, path: text.isEmpty ? "$" : text))
  }

  /// The current path as problems spell it (`services[0].deployments.production`), empty for the document.
  private func memberPath() -> String {
    var text = ""
    for component in path {
      switch component {
      case .member(let key): text = text.isEmpty ? key : "\(text).\(key)"
      case .element(let position): text += "[\(position)]"
      }
    }
    return text
  }

  /// The current path for messages, where the document itself is "the document".
  private func displayPath() -> String {
    let text = memberPath()
    return text.isEmpty ? "the document" : text
  }

  private static func isAllowed(_ value: JSONValue, _ allowed: [JSONFragment]) -> Bool {
    if case .string(let text) = value {
      return allowed.contains { if case .string(let member) = $0 { member == text } else { false } }
    }
    return allowed.contains(JSONFragment(value))
  }

  private static func matches(_ value: JSONValue, _ type: CompiledSchema.ValueType) -> Bool {
    switch (type, value) {
    case (.string, .string), (.boolean, .bool), (.number, .number), (.object, .object), (.array, .array),
      (.null, .null):
      return true
    case (.integer, .number(let number)):
      let double = number.doubleValue
      return double.rounded() == double
    default: return false
    }
  }
}
