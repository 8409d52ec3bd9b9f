import Testing
import WorkerProtocol

/// One input that must be rejected with a given kind of error.
struct RejectCase: Sendable, CustomTestStringConvertible {
  let name: String
  let bytes: [UInt8]
  let kind: JSONParseError.Kind
  let maxDepth: Int

  init(_ name: String, _ text: String, _ kind: JSONParseError.Kind, maxDepth: Int = JSONParser.defaultMaxDepth) {
    self.name = name
    self.bytes = Array(text.utf8)
    self.kind = kind
    self.maxDepth = maxDepth
  }

  init(_ name: String, bytes: [UInt8], _ kind: JSONParseError.Kind) {
    self.name = name
    self.bytes = bytes
    self.kind = kind
    self.maxDepth = JSONParser.defaultMaxDepth
  }

  var testDescription: String { "\(name) -> \(kind)" }
}

/// Bytes of `"` + `inner` + `"`.
private func quoted(_ inner: [UInt8]) -> [UInt8] { [0x22] + inner + [0x22] }

@Suite("JSONParser rejects")
struct JSONParserRejectionTests {
  /// Modelled on JSONTestSuite's `n_` files.
  static let cases: [RejectCase] = [
    // Trailing commas.
    RejectCase("n_array_extra_comma", "[1,]", .trailingComma),
    RejectCase("n_array_extra_comma_space", "[1, ]", .trailingComma),
    RejectCase("n_array_nested_extra_comma", "[[],]", .trailingComma),
    RejectCase("n_object_trailing_comma", #"{"a":1,}"#, .trailingComma),
    RejectCase("n_object_trailing_comma_ws", "{\"a\":1 ,\n}", .trailingComma),
    // Structure.
    RejectCase("n_array_comma_first", "[,1]", .unexpectedCharacter),
    RejectCase("n_array_double_comma", "[1,,2]", .unexpectedCharacter),
    RejectCase("n_array_missing_comma", "[1 2]", .unexpectedCharacter),
    RejectCase("n_array_colon_instead_of_comma", "[1:2]", .unexpectedCharacter),
    RejectCase("n_array_closed_by_brace", "[1}", .unexpectedCharacter),
    RejectCase("n_array_open_then_brace", "[}", .unexpectedCharacter),
    RejectCase("n_array_comma_then_brace", "[1,}", .unexpectedCharacter),
    RejectCase("n_object_missing_colon", #"{"a" 1}"#, .unexpectedCharacter),
    RejectCase("n_object_comma_instead_of_colon", #"{"a",1}"#, .unexpectedCharacter),
    RejectCase("n_object_non_string_key", "{1:2}", .unexpectedCharacter),
    RejectCase("n_object_unquoted_key", "{a:1}", .unexpectedCharacter),
    RejectCase("n_object_single_quote_key", "{'a':1}", .unexpectedCharacter),
    RejectCase("n_object_missing_value", #"{"a":}"#, .unexpectedCharacter),
    RejectCase("n_object_closed_by_bracket", #"{"a":1]"#, .unexpectedCharacter),
    RejectCase("n_object_comma_only", "{,}", .unexpectedCharacter),
    RejectCase("n_object_double_comma", #"{"a":1,,"b":2}"#, .unexpectedCharacter),
    RejectCase("n_string_single_quote", "['a']", .unexpectedCharacter),
    RejectCase("n_structure_close_only", "]", .unexpectedCharacter),
    RejectCase("n_structure_form_feed_ws", "\u{C}[]", .unexpectedCharacter),
    RejectCase("n_structure_nbsp_ws", "[\u{A0}1]", .unexpectedCharacter),
    RejectCase("n_structure_UTF8_BOM", "\u{FEFF}{}", .unexpectedCharacter),
    RejectCase("n_structure_comment", "[1]//x", .trailingGarbage),
    // Numbers.
    RejectCase("n_number_leading_zero", "01", .leadingZero),
    RejectCase("n_number_double_zero", "00", .leadingZero),
    RejectCase("n_number_neg_leading_zero", "[-012]", .leadingZero),
    RejectCase("n_number_leading_zero_frac", "012.5", .leadingZero),
    RejectCase("n_number_trailing_dot", "1.", .invalidNumber),
    RejectCase("n_number_leading_dot", ".5", .invalidNumber),
    RejectCase("n_number_plus", "+1", .invalidNumber),
    RejectCase("n_number_minus_only", "-", .invalidNumber),
    RejectCase("n_number_minus_space", "[- 1]", .invalidNumber),
    RejectCase("n_number_exp_empty", "1e", .invalidNumber),
    RejectCase("n_number_exp_sign_only", "1e+", .invalidNumber),
    RejectCase("n_number_dot_exp", "2.e3", .invalidNumber),
    RejectCase("n_number_frac_exp_empty", "[1.5E]", .invalidNumber),
    RejectCase("n_number_neg_dot", "-.5", .invalidNumber),
    RejectCase("n_number_minus_infinity", "[-Infinity]", .invalidNumber),
    RejectCase("n_number_hex", "[0x1]", .unexpectedCharacter),
    // Words.
    RejectCase("n_number_NaN", "[NaN]", .invalidLiteral),
    RejectCase("n_number_infinity", "Infinity", .invalidLiteral),
    RejectCase("n_incomplete_true", "tru", .invalidLiteral),
    RejectCase("n_incomplete_null", "[nul]", .invalidLiteral),
    RejectCase("n_incomplete_false", "fals", .invalidLiteral),
    RejectCase("n_capitalized_True", "[True]", .invalidLiteral),
    RejectCase("n_wrong_literal", "nil", .invalidLiteral),
    // Escapes.
    RejectCase("n_string_escape_x", #""\x41""#, .invalidEscape),
    RejectCase("n_string_escape_a", #""\a""#, .invalidEscape),
    RejectCase("n_string_escape_quote_single", #""\'""#, .invalidEscape),
    RejectCase("n_string_incomplete_unicode", #""\u00""#, .invalidEscape),
    RejectCase("n_string_short_unicode", #""\u12""#, .invalidEscape),
    RejectCase("n_string_invalid_hex", #"["\u00G0"]"#, .invalidEscape),
    RejectCase("n_string_uppercase_U", #""\U0041""#, .invalidEscape),
    RejectCase("n_string_bad_second_surrogate", #""\ud800\u12""#, .invalidEscape),
    RejectCase("n_string_escaped_emoji", "\"\\😀\"", .invalidEscape),
    // Raw control characters.
    RejectCase("n_string_raw_soh", "\"a\u{01}b\"", .controlCharacterInString),
    RejectCase("n_string_raw_tab", "\"a\tb\"", .controlCharacterInString),
    RejectCase("n_string_raw_newline", "[\"a\nb\"]", .controlCharacterInString),
    RejectCase("n_string_raw_nul", bytes: quoted([0x61, 0x00]), .controlCharacterInString),
    RejectCase("n_string_raw_us_in_key", "{\"a\u{1F}\":1}", .controlCharacterInString),
    // Trailing garbage.
    RejectCase("n_structure_array_trailing_x", "[1] x", .trailingGarbage),
    RejectCase("n_structure_object_extra_close", "{}}", .trailingGarbage),
    RejectCase("n_structure_two_numbers", "1 2", .trailingGarbage),
    RejectCase("n_structure_two_strings", #""a""b""#, .trailingGarbage),
    RejectCase("n_structure_literal_suffix", "truex", .trailingGarbage),
    RejectCase("n_structure_array_extra_close", "[1]]", .trailingGarbage),
    RejectCase("n_number_then_letter", "1a", .trailingGarbage),
    RejectCase("n_structure_trailing_nul", bytes: [0x5B, 0x5D, 0x00], .trailingGarbage),
    // Empty input.
    RejectCase("n_structure_no_data", "", .emptyInput),
    RejectCase("n_structure_whitespace_only", " \t\r\n ", .emptyInput),
    // Truncated input.
    RejectCase("n_array_unclosed", "[", .unexpectedEnd),
    RejectCase("n_array_unclosed_after_value", "[1", .unexpectedEnd),
    RejectCase("n_array_unclosed_after_comma", "[1,", .unexpectedEnd),
    RejectCase("n_object_unclosed", "{", .unexpectedEnd),
    RejectCase("n_object_key_only", #"{"a""#, .unexpectedEnd),
    RejectCase("n_object_unclosed_after_value", #"{"a":1"#, .unexpectedEnd),
    RejectCase("n_string_unclosed", #""abc"#, .unexpectedEnd),
    RejectCase("n_string_unclosed_long", #"["abcdefghijklmnop"#, .unexpectedEnd),
    RejectCase("n_string_backslash_at_end", #""\"#, .unexpectedEnd),
    RejectCase("n_string_unicode_at_end", #""\u00"#, .unexpectedEnd),
    // Invalid UTF-8.
    RejectCase("n_string_overlong_2", bytes: quoted([0xC0, 0xAF]), .invalidUTF8),
    RejectCase("n_string_overlong_C1", bytes: quoted([0xC1, 0xBF]), .invalidUTF8),
    RejectCase("n_string_overlong_3", bytes: quoted([0xE0, 0x80, 0xAF]), .invalidUTF8),
    RejectCase("n_string_overlong_4", bytes: quoted([0xF0, 0x80, 0x80, 0xAF]), .invalidUTF8),
    RejectCase("n_string_utf8_surrogate_high", bytes: quoted([0xED, 0xA0, 0x80]), .invalidUTF8),
    RejectCase("n_string_utf8_surrogate_low", bytes: quoted([0xED, 0xBF, 0xBF]), .invalidUTF8),
    RejectCase("n_string_above_10FFFF", bytes: quoted([0xF4, 0x90, 0x80, 0x80]), .invalidUTF8),
    RejectCase("n_string_lead_F5", bytes: quoted([0xF5, 0x80, 0x80, 0x80]), .invalidUTF8),
    RejectCase("n_string_five_byte_form", bytes: quoted([0xF8, 0x88, 0x80, 0x80, 0x80]), .invalidUTF8),
    RejectCase("n_string_lone_continuation", bytes: quoted([0x80]), .invalidUTF8),
    RejectCase("n_string_FF", bytes: quoted([0x61, 0xFF]), .invalidUTF8),
    RejectCase("n_string_truncated_3", bytes: quoted([0xE2, 0x82]), .invalidUTF8),
    RejectCase("n_string_truncated_4", bytes: quoted([0xF0, 0x9F, 0x98]), .invalidUTF8),
    RejectCase("n_string_truncated_at_end", bytes: [0x22, 0xC3], .invalidUTF8),
    RejectCase("n_string_bad_continuation", bytes: quoted([0xC3, 0x28]), .invalidUTF8),
    RejectCase("n_key_invalid_utf8", bytes: [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], .invalidUTF8),
    RejectCase("n_structure_invalid_utf8_value", bytes: [0x5B, 0xFF, 0x5D], .invalidUTF8),
    RejectCase("n_structure_invalid_utf8_after_value", bytes: [0x31, 0x20, 0xE9], .invalidUTF8),
    RejectCase("n_structure_invalid_utf8_separator", bytes: [0x5B, 0x31, 0xC0, 0x80, 0x5D], .invalidUTF8),
    // Depth.
    RejectCase("n_depth_over_limit", "[[[1]]]", .tooDeep, maxDepth: 2),
    RejectCase("n_depth_object_over_limit", #"{"a":{"b":{}}}"#, .tooDeep, maxDepth: 2),
  ]

  @Test(arguments: cases)
  func rejects(_ testCase: RejectCase) {
    let error = parseError(testCase.bytes, maxDepth: testCase.maxDepth)
    #expect(error?.kind == testCase.kind)
  }

  @Test func tableCoversEveryKind() {
    let covered = Set(Self.cases.map(\.kind))
    let all: Set<JSONParseError.Kind> = [
      .unexpectedEnd, .unexpectedCharacter, .invalidUTF8, .invalidEscape, .controlCharacterInString,
      .invalidNumber, .leadingZero, .trailingComma, .trailingGarbage, .tooDeep, .invalidLiteral, .emptyInput,
    ]
    #expect(covered == all)
    #expect(Self.cases.count >= 40)
  }

  @Test(
    "errors carry the byte offset of the problem",
    arguments: [
      ("[1,]", JSONParseError(.trailingComma, at: 2)),
      ("[1] x", JSONParseError(.trailingGarbage, at: 4)),
      ("  01", JSONParseError(.leadingZero, at: 2)),
      ("[1.]", JSONParseError(.invalidNumber, at: 3)),
      (#"["ab\x"]"#, JSONParseError(.invalidEscape, at: 4)),
      (#"["\u12"]"#, JSONParseError(.invalidEscape, at: 2)),
      ("[\"é\u{01}\"]", JSONParseError(.controlCharacterInString, at: 4)),
      (#"{"a" 1}"#, JSONParseError(.unexpectedCharacter, at: 5)),
      ("[tru]", JSONParseError(.invalidLiteral, at: 1)),
      ("[1,2", JSONParseError(.unexpectedEnd, at: 4)),
      ("  ", JSONParseError(.emptyInput, at: 2)),
    ])
  func offsets(_ text: String, _ expected: JSONParseError) {
    #expect(parseError(text) == expected)
  }

  @Test func invalidUTF8OffsetPointsAtTheLeadByte() {
    #expect(parseError([0x5B, 0x22, 0x61, 0xE0, 0x80, 0xAF, 0x22, 0x5D]) == JSONParseError(.invalidUTF8, at: 3))
    #expect(parseError([0x5B, 0x31, 0x5D, 0x0A, 0xFE]) == JSONParseError(.invalidUTF8, at: 4))
  }

  @Test func errorDescriptionNamesKindAndOffset() {
    #expect(JSONParseError(.trailingComma, at: 3).description == "trailingComma at byte 3")
  }
}
