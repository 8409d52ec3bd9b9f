import WorkerProtocol

/// A JSON schema compiled once into typed nodes, so that normalising a document never reads schema JSON again.
///
/// Compiles the subset `SchemaNormalizer` understands, with its exact semantics: a `$ref` to `#/$defs/<name>` is
/// resolved here (to the definition's own rules; a `$ref` inside a definition is not followed, and an unresolvable
/// reference accepts anything); `oneOf`, when present, decides alone; otherwise `enum`, then `type`, then the
/// object's `properties` (with `required`, `additionalProperties: false` and each property's `default`, or the
/// default of the definition it refers to) or the array's `items`. Definitions are compiled once each, so a
/// definition that refers to itself compiles to a cycle of node numbers.
struct CompiledSchema: Sendable {
  /// The JSON types a `type` keyword can name.
  enum ValueType: Sendable, Equatable {
    case string, boolean, number, integer, object, array, null
    /// A name that is not a JSON type: no value matches it.
    case other
  }

  /// One property of an object node.
  struct Property: Sendable {
    /// The member name.
    let name: String
    /// The node its value must match.
    let node: Int
    /// Whether the object is dropped when the member is missing or dropped.
    let isRequired: Bool
    /// The value a missing (or dropped) optional member gets.
    let defaultValue: JSONValue?
  }

  /// The `properties` of an object node.
  struct ObjectRules: Sendable {
    /// Properties sorted by name (the order missing members are reported and defaults filled in).
    let properties: [Property]
    /// Property positions in `properties` by name.
    let positions: [String: Int]
    /// Whether every property name is ASCII (see `Canonical.Members.isASCII`).
    let namesAreASCII: Bool
    /// Whether members that are not properties are dropped with a warning (`additionalProperties: false`).
    let isClosed: Bool
    /// How many properties are required.
    let requiredCount: Int
  }

  /// What one schema node allows.
  struct Node: Sendable {
    /// `oneOf`: the alternatives, tried in order; when present, nothing else of the node applies.
    var alternatives: [Int]?
    /// `enum`: the allowed values.
    var allowed: [JSONFragment]?
    /// The allowed values as the message lists them (`'a', 'b'`).
    var allowedText = ""
    /// `type`: the type the value must have.
    var type: ValueType?
    /// The type with its article, as the message names it (`an integer`).
    var typeText = ""
    /// `properties` and their companions, for object values.
    var object: ObjectRules?
    /// `items`, for array values.
    var items: Int?
  }

  /// The nodes; node 0 allows anything.
  private(set) var nodes: [Node] = [Node()]
  /// The node of the document itself.
  private(set) var root = 0

  /// The node that allows anything.
  static let anything = 0

  /// Compiles a schema given as JSON.
  init(_ schema: JSONFragment) {
    var compiler = Compiler(schema: schema)
    root = compiler.compile(schema)
    nodes = compiler.nodes
  }
}

extension CompiledSchema {
  /// Compiles schema JSON into nodes, each definition once.
  private struct Compiler {
    /// The `$defs` of the schema.
    let definitions: [String: JSONFragment]
    var nodes: [Node] = [Node()]
    /// The node of each definition compiled so far.
    var definitionNodes: [String: Int] = [:]

    init(schema: JSONFragment) {
      if case .object(let root) = schema, case .object(let definitions)? = root["$defs"] {
        self.definitions = definitions
      } else {
        self.definitions = [:]
      }
    }

    /// The definition a `$ref` names (its last path component), when it exists and is an object.
    func definition(named reference: String) -> (name: String, rules: [String: JSONFragment])? {
      let name = String(reference.split(separator: "/").last ?? "")
      guard case .object(let rules)? = definitions[name] else { return nil }
      return (name, rules)
    }

    /// The node of a schema: its definition's node for a `$ref`, node 0 for anything that is not an object.
    mutating func compile(_ schema: JSONFragment) -> Int {
      guard case .object(let rules) = schema else { return CompiledSchema.anything }
      guard case .string(let reference)? = rules["$ref"] else { return compileRules(rules) }
      guard let (name, target) = definition(named: reference) else { return CompiledSchema.anything }
      if let existing = definitionNodes[name] { return existing }
      let index = reserve()
      definitionNodes[name] = index
      nodes[index] = makeNode(target)
      return index
    }

    private mutating func reserve() -> Int {
      nodes.append(Node())
      return nodes.count - 1
    }

    private mutating func compileRules(_ rules: [String: JSONFragment]) -> Int {
      let index = reserve()
      nodes[index] = makeNode(rules)
      return index
    }

    private mutating func makeNode(_ rules: [String: JSONFragment]) -> Node {
      var node = Node()
      if case .array(let alternatives)? = rules["oneOf"] {
        node.alternatives = alternatives.map { compile($0) }
      }
      if case .array(let allowed)? = rules["enum"] {
        node.allowed = allowed
        node.allowedText = allowed.map { SchemaText.describe($0.jsonValue) }.joined(separator: ", ")
      }
      if case .string(let type)? = rules["type"] {
        node.type = Self.valueType(type)
        node.typeText = ["integer", "object", "array"].contains(type) ? "an \(type)" : "a \(type)"
      }
      if case .object(let properties)? = rules["properties"] {
        node.object = compileProperties(properties, rules: rules)
      }
      if let items = rules["items"] {
        node.items = compile(items)
      }
      return node
    }

    private mutating func compileProperties(
      _ properties: [String: JSONFragment], rules: [String: JSONFragment]
    ) -> ObjectRules {
      var required: [JSONFragment] = []
      if case .array(let names)? = rules["required"] { required = names }
      var compiled: [Property] = []
      for name in properties.keys.sorted() {
        guard let schema = properties[name] else { continue }
        compiled.append(
          Property(
            name: name, node: compile(schema), isRequired: required.contains(.string(name)),
            defaultValue: defaultValue(of: schema)?.jsonValue))
      }
      var positions: [String: Int] = [:]
      for (position, property) in compiled.enumerated() { positions[property.name] = position }
      return ObjectRules(
        properties: compiled, positions: positions,
        namesAreASCII: compiled.allSatisfy { $0.name.utf8.allSatisfy { $0 < 0x80 } },
        isClosed: rules["additionalProperties"] == .bool(false),
        requiredCount: compiled.count { $0.isRequired })
    }

    /// A property's own `default`, or else the `default` of the definition its `$ref` names.
    private func defaultValue(of schema: JSONFragment) -> JSONFragment? {
      guard case .object(let rules) = schema else { return nil }
      if let value = rules["default"] { return value }
      guard case .string(let reference)? = rules["$ref"], let (_, target) = definition(named: reference) else {
        return nil
      }
      return target["default"]
    }

    private static func valueType(_ name: String) -> ValueType {
      switch name {
      case "string": .string
      case "boolean": .boolean
      case "number": .number
      case "integer": .integer
      case "object": .object
      case "array": .array
      case "null": .null
      default: .other
      }
    }
  }
}

/// How values are named in the normaliser's messages.
enum SchemaText {
  /// The kind of a value with its article (`a string`, `an object`, `null`).
  static func kind(of value: JSONValue) -> String { value.kindDescription }

  /// A string in quotes, anything else by its kind.
  static func describe(_ value: JSONValue) -> String {
    if case .string(let text) = value { return "'\(text)'" }
    return value.kindDescription
  }
}
