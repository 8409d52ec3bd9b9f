import Testing
import WorkerProtocol

/// A params-like type with every shape the decoder walks.
private struct Sample: Decodable, Equatable {
  struct Inner: Decodable, Equatable {
    let name: String
    let tags: [String]
  }
  let count: Int
  let ratio: Double
  let enabled: Bool
  let inner: Inner
  let optional: String?
  let byName: [String: Int]
}

/// Keeps whatever JSON it is given, like an inline estate document.
private struct Keeper: Decodable {
  let raw: JSONValue
  init(from decoder: any Decoder) throws {
    guard let source = decoder as? any JSONValueDecoding else {
      throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a JSONValue decoder"))
    }
    raw = source.jsonValue
  }
}

struct JSONValueDecoderTests {
  @Test func decodesNestedValues() throws {
    let value = try JSONParser.parse(
      #"{"count":3,"ratio":0.5,"enabled":true,"inner":{"name":"x","tags":["a","b"]},"byName":{"k":1e2}}"#)
    let sample = try JSONValueDecoder().decode(Sample.self, from: value)
    #expect(
      sample
        == Sample(
          count: 3, ratio: 0.5, enabled: true, inner: .init(name: "x", tags: ["a", "b"]), optional: nil,
          byName: ["k": 100]))
  }

  /// Failures carry the coding path of the member, so the worker can name the field.
  @Test(arguments: [
    (#"{"count":"3","ratio":0.5,"enabled":true,"inner":{"name":"x","tags":[]},"byName":{}}"#, ["count"]),
    (#"{"count":3,"ratio":0.5,"enabled":true,"inner":{"name":"x","tags":[1]},"byName":{}}"#, ["inner", "tags", "0"]),
    (#"{"count":3.5,"ratio":0.5,"enabled":true,"inner":{"name":"x","tags":[]},"byName":{}}"#, ["count"]),
    (#"{"count":3,"ratio":0.5,"enabled":null,"inner":{"name":"x","tags":[]},"byName":{}}"#, ["enabled"]),
    (#"{"count":3,"ratio":0.5,"enabled":true,"inner":[],"byName":{}}"#, ["inner"]),
  ])
  func failuresNameTheMember(json: String, path: [String]) throws {
    let value = try JSONParser.parse(json)
    do {
      _ = try JSONValueDecoder().decode(Sample.self, from: value)
      Issue.record("decoded \(json)")
    } catch let error as DecodingError {
      let codingPath: [any CodingKey] =
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
          context.codingPath
        case .keyNotFound(let key, let context): context.codingPath + [key]
        @unknown default: []
        }
      #expect(codingPath.map(\.stringValue) == path)
    }
  }

  @Test func missingMemberIsKeyNotFound() throws {
    let value = try JSONParser.parse(#"{"ratio":0.5}"#)
    #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Sample.self, from: value) }
  }

  /// A type may take the value as it is, without a second parse.
  @Test func handsOverTheValue() throws {
    let value = try JSONParser.parse(#"{"a":[1,{"b":null}],"n":9007199254740993}"#)
    let kept = try JSONValueDecoder().decode(Keeper.self, from: value)
    #expect(kept.raw == value)
    #expect(kept.raw.jsonText == #"{"a":[1,{"b":null}],"n":9007199254740993}"#)
  }
}
