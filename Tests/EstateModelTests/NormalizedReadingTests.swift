import Foundation
import Testing
import WorkerProtocol

@testable import EstateModel

/// `EstateDocument(normalized:)` must read exactly what `JSONValueDecoder` decodes. The documents here are made
/// from the schema itself, every property of every object filled in, so a field added to the schema and the model
/// but not to the reader fails these tests.
@Suite struct NormalizedReadingTests {
  /// A valid value for a schema node; `variant` picks among alternatives, enumeration members and booleans.
  static func sample(_ schema: CompiledSchema, node index: Int, variant: Int, depth: Int = 0) -> JSONValue {
    let node = schema.nodes[index]
    if let alternatives = node.alternatives, !alternatives.isEmpty {
      return sample(schema, node: alternatives[variant % alternatives.count], variant: variant, depth: depth + 1)
    }
    if let allowed = node.allowed, !allowed.isEmpty {
      return allowed[variant % allowed.count].jsonValue
    }
    switch node.type {
    case .string: return .string("text-\(variant)-\(depth)")
    case .integer: return .number(JSONNumber(7 + variant))
    case .number: return .number(JSONNumber(unchecked: "2.5"))
    case .boolean: return .bool(variant % 2 == 1)
    case .null: return .null
    case .array:
      guard let items = node.items else { return ["free", 1] }
      return .array((0...variant % 2).map { sample(schema, node: items, variant: variant + $0, depth: depth + 1) })
    case .object, nil:
      guard let rules = node.object else { return ["key": ["free", 1.5, true]] }
      return .object(
        JSONObject(
          rules.properties.map { ($0.name, sample(schema, node: $0.node, variant: variant, depth: depth + 1)) }))
    case .other: return .null
    }
  }

  @Test(arguments: 0..<4)
  func aDocumentWithEveryFieldReadsAsItDecodes(variant: Int) throws {
    let schema = EstateAssembler.compiledSchema
    let document = Self.sample(schema, node: schema.root, variant: variant)
    var normalizer = SchemaNormalizer(schema: schema, file: nil)
    let result = normalizer.normalize(document)
    let normalized = try #require(result)
    #expect(normalizer.problems.isEmpty, "\(normalizer.problems)")
    let decoded = try JSONValueDecoder().decode(EstateDocument.self, from: normalized)
    let read = try EstateDocument(normalized: normalized)
    #expect(read == decoded)
    let deployment = try #require(read.services.first?.deployments.production)
    #expect(deployment.csdef != nil && deployment.status != nil && deployment.extensions.first?.publicSettings != nil)
  }

  @Test func theReaderGivesUpWhereTheDecoderWouldFail() {
    let value: JSONValue = [
      "version": .number(JSONNumber(unchecked: "1e+300")), "services": [], "asmExports": [], "reservedIPs": [],
      "gateways": [], "networkSecurityGroups": [], "routeTables": [], "expressRouteCircuits": [], "peerings": [],
      "vnetTenants": [], "quotas": [], "jitPolicies": [], "rbacAssignments": [],
    ]
    #expect(throws: NormalizedReadFailure.self) { try EstateDocument(normalized: value) }
    #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(EstateDocument.self, from: value) }
  }

  @Test func aStatusTheModelDoesNotKnowIsLeftToTheDecoder() {
    #expect(throws: NormalizedReadFailure.self) {
      try DeploymentEntry(normalized: ["status": "Dormant", "extensions": []])
    }
    #expect(throws: NormalizedReadFailure.self) { try FileReference(normalized: ["inline": 5]) }
    #expect(throws: NormalizedReadFailure.self) { try FileReference(normalized: [:]) }
  }
}
