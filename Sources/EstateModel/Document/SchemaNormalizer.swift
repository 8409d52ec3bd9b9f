import WorkerProtocol

/// Checks a parsed JSON value against the estate document's compiled schema, reporting and removing what does not
/// fit.
///
/// Unknown keys are warnings (`document.unknown-key`) and are dropped; values of the wrong type or outside an
/// enumeration are errors (`document.wrong-type`, `document.invalid-value`) and are dropped; a missing required
/// field is an error (`document.missing-field`) and drops the enclosing object. Missing fields with a default get
/// it. The result reads into `EstateDocument` (`EstateDocument(normalized:)`, or `JSONValueDecoder`), so one
/// mistake never hides the others.
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
  /// How many `oneOf` alternatives are being tried around the current value. Inside one, an error only means the
  /// alternative fails (and its problems are discarded), so errors are counted instead of spelled out.
  private var trialDepth = 0
  /// Errors counted inside alternatives being tried.
  private var trialErrors = 0

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
    // The node's fields are read where they are needed rather than copying the whole node for every value.
    if let alternatives = schema.nodes[index].alternatives {
      return chooseAlternative(value, alternatives)
    }
    if let allowed = schema.nodes[index].allowed, !Self.isAllowed(value, allowed) {
      let allowedText = schema.nodes[index].allowedText
      report(.error, "document.invalid-value") {
        "\(Self.display($0)) is \(SchemaText.describe(value)); allowed: \(allowedText)"
      }
      return nil
    }
    if let type = schema.nodes[index].type, !Self.matches(value, type) {
      let typeText = schema.nodes[index].typeText
      report(.error, "document.wrong-type") {
        "\(Self.display($0)) must be \(typeText), found \(SchemaText.kind(of: value))"
      }
      return nil
    }
    switch value {
    case .object(let object):
      guard let rules = schema.nodes[index].object else { return Canonical.value(value) }
      return normalizeObject(object, rules)
    case .array(let elements):
      guard let items = schema.nodes[index].items else { return Canonical.value(value) }
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

  /// Normalises an object member by member, in key order; missing required members are reported after every
  /// member's own problems, in property order.
  private mutating func normalizeObject(_ object: JSONObject, _ rules: CompiledSchema.ObjectRules) -> JSONValue? {
    let canonical = Canonical.members(of: object)
    let members = canonical.members
    if trialDepth > 0, Self.lacksRequiredMember(members, rules) {
      // The alternative fails whatever else the object holds: none of its problems would be kept.
      trialErrors += 1
      return nil
    }
    var result: [(key: String, value: JSONValue)] = []
    result.reserveCapacity(max(members.count, rules.properties.count))
    var missing: [String] = []
    let valid =
      canonical.isASCII && rules.namesAreASCII
      ? mergeMembers(members, rules, into: &result, missing: &missing)
      : matchMembers(members, rules, into: &result, missing: &missing)
    for name in missing {
      path.append(.member(name))
      report(.error, "document.missing-field") { "\($0) is required" }
      path.removeLast()
    }
    return valid ? .object(JSONObject(result)) : nil
  }

  /// Pairs members with properties by merging the two sorted lists (no lookups), which keeps the output sorted
  /// and puts each default where it belongs. Returns whether the object stays.
  private mutating func mergeMembers(
    _ members: [(key: String, value: JSONValue)], _ rules: CompiledSchema.ObjectRules,
    into result: inout [(key: String, value: JSONValue)], missing: inout [String]
  ) -> Bool {
    let properties = rules.properties
    var valid = true
    var memberIndex = 0
    var propertyIndex = 0
    while memberIndex < members.count || propertyIndex < properties.count {
      if propertyIndex == properties.count
        || (memberIndex < members.count && members[memberIndex].key < properties[propertyIndex].name)
      {
        unknownMember(members[memberIndex], rules, into: &result)
        memberIndex += 1
        continue
      }
      let property = properties[propertyIndex]
      propertyIndex += 1
      if memberIndex < members.count, !(property.name < members[memberIndex].key) {
        valid = normalizeMember(members[memberIndex], property, into: &result) && valid
        memberIndex += 1
      } else if property.isRequired {
        missing.append(property.name)
        valid = false
      } else if let defaultValue = property.defaultValue {
        result.append((property.name, defaultValue))
      }
    }
    return valid
  }

  /// Pairs members with properties by name lookups, then adds defaults and sorts: for keys outside ASCII, where
  /// only lookups find the property a key names. Returns whether the object stays.
  private mutating func matchMembers(
    _ members: [(key: String, value: JSONValue)], _ rules: CompiledSchema.ObjectRules,
    into result: inout [(key: String, value: JSONValue)], missing: inout [String]
  ) -> Bool {
    var valid = true
    var present = [Bool](repeating: false, count: rules.properties.count)
    for member in members {
      guard let position = rules.positions[member.key] else {
        unknownMember(member, rules, into: &result)
        continue
      }
      present[position] = true
      valid = normalizeMember(member, rules.properties[position], into: &result) && valid
    }
    for (position, property) in rules.properties.enumerated() where !present[position] {
      if property.isRequired {
        missing.append(property.name)
        valid = false
      } else if let defaultValue = property.defaultValue {
        result.append((property.name, defaultValue))
      }
    }
    result.sort { $0.key < $1.key }
    return valid
  }

  /// A member no property names: dropped with a warning from a closed object, kept as it is otherwise.
  private mutating func unknownMember(
    _ member: (key: String, value: JSONValue), _ rules: CompiledSchema.ObjectRules,
    into result: inout [(key: String, value: JSONValue)]
  ) {
    guard rules.isClosed else {
      result.append((member.key, Canonical.value(member.value)))
      return
    }
    path.append(.member(member.key))
    report(.warning, "document.unknown-key") { "\($0) is not a known field; it is ignored" }
    path.removeLast()
  }

  /// Normalises the member of a property; a dropped value gets the property's default, or drops the object when
  /// the property is required (the returned false).
  private mutating func normalizeMember(
    _ member: (key: String, value: JSONValue), _ property: CompiledSchema.Property,
    into result: inout [(key: String, value: JSONValue)]
  ) -> Bool {
    path.append(.member(member.key))
    let normalized = normalize(member.value, node: property.node)
    path.removeLast()
    if let normalized {
      result.append((member.key, normalized))
    } else if property.isRequired {
      return false
    } else if let defaultValue = property.defaultValue {
      result.append((property.name, defaultValue))
    }
    return true
  }

  /// Whether a required property has no member at all (which drops the object with an error).
  private static func lacksRequiredMember(
    _ members: [(key: String, value: JSONValue)], _ rules: CompiledSchema.ObjectRules
  ) -> Bool {
    guard rules.requiredCount > 0 else { return false }
    var present = 0
    for member in members {
      if let position = rules.positions[member.key], rules.properties[position].isRequired { present += 1 }
    }
    return present < rules.requiredCount
  }

  /// The first alternative that takes the value without errors (its warnings are kept), or nil after reporting
  /// that none did.
  private mutating func chooseAlternative(_ value: JSONValue, _ alternatives: [Int]) -> JSONValue? {
    let mark = problems.count
    let errorMark = trialErrors
    for alternative in alternatives {
      trialDepth += 1
      let result = normalize(value, node: alternative)
      trialDepth -= 1
      if let result, trialErrors == errorMark {
        return result
      }
      problems.removeSubrange(mark...)
      trialErrors = errorMark
    }
    report(.error, "document.wrong-type") {
      "\(Self.display($0)) has the wrong form (found \(SchemaText.kind(of: value)))"
    }
    return nil
  }

  /// Records a problem at the current path, its message made from the path; inside an alternative being tried,
  /// an error is only counted.
  private mutating func report(_ severity: Severity, _ code: String, message: (_ path: String) -> String) {
    if trialDepth > 0, severity == .error {
      trialErrors += 1
      return
    }
    let text = memberPath()
    problems.append(Problem(severity, code, message(text), file: file, path: text.isEmpty ? "$" : text))
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

  /// A path for messages, where the document itself is "the document".
  private static func display(_ path: String) -> String {
    path.isEmpty ? "the document" : path
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
