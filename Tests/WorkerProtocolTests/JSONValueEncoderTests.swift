import Testing
import WorkerProtocol

private struct Report: Encodable {
  struct Message: Encodable {
    let zeta: String
    let alpha: Int
    let note: String?
  }
  let result: String
  let messages: [Message]
  let ratio: Double
  let counts: [String: Int]
  let flags: [Bool]
}

/// Encodes itself with a custom `encode(to:)`, as the certificate dates do.
private struct Custom: Encodable {
  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode("2027-01-01T00:00:00Z")
  }
}

/// States its own JSON form, deliberately different from its `Encodable` conformance so the test can tell
/// which one the encoder used.
private struct SelfDescribing: JSONValueConvertible {
  let name: String
  var jsonValue: JSONValue { .object(JSONObject([("direct", .string(name))])) }
}

struct JSONValueEncoderTests {
  /// Keys come out sorted at every level, optionals that are nil are left out, numbers keep exact text.
  @Test func sortedDeterministicOutput() throws {
    let report = Report(
      result: "ok", messages: [.init(zeta: "z", alpha: 1, note: nil), .init(zeta: "y", alpha: 2, note: "n")],
      ratio: 0.5, counts: ["b": 2, "a": 1], flags: [true, false])
    let value = try JSONValueEncoder().encode(report)
    #expect(
      value.jsonText
        == #"{"counts":{"a":1,"b":2},"flags":[true,false],"messages":[{"alpha":1,"zeta":"z"},"#
        + #"{"alpha":2,"note":"n","zeta":"y"}],"ratio":0.5,"result":"ok"}"#)
  }

  /// A custom encoding is honoured as written.
  @Test func customEncodingIsKept() throws {
    #expect(try JSONValueEncoder().encode(["at": Custom()]).jsonText == #"{"at":"2027-01-01T00:00:00Z"}"#)
  }

  /// Non-finite numbers are not JSON: an error, never a broken reply.
  @Test func nonFiniteNumbersAreRefused() {
    #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["x": Double.nan]) }
  }

  /// A large array is encoded without quadratic copying (60,000 elements, as a big validation report).
  @Test func largeArrays() throws {
    let value = try JSONValueEncoder().encode(Array(0..<60_000))
    #expect(value.arrayValue?.count == 60_000)
    #expect(value.arrayValue?.last == .number(JSONNumber(59_999)))
  }

  /// A type that states its own JSON form is taken as is, at the top level, as a member and as an element.
  @Test func convertibleValuesUseTheirOwnForm() throws {
    let encoder = JSONValueEncoder()
    #expect(try encoder.encode(SelfDescribing(name: "a")).jsonText == #"{"direct":"a"}"#)
    #expect(try encoder.encode(["only": SelfDescribing(name: "b")]).jsonText == #"{"only":{"direct":"b"}}"#)
    let list = [SelfDescribing(name: "c"), SelfDescribing(name: "d")]
    #expect(try encoder.encode(list).jsonText == #"[{"direct":"c"},{"direct":"d"}]"#)
  }
}
