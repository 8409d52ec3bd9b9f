import Testing
import WorkerProtocol

/// One input that must parse to a given value.
struct AcceptCase: Sendable, CustomTestStringConvertible {
  let text: String
  let expected: JSONValue

  init(_ text: String, _ expected: JSONValue) {
    self.text = text
    self.expected = expected
  }

  var testDescription: String { text.debugDescription }
}

@Suite("JSONParser accepts")
struct JSONParserAcceptTests {
  static let cases: [AcceptCase] = [
    // Scalars at the top level.
    AcceptCase("null", .null),
    AcceptCase("true", .bool(true)),
    AcceptCase("false", .bool(false)),
    AcceptCase("0", num("0")),
    AcceptCase("-0", num("-0")),
    AcceptCase("42", num("42")),
    AcceptCase("-12.5e-3", num("-12.5e-3")),
    AcceptCase("1E+2", num("1E+2")),
    AcceptCase("1e2", num("1e2")),
    AcceptCase("0.0", num("0.0")),
    AcceptCase("1.000", num("1.000")),
    AcceptCase("0e0", num("0e0")),
    AcceptCase("9007199254740993", num("9007199254740993")),
    AcceptCase("-9223372036854775809", num("-9223372036854775809")),
    AcceptCase("123456789012345678901234567890e-999", num("123456789012345678901234567890e-999")),
    AcceptCase(#""""#, ""),
    AcceptCase(#""hello""#, "hello"),
    // Whitespace of all four kinds around and inside.
    AcceptCase(" \t\r\n[ 1 ,\t2\n,\r3 ] \n", [num("1"), num("2"), num("3")]),
    AcceptCase(" { \"a\" : 1 } ", ["a": num("1")]),
    // Containers.
    AcceptCase("[]", []),
    AcceptCase("{}", .object(JSONObject())),
    AcceptCase("[ ]", []),
    AcceptCase("{ }", .object(JSONObject())),
    AcceptCase("[[]]", [[]]),
    AcceptCase("[{}]", [.object(JSONObject())]),
    AcceptCase(#"[null,true,false,"x",0,[],{}]"#, [.null, true, false, "x", num("0"), [], .object(JSONObject())]),
    AcceptCase(#"{"a":[1,{"b":null}],"c":"d"}"#, ["a": [num("1"), ["b": .null]], "c": "d"]),
    AcceptCase(#"{"z":1,"a":2,"m":3}"#, ["z": num("1"), "a": num("2"), "m": num("3")]),
    AcceptCase(#"[[[[["deep"]]]]]"#, [[[[["deep"]]]]]),
    // Escapes.
    AcceptCase(#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
    AcceptCase(#""\u0041\u00e9\u20AC""#, "Aé€"),
    AcceptCase(#""\u0000""#, "\u{0}"),
    AcceptCase(#""a\nb""#, "a\nb"),
    AcceptCase(#""0123456789\"abcdef""#, "0123456789\"abcdef"),
    AcceptCase(#""\\\\\\""#, "\\\\\\"),
    // Surrogate pairs and lone surrogates (lone ones decode to U+FFFD).
    AcceptCase(#""\ud83d\ude00""#, "😀"),
    AcceptCase(#""\uD834\uDD1E""#, "𝄞"),
    AcceptCase(#""\udbff\udfff""#, "\u{10FFFF}"),
    AcceptCase(#""\ud800""#, "\u{FFFD}"),
    AcceptCase(#""\udc00""#, "\u{FFFD}"),
    AcceptCase(#""\ud800x""#, "\u{FFFD}x"),
    AcceptCase(#""\ud800\u0041""#, "\u{FFFD}A"),
    AcceptCase(#""\ud800\ud800\udc00""#, "\u{FFFD}\u{10000}"),
    AcceptCase(#""\ude00\ud83d""#, "\u{FFFD}\u{FFFD}"),
    AcceptCase(#""\ud800\n""#, "\u{FFFD}\n"),
    // Raw UTF-8 of every length, including the extremes of each range.
    AcceptCase("\"é€😀\"", "é€😀"),
    AcceptCase(
      "\"\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}\"",
      "\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}"),
    AcceptCase("\"\u{7F}\"", "\u{7F}"),
    AcceptCase("\"/\"", "/"),
    AcceptCase("\"日本語のテキスト、少し長め\"", "日本語のテキスト、少し長め"),
    AcceptCase("{\"ключ\":\"значение\"}", ["ключ": "значение"]),
  ]

  @Test(arguments: cases)
  func accepts(_ testCase: AcceptCase) throws {
    let value = try JSONParser.parse(testCase.text)
    #expect(value == testCase.expected)
  }

  @Test(
    "numbers keep their exact text",
    arguments: [
      "0", "-0", "1E+2", "1e-2", "1.50", "-0.0e00", "9007199254740993", "18446744073709551616",
      "1E400", "0.1000000000000000055511151231257827",
    ])
  func numberText(_ text: String) throws {
    let value = try JSONParser.parse("[\(text)]")
    #expect(value.arrayValue?.first?.numberValue?.text == text)
  }

  @Test func bigIntegerKeepsItsDigits() throws {
    let value = try JSONParser.parse(#"{"jsonrpc":"2.0","id":9007199254740993,"method":"x"}"#)
    #expect(value["id"]?.numberValue?.text == "9007199254740993")
    #expect(value["id"]?.intValue == 9_007_199_254_740_993)
    #expect(value["jsonrpc"] == "2.0")
  }

  @Test func duplicateKeysAreAllKept() throws {
    let value = try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#)
    let object = try #require(value.objectValue)
    #expect(object.keys == ["a", "b", "a"])
    #expect(object["a"] == num("3"))
    #expect(object.count == 3)
  }

  @Test func memberOrderIsKept() throws {
    let value = try JSONParser.parse(#"{"b":1,"a":2,"c":{"y":1,"x":2}}"#)
    #expect(value.objectValue?.keys == ["b", "a", "c"])
    #expect(value["c"]?.objectValue?.keys == ["y", "x"])
  }

  // MARK: Entry points

  @Test func parsesFromEveryEntryPoint() throws {
    let text = #"{"k":[1,"é"]}"#
    let expected: JSONValue = ["k": [num("1"), "é"]]
    let bytes = Array(text.utf8)
    #expect(try JSONParser.parse(text) == expected)
    #expect(try JSONParser.parse(bytes) == expected)
    #expect(try JSONParser.parse(bytes[...]) == expected)
    let fromBuffer = try bytes.withUnsafeBytes { raw in try JSONParser.parse(raw) }
    #expect(fromBuffer == expected)
  }

  @Test func sliceOffsetsAreRelativeToTheSlice() throws {
    let bytes = Array(#"xxxx[1,]yyyy"#.utf8)
    let slice = bytes[4..<8]
    #expect(throws: JSONParseError(.trailingComma, at: 2)) { try JSONParser.parse(slice) }
    let ok = Array(#"garbage[true]garbage"#.utf8)
    #expect(try JSONParser.parse(ok[7..<13]) == [true])
  }

  @Test func emptyBufferIsEmptyInput() {
    #expect(throws: JSONParseError(.emptyInput, at: 0)) {
      try JSONParser.parse(UnsafeRawBufferPointer(start: nil, count: 0))
    }
    #expect(throws: JSONParseError(.emptyInput, at: 0)) { try JSONParser.parse("") }
    #expect(throws: JSONParseError(.emptyInput, at: 3)) { try JSONParser.parse(" \n\t") }
  }

  // MARK: Word-at-a-time scanning at every alignment

  @Test("escape at every position of a long string", arguments: 0..<24)
  func escapeAtPosition(_ position: Int) throws {
    let prefix = String(repeating: "a", count: position)
    let value = try JSONParser.parse("\"\(prefix)\\\"0123456789\"")
    #expect(value == .string(prefix + "\"0123456789"))
  }

  @Test("raw control character at every position is rejected there", arguments: 0..<24)
  func controlAtPosition(_ position: Int) {
    let bytes = [0x22] + Array(repeating: UInt8(ascii: "a"), count: position) + [0x1F] + Array("abcdefghij\"".utf8)
    #expect(parseError(bytes) == JSONParseError(.controlCharacterInString, at: position + 1))
  }

  @Test("non-ASCII at every position is decoded", arguments: 0..<24)
  func unicodeAtPosition(_ position: Int) throws {
    let prefix = String(repeating: "z", count: position)
    let value = try JSONParser.parse("\"\(prefix)€😀abcdefghijk\"")
    #expect(value == .string(prefix + "€😀abcdefghijk"))
  }

  @Test("invalid UTF-8 at every position is rejected there", arguments: 0..<24)
  func invalidUTF8AtPosition(_ position: Int) {
    let bytes =
      [0x22] + Array(repeating: UInt8(ascii: "a"), count: position) + [0xED, 0xA0, 0x80]
      + Array("abcdefghij\"".utf8)
    #expect(parseError(bytes) == JSONParseError(.invalidUTF8, at: position + 1))
  }

  @Test func closingQuoteInsideAWordIsFound() throws {
    // Several strings packed so that quotes fall in the middle of eight-byte words.
    let value = try JSONParser.parse(#"["a","bc","def","ghij","klmno","pqrstu","vwxyz01"]"#)
    #expect(value == ["a", "bc", "def", "ghij", "klmno", "pqrstu", "vwxyz01"])
  }

  @Test func escapesAfterEscapesAndLongRuns() throws {
    let text = #""first run of text\tsecond run of text\u00e9third run of text\\end""#
    #expect(try JSONParser.parse(text) == "first run of text\tsecond run of text\u{e9}third run of text\\end")
  }
}

@Suite("JSONParser nesting")
struct JSONParserDepthTests {
  @Test func hundredThousandOpenBracketsIsTooDeep() {
    let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
    #expect(parseError(bytes) == JSONParseError(.tooDeep, at: JSONParser.defaultMaxDepth))
  }

  @Test func hundredThousandOpenBracesIsTooDeep() {
    let bytes = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
    #expect(parseError(bytes)?.kind == .tooDeep)
  }

  @Test func unboundedDepthDoesNotUseTheCallStack() {
    // With no effective limit the parser must still walk 100,000 levels without recursing.
    let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
    #expect(parseError(bytes, maxDepth: .max) == JSONParseError(.unexpectedEnd, at: 100_000))
    let mixed = Array(String(repeating: #"[{"k":"#, count: 50_000).utf8)
    #expect(parseError(mixed, maxDepth: .max) == JSONParseError(.unexpectedEnd, at: mixed.count))
  }

  @Test("exactly maxDepth levels are accepted, one more is not", arguments: [1, 2, 10, 256, 1000])
  func depthLimit(_ limit: Int) throws {
    let accepted = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
    let value = try JSONParser.parse(accepted, maxDepth: limit)
    #expect(depth(of: value) == limit)
    let rejected = "[" + accepted + "]"
    #expect(parseError(rejected, maxDepth: limit) == JSONParseError(.tooDeep, at: limit))
  }

  @Test func defaultLimitCountsObjectsAndArraysAlike() throws {
    let levels = JSONParser.defaultMaxDepth
    let open = String(repeating: #"{"a":["#, count: levels / 2)
    let close = String(repeating: "]}", count: levels / 2)
    let value = try JSONParser.parse(open + "1" + close)
    #expect(depth(of: value) == levels)
    let tooDeep = open + "[1]" + close
    #expect(parseError(tooDeep)?.kind == .tooDeep)
  }

  @Test func emptyContainersCountAsALevel() {
    #expect(parseError("[[]]", maxDepth: 1) == JSONParseError(.tooDeep, at: 1))
    #expect(parseError("[{}]", maxDepth: 1) == JSONParseError(.tooDeep, at: 1))
    #expect(parseError("[]", maxDepth: 0) == JSONParseError(.tooDeep, at: 0))
    #expect(parseError("7", maxDepth: 0) == nil)
  }
}

/// `parseMessage` keeps the text of request ids that decode lossily, by message position.
struct LossyIDTests {
  @Test func rawIDsByPosition() throws {
    let single = try Array(#"{"id":"\ud800","params":{"id":"\udc00"}}"#.utf8).withUnsafeBytes {
      try JSONParser.parseMessage($0)
    }
    #expect(single.rawIDs == [0: #"\ud800"#])
    let batch = try Array(#"[{"id":1},{"x":[1,{"id":"\udc00"}]},{"id":"a\udbffb"},{"id":"ok"}]"#.utf8).withUnsafeBytes {
      try JSONParser.parseMessage($0)
    }
    #expect(batch.rawIDs == [2: #"a\udbffb"#])
    let id = RequestID(batch.value.arrayValue?[2]["id"] ?? .null)?.keepingRawText(batch.rawIDs, at: 2)
    #expect(id == .escaped(#"a\udbffb"#))
    var writer = JSONWriter()
    id?.write(into: &writer)
    #expect(String(decoding: writer.bytes, as: UTF8.self) == #""a\udbffb""#)
    // Well-formed strings are not recorded.
    let plain = try Array(#"{"id":"\ud83d\ude00"}"#.utf8).withUnsafeBytes { try JSONParser.parseMessage($0) }
    #expect(plain.rawIDs.isEmpty)
  }
}
