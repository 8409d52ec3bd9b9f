import Testing
import WorkerProtocol
import WorkerTestSupport

@Suite("JSON round trip")
struct JSONRoundTripTests {
  /// Compact documents: writing what was parsed must reproduce the text byte for byte.
  static let compactDocuments = [
    "null", "true", "false", "0", "-0", "1E+2", "-1.25e-10", "9007199254740993", #""""#, #""x""#,
    "[]", "{}", "[[],{},[[]]]",
    #"{"jsonrpc":"2.0","id":1,"method":"estate.scan","params":{"path":"/srv","depth":3}}"#,
    #"{"jsonrpc":"2.0","id":"abc","result":[1,2.5,-3e7,true,false,null,"é😀"]}"#,
    #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":{"reason":"x"}}}"#,
    #"{"a":1,"a":2}"#,
    #"["\"\\\n\r\t\b\f\u0000\u001f","/","é😀"]"#,
    #"[{"k":[{"k":[{"k":[]}]}]}]"#,
  ]

  @Test(arguments: compactDocuments)
  func compactTextIsReproduced(_ text: String) throws {
    let value = try JSONParser.parse(text)
    #expect(value.jsonText == text)
  }

  /// Documents with whitespace and escapes that the writer normalizes; the value must survive.
  static let looseDocuments = [
    " [ 1 , 2 ] ",
    "{ \"a\" :\n[ true ,\tfalse ] }",
    #""\u00e9\/\ud83d\ude00\u0041""#,
    #"{"\u006b\u0065\u0079":"\ud800"}"#,
    #"["\u20ac", "€"]"#,
    #"["\u007f\u0080\uFFFF"]"#,
  ]

  @Test(arguments: compactDocuments + looseDocuments)
  func parseWriteParse(_ text: String) throws {
    let first = try JSONParser.parse(text)
    let written = first.serialized()
    let second = try JSONParser.parse(written)
    #expect(second == first)
    #expect(second.serialized() == written)
  }

  @Test func escapesAreNormalized() throws {
    let value = try JSONParser.parse(#"["\u00e9\/\ud83d\ude00\u0041"]"#)
    #expect(value.jsonText == "[\"é/😀A\"]")
  }

  @Test("random trees", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func randomTrees(_ seed: UInt64) throws {
    var generator = RandomJSON(seed: seed)
    for _ in 0..<150 {
      let value = generator.value(depth: 0)
      let bytes = value.serialized()
      let parsed = try JSONParser.parse(bytes)
      #expect(parsed == value, "\(value.jsonText)")
      #expect(parsed.serialized() == bytes)
    }
  }

  @Test func randomGeneratorIsDeterministic() {
    var first = RandomJSON(seed: 42)
    var second = RandomJSON(seed: 42)
    let a = (0..<20).map { _ in first.value(depth: 0) }
    let b = (0..<20).map { _ in second.value(depth: 0) }
    #expect(a == b)
    #expect(Set(a.map(\.jsonText)).count > 10)
  }
}

/// Generates random `JSONValue` trees from a fixed seed.
struct RandomJSON {
  var rng: SplitMix64

  init(seed: UInt64) { rng = SplitMix64(seed: seed) }

  /// Text pieces that strings are built from: plain ASCII, everything that needs escaping, and non-ASCII.
  static let pieces: [String] = [
    "a", "Z", "9", " ", "/", "\"", "\\", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}",
    "\u{1F}", "\u{7F}", "é", "€", "😀", "\u{FFFD}", "\u{10FFFF}", "\u{2028}", "日本", "plain text run",
  ]

  mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &rng) }

  mutating func string() -> String {
    var result = ""
    for _ in 0..<int(0..<12) {
      result += Self.pieces[int(0..<Self.pieces.count)]
    }
    return result
  }

  mutating func digits(count: Int, leadingNonZero: Bool) -> String {
    var text = ""
    for index in 0..<count {
      let low = index == 0 && leadingNonZero ? 1 : 0
      text += String(int(low..<10))
    }
    return text
  }

  /// A valid RFC 8259 number text: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
  mutating func numberText() -> String {
    var text = int(0..<3) == 0 ? "-" : ""
    text += int(0..<4) == 0 ? "0" : digits(count: int(1..<22), leadingNonZero: true)
    if int(0..<3) == 0 {
      text += "." + digits(count: int(1..<8), leadingNonZero: false)
    }
    if int(0..<4) == 0 {
      text += ["e", "E"][int(0..<2)] + ["", "+", "-"][int(0..<3)] + digits(count: int(1..<4), leadingNonZero: false)
    }
    return text
  }

  mutating func value(depth: Int) -> JSONValue {
    let kinds = depth >= 5 ? 4 : 6
    switch int(0..<kinds) {
    case 0:
      return [.null, .bool(true), .bool(false)][int(0..<3)]
    case 1:
      return .number(JSONNumber(unchecked: numberText()))
    case 2, 3:
      return .string(string())
    case 4:
      return .array((0..<int(0..<6)).map { _ in value(depth: depth + 1) })
    default:
      var members: [(key: String, value: JSONValue)] = []
      for _ in 0..<int(0..<6) {
        // Occasionally reuse a key so that duplicates are exercised.
        let key = int(0..<5) == 0 ? "dup" : string()
        members.append((key: key, value: value(depth: depth + 1)))
      }
      return .object(JSONObject(members))
    }
  }
}
