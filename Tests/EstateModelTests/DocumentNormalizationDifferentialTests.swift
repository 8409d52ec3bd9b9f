import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

@testable import EstateModel

/// The loader's document decoding must agree exactly (problems in order, decoded document) with the legacy
/// normaliser on hand-written cases and on thousands of seeded random mutations of them.
@Suite struct DocumentNormalizationDifferentialTests {
  /// Decodes with both implementations and records every difference.
  static func compare(_ text: String, label: String) {
    let data = Data(text.utf8)
    guard case .object? = try? EstateAssembler.parse(data) else { return }
    let current = DocumentNormalizationTests.decode(text)
    let value = (try? EstateAssembler.parse(data)) ?? .null
    let legacy = LegacySchemaNormalizer.decode(value, file: "estate.json")
    #expect(current.problems == legacy.problems, "\(label): \(text)")
    #expect(current.document == legacy.document, "\(label): \(text)")
  }

  /// The base documents the mutations start from.
  static let bases: [JSONValue] = {
    var texts = DocumentNormalizationCases.all.map(\.text)
    let sample = TestPaths.sampleEstate.appendingPathComponent("estate.json")
    if let text = try? String(contentsOf: sample, encoding: .utf8) { texts.append(text) }
    return texts.compactMap { try? EstateAssembler.parse(Data($0.utf8)) }
  }()

  @Test func handWrittenCasesAgree() throws {
    try #require(Self.bases.count == DocumentNormalizationCases.all.count + 1)
    for (name, text) in DocumentNormalizationCases.all {
      Self.compare(text, label: name)
    }
  }

  @Test(arguments: 0..<8)
  func randomMutationsAgree(seed: UInt64) throws {
    var random = SplitMix64(seed: seed &+ 0x5EED)
    var mutator = DocumentMutator(donors: Self.bases)
    for round in 0..<250 {
      var document = Self.bases[Int(random.next() % UInt64(Self.bases.count))]
      for _ in 0...(random.next() % 4) {
        document = mutator.mutate(document, random: &random)
      }
      Self.compare(document.jsonText, label: "seed \(seed) round \(round)")
    }
  }
}

/// Makes random edits to a JSON document: replaces, removes, duplicates or adds members and elements.
struct DocumentMutator {
  /// Documents whose parts are transplanted into others.
  let donors: [JSONValue]

  /// Values that are likely to hit a rule: enumeration members, numbers of every form, file references.
  static let palette: [JSONValue] = [
    .null, .bool(true), .bool(false), "", "x", "Running", "VPN", "named", "Production", "batch", "Connected",
    .number(JSONNumber(unchecked: "1")), .number(JSONNumber(unchecked: "1.5")), .number(JSONNumber(unchecked: "-0")),
    .number(JSONNumber(unchecked: "1e300")), .number(JSONNumber(unchecked: "2.0")),
    .number(JSONNumber(unchecked: "9007199254740993")), .number(JSONNumber(unchecked: "1e400")),
    [:], [], ["path": "p.csdef"], ["inline": "<x/>"], ["name": "n"], ["kind": "default"], ["a", 1],
    ["name": "n", "metric": "m", "role": "r"], ["b": 1, "a": 2, "b": 3],
  ]

  /// Keys to add: known field names in the wrong place, unknown names, the empty key.
  static let keys = [
    "name", "version", "services", "deployments", "production", "staging", "csdef", "cscfg", "inline", "path",
    "enabled", "status", "kind", "type", "state", "threshold", "ports", "extra", "", "a.b", "\u{e9}", "e\u{301}",
  ]

  mutating func mutate(_ value: JSONValue, random: inout SplitMix64) -> JSONValue {
    var count = 0
    Self.countNodes(value, &count)
    let target = Int(random.next() % UInt64(max(count, 1)))
    var position = 0
    return edit(value, target: target, position: &position, depth: 0, random: &random)
  }

  private static func countNodes(_ value: JSONValue, _ count: inout Int) {
    count += 1
    switch value {
    case .object(let object): for member in object { countNodes(member.value, &count) }
    case .array(let elements): for element in elements { countNodes(element, &count) }
    default: break
    }
  }

  private func randomValue(_ random: inout SplitMix64) -> JSONValue {
    if random.next() % 3 == 0, let donor = donors.randomElement(using: &random) {
      return subtree(of: donor, random: &random)
    }
    return Self.palette[Int(random.next() % UInt64(Self.palette.count))]
  }

  private func subtree(of value: JSONValue, random: inout SplitMix64) -> JSONValue {
    var node = value
    for _ in 0..<Int(random.next() % 5) {
      switch node {
      case .object(let object) where !object.isEmpty:
        node = object.members[Int(random.next() % UInt64(object.count))].value
      case .array(let elements) where !elements.isEmpty:
        node = elements[Int(random.next() % UInt64(elements.count))]
      default: return node
      }
    }
    return node
  }

  private func edit(
    _ value: JSONValue, target: Int, position: inout Int, depth: Int, random: inout SplitMix64
  ) -> JSONValue {
    let here = position
    position += 1
    if here == target { return editNode(value, isRoot: depth == 0, random: &random) }
    switch value {
    case .object(let object):
      return .object(
        JSONObject(
          object.members.map {
            (key: $0.key, value: edit($0.value, target: target, position: &position, depth: depth + 1, random: &random))
          }))
    case .array(let elements):
      return .array(
        elements.map { edit($0, target: target, position: &position, depth: depth + 1, random: &random) })
    default: return value
    }
  }

  private func editNode(_ value: JSONValue, isRoot: Bool, random: inout SplitMix64) -> JSONValue {
    switch (value, random.next() % 4) {
    case (.object(var object), 0) where !object.isEmpty:
      object = JSONObject(object.members.filter { _ in random.next() % 3 != 0 })
      return .object(object)
    case (.object(let object), 1), (.object(let object), 2):
      var members = object.members
      let key = Self.keys[Int(random.next() % UInt64(Self.keys.count))]
      let index = Int(random.next() % UInt64(members.count + 1))
      members.insert((key: key, value: randomValue(&random)), at: index)
      return .object(JSONObject(members))
    case (.array(var elements), 0), (.array(var elements), 1):
      elements.insert(randomValue(&random), at: Int(random.next() % UInt64(elements.count + 1)))
      return .array(elements)
    default:
      return isRoot ? value : randomValue(&random)
    }
  }
}
