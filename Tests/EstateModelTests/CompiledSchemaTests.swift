import Foundation
import Testing
import WorkerProtocol

@testable import EstateModel

/// The compiled normaliser on schemas other than the estate document's: recursive definitions, references that
/// do not resolve, defaults through references, non-string enumerations and odd keyword values must behave exactly
/// as the legacy normaliser that interpreted the schema JSON.
@Suite struct CompiledSchemaTests {
  static let schema = #"""
    {
      "type": "object",
      "additionalProperties": false,
      "required": ["tree"],
      "properties": {
        "tree": {"$ref": "#/$defs/tree"},
        "missing": {"$ref": "#/$defs/nowhere"},
        "aliased": {"$ref": "#/$defs/alias"},
        "level": {"$ref": "#/$defs/level"},
        "levelWithOwnDefault": {"$ref": "#/$defs/level", "default": "low"},
        "code": {"enum": [1, 2.5, true, null, "x", {"a": 1}, [1]]},
        "odd": {"type": "decimal"},
        "free": {"items": true, "properties": 3, "required": "all"},
        "open": {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a", "b"]},
        "nothing": {"type": "null"},
        "either": {"oneOf": [{"type": "integer"}, {"$ref": "#/$defs/tree"}, {"enum": ["leaf"]}], "type": "string"}
      },
      "$defs": {
        "tree": {
          "type": "object",
          "additionalProperties": false,
          "required": ["name"],
          "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/$defs/tree"}, "default": []},
            "weight": {"type": "number", "default": 1.5}
          }
        },
        "alias": {"$ref": "#/$defs/tree", "type": "string"},
        "level": {"enum": ["low", "high"], "default": "high"}
      }
    }
    """#

  static let documents = [
    #"{"tree": {"name": "root", "children": [{"name": "a", "children": [{"name": "b", "x": 1}, {"children": []}]}]}}"#,
    #"{"tree": {"name": "r"}, "missing": {"anything": [1, 2.0, {"b": 1, "a": 2}]}, "aliased": 5, "level": "mid"}"#,
    #"{"tree": {"name": "r"}, "code": 2.50, "odd": 1, "free": [3, {"z": 1, "y": 2}], "open": {"a": 1.0, "c": 2}}"#,
    #"{"tree": {"name": "r"}, "code": {"a": 1.0}, "open": {"b": 1}, "nothing": null, "either": {"name": "t"}}"#,
    #"{"tree": {"name": "r"}, "code": [1], "either": 3, "levelWithOwnDefault": 7}"#,
    #"{"tree": {"name": "r"}, "code": "y", "either": "leaf", "nothing": 0}"#,
    #"{"tree": {"name": "r", "children": 1}, "either": {"children": [{"name": 2}]}}"#,
    #"{"tree": {"children": [{"name": "orphan"}]}, "unknown": true}"#,
    #"{"either": [], "code": false, "open": {}}"#,
  ]

  @Test(arguments: documents)
  func agreesWithTheLegacyNormalizer(document: String) throws {
    let schema = try JSONDecoder().decode(JSONFragment.self, from: Data(Self.schema.utf8))
    let value = try JSONParser.parse(Array(document.utf8))
    var legacy = LegacySchemaNormalizer(schema: schema, file: "f.json")
    let expected = legacy.normalize(JSONFragment(value), schema: schema, path: "")
    var compiled = SchemaNormalizer(schema: CompiledSchema(schema), file: "f.json")
    let actual = compiled.normalize(value)
    #expect(actual == expected?.jsonValue)
    #expect(compiled.problems == legacy.problems)
  }

  @Test func aRecursiveDefinitionCompilesToOneNode() throws {
    let schema = try JSONDecoder().decode(JSONFragment.self, from: Data(Self.schema.utf8))
    let compiled = CompiledSchema(schema)
    let root = try #require(compiled.nodes[compiled.root].object)
    let tree = try #require(root.properties.first { $0.name == "tree" }?.node)
    let treeRules = try #require(compiled.nodes[tree].object)
    let children = try #require(treeRules.properties.first { $0.name == "children" }?.node)
    #expect(compiled.nodes[children].items == tree)
  }

  @Test func problemsOfTheRecursiveSchemaAreReportedAtTheirPaths() throws {
    let schema = try JSONDecoder().decode(JSONFragment.self, from: Data(Self.schema.utf8))
    var normalizer = SchemaNormalizer(schema: CompiledSchema(schema), file: nil)
    let value = try JSONParser.parse(Array(Self.documents[0].utf8))
    _ = normalizer.normalize(value)
    #expect(
      normalizer.problems.map(\.path) == ["tree.children[0].children[0].x", "tree.children[0].children[1].name"])
  }
}
