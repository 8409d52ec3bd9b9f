import Testing
import WorkerProtocol

@Suite("JSONWriter")
struct JSONWriterTests {
  @Test(
    "string escaping",
    arguments: [
      ("plain", #""plain""#),
      ("", #""""#),
      ("a\"b", #""a\"b""#),
      ("a\\b", #""a\\b""#),
      ("a/b", #""a/b""#),
      ("</script>", #""</script>""#),
      ("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
      ("\u{0}", #""\u0000""#),
      ("\u{1}\u{1B}\u{1F}", #""\u0001\u001b\u001f""#),
      ("\u{7F}", "\"\u{7F}\""),
      ("é€", "\"é€\""),
      ("😀", "\"😀\""),
      ("\u{2028}\u{2029}", "\"\u{2028}\u{2029}\""),
      ("\u{FFFD}", "\"\u{FFFD}\""),
      ("ends with quote\"", #""ends with quote\"""#),
      ("\"starts with quote and is longer than eight", #""\"starts with quote and is longer than eight""#),
      ("0123456789\\abcdefghij\nklmnopqrst\u{1}", #""0123456789\\abcdefghij\nklmnopqrst\u0001""#),
      ("\"\"\"\"\"\"\"\"\"", #""\"\"\"\"\"\"\"\"\"""#),
      ("日本語テキスト\t日本語テキスト", #""日本語テキスト\t日本語テキスト""#),
    ])
  func escaping(_ input: String, _ expected: String) {
    var writer = JSONWriter()
    writer.writeString(input)
    #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
  }

  @Test("every control character", arguments: 0..<0x20)
  func controlCharacter(_ code: Int) throws {
    let scalar = try #require(Unicode.Scalar(code))
    let named: [Int: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
    let hex = String(code, radix: 16)
    let expected = named[code] ?? "\\u00" + (hex.count == 1 ? "0" + hex : hex)
    #expect(JSONValue.string(String(scalar)).jsonText == "\"\(expected)\"")
  }

  @Test("escape at every position of a long string", arguments: 0..<20)
  func escapeAtPosition(_ position: Int) {
    let prefix = String(repeating: "x", count: position)
    let text = JSONValue.string(prefix + "\"" + "yyyyyyyyyy" + "\u{1}").jsonText
    #expect(text == "\"" + prefix + "\\\"yyyyyyyyyy\\u0001\"")
  }

  @Test("long strings are escaped exactly", arguments: [500, 700, 1000, 5000])
  func longString(_ length: Int) throws {
    let unit = "ab\"c\\d\u{1}é😀/\n"
    var input = ""
    while input.unicodeScalars.count < length { input += unit }
    let written = JSONValue.string(input).serialized()
    let expectedUnit = #"ab\"c\\d\u0001é😀/\n"#
    let repeats = input.unicodeScalars.count / unit.unicodeScalars.count
    #expect(written == Array(("\"" + String(repeating: expectedUnit, count: repeats) + "\"").utf8))
    #expect(try JSONParser.parse(written) == .string(input))
  }

  @Test func onlyControlCharacters() {
    let input = String(repeating: "\u{0}", count: 2000)
    let expected = "\"" + String(repeating: "\\u0000", count: 2000) + "\""
    #expect(JSONValue.string(input).jsonText == expected)
  }

  @Test func nonASCIIIsWrittenAsUTF8() {
    #expect(JSONValue.string("é😀").serialized() == [0x22, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x22])
  }

  static let valueCases: [(JSONValue, String)] = [
    (.null, "null"),
    (true, "true"),
    (false, "false"),
    (num("-0"), "-0"),
    (num("1E+2"), "1E+2"),
    (num("9007199254740993"), "9007199254740993"),
    (JSONValue(integerLiteral: -42), "-42"),
    (JSONValue(floatLiteral: 0.5), "0.5"),
    ([], "[]"),
    (.object(JSONObject()), "{}"),
    ([1, "two", nil, [true]], #"[1,"two",null,[true]]"#),
    (["z": 1, "a": ["k": "v"], "m": []], #"{"z":1,"a":{"k":"v"},"m":[]}"#),
    (["a\"b": "c\nd"], #"{"a\"b":"c\nd"}"#),
  ]

  @Test("values", arguments: valueCases)
  func values(_ value: JSONValue, _ expected: String) {
    #expect(value.jsonText == expected)
    #expect(value.serialized() == Array(expected.utf8))
  }

  @Test func duplicateMembersAreWrittenInOrder() {
    let object = JSONObject([(key: "a", value: 1), (key: "b", value: 2), (key: "a", value: 3)])
    #expect(JSONValue.object(object).jsonText == #"{"a":1,"b":2,"a":3}"#)
  }

  @Test func writerAppendsAcrossCalls() {
    var writer = JSONWriter(capacity: 4)
    writer.writeRaw(Array("{\"result\":".utf8))
    writer.write(["ok": true])
    writer.writeRaw("}".utf8)
    writer.writeRaw([0x0A])
    #expect(String(decoding: writer.bytes, as: UTF8.self) == "{\"result\":{\"ok\":true}}\n")
  }

  @Test func newWriterIsEmpty() {
    let writer = JSONWriter()
    #expect(writer.bytes.isEmpty)
    #expect(writer.bytes.capacity >= 256)
  }

  /// Node counting stops at the limit and counts containers, elements and member values.
  @Test func nodeCountsStopAtTheLimit() {
    let value: JSONValue = ["a": [1, 2, 3], "b": ["c": "d"]]  // object, array, 3 numbers, object, string
    #expect(!value.hasMoreNodes(than: 7))
    #expect(value.hasMoreNodes(than: 6))
    #expect(JSONValue.null.hasMoreNodes(than: 0))
    #expect(!JSONValue.null.hasMoreNodes(than: 1))
  }

  /// A result written beforehand gives the same reply as the result written in place.
  @Test func preEncodedResultMatchesInPlace() {
    let result: JSONValue = ["messages": ["a\n", ["x": 1.5]], "ok": true]
    var inPlace = JSONWriter()
    OutgoingMessage.result(id: .number(JSONNumber(7)), result: result, into: &inPlace)
    var encoded = JSONWriter()
    OutgoingMessage.result(id: .number(JSONNumber(7)), encodedResult: result.serialized(), into: &encoded)
    #expect(encoded.bytes == inPlace.bytes)
  }
}
