import Foundation
import Testing
import WorkerTestSupport

@testable import WorkerProtocol

/// Scans `text` with the envelope scanner.
func scan(_ text: String) -> EnvelopeScanner.Envelope? {
  Array(text.utf8).withUnsafeBytes { EnvelopeScanner.scan($0) }
}

/// The bytes of `range` in `text`.
func slice(_ text: String, _ range: Range<Int>) -> String {
  String(decoding: Array(text.utf8)[range], as: UTF8.self)
}

/// Changes `bytes` by zero to `limit` small edits: a byte removed, one of `alphabet` inserted or written over a
/// byte, or the end cut off; line-sized edits that keep most lines close to what the scanner takes.
func mutate(_ bytes: inout [UInt8], upTo limit: UInt64, from alphabet: [UInt8], using random: inout SplitMix64) {
  for _ in 0..<Int(random.next() % (limit + 1)) {
    let position = Int(random.next() % UInt64(bytes.count + 1))
    switch random.next() % 4 {
    case 0 where position < bytes.count: bytes.remove(at: position)
    case 1: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
    case 2 where position < bytes.count: bytes[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
    default: bytes = Array(bytes.prefix(position))
    }
  }
}

struct EnvelopeScannerTests {
  /// Flat parameterless requests and notifications take the fast path, whatever the member order and spacing.
  @Test(
    arguments: [
      (#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, "1", "ping"),
      (#"{"method":"ping","id":"abc","jsonrpc":"2.0"}"#, #""abc""#, "ping"),
      (#" { "id" : -42 , "jsonrpc" : "2.0" , "method" : "shutdown" } "#, "-42", "shutdown"),
      (#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, "null", "ping"),
      (#"{"jsonrpc":"2.0","id":9007199254740993,"method":"rpc.discover"}"#, "9007199254740993", "rpc.discover"),
      (#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, nil, "notifications/initialized"),
      (#"{"jsonrpc":"2.0", "id" :5,"method" : "ping"}"#, "5", "ping"),  // version first, keys spaced
      (#"{"id":"i","jsonrpc" :"2.0","method":"m"}"#, #""i""#, "m"),  // a key read whole between literal ones
    ] as [(String, String?, String)])
  func accepts(line: String, id: String?, method: String) throws {
    let envelope = try #require(scan(line))
    #expect(envelope.id.map { slice(line, $0) } == id)
    #expect(slice(line, envelope.method) == method)
  }

  /// Anything outside the subset goes to the general parser, valid or not.
  @Test(arguments: [
    #"{"jsonrpc":"2.0","id":1,"method":"ping","params":{}}"#,  // params
    #"{"jsonrpc":"2.0","id":"a\"b","method":"ping"}"#,  // escape
    #"{"jsonrpc":"2.0","id":"é","method":"ping"}"#,  // non-ASCII
    #"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#,  // fraction
    #"{"jsonrpc":"2.0","id":1e3,"method":"ping"}"#,  // exponent
    #"{"jsonrpc":"2.0","id":01,"method":"ping"}"#,  // leading zero
    #"{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}"#,  // duplicate member
    #"{"id":1,"method":"ping"}"#,  // no version
    #"{"jsonrpc":"1.0","id":1,"method":"ping"}"#,  // wrong version
    #"{"jsonrpc":"2.0","id":1}"#,  // no method
    #"{"jsonrpc":"2.0","id":1,"method":"ping"} x"#,  // trailing garbage
    #"{"jsonrpc":"2.0","jsonrpc":"2.0","id":1,"method":"ping"}"#,  // the version twice, the first matched whole
    #"{"jsonrpc":"2.0","idx":1,"method":"ping"}"#,  // a key that starts like a known one
    #"{"jsonrpc":"2.0","methods":"ping","id":1}"#,  // same
    #"{"jsonrpc":"2.0","#,  // the version-first opening alone
    #"{"jsonrpc":"2.0","id":1,"method":"ping",}"#,  // trailing comma
    #"{"jsonrpc":"2.0","id":true,"method":"ping"}"#,  // id of the wrong type
    #"{"jsonrpc":"2.0","id":1,"method":"ping""#,  // unterminated
    "{}", "[]", "", "null",
  ])
  func declines(line: String) {
    #expect(scan(line) == nil)
  }

  /// Differential fuzzing: whenever the scanner accepts a line, the general parser accepts it too and reads the
  /// same id and method with no params. Fixed seed; `CSMIGRATE_FUZZ_ITERATIONS` runs longer (bench/fuzz).
  @Test func agreesWithTheGeneralParser() throws {
    let iterations = ProcessInfo.processInfo.environment["CSMIGRATE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 20_000
    var random = SplitMix64(seed: 0x5EED_CAFE)
    let templates = [
      #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, #"{"method":"shutdown","id":"x-1","jsonrpc":"2.0"}"#,
      #"{"jsonrpc":"2.0","method":"exit"}"#, #" {"jsonrpc" : "2.0", "id":null ,"method":"ping"} "#,
      #"{"jsonrpc":"2.0","id":-0,"method":"rpc.discover"}"#,
    ]
    let alphabet = Array(#"{}[]":,0123456789-+.eE "\naA\u{0}"#.utf8) + [0xC3, 0xA9, 0xFF, 0x5C]
    var accepted = 0
    for _ in 0..<iterations {
      var bytes = Array(templates[Int(random.next() % UInt64(templates.count))].utf8)
      mutate(&bytes, upTo: 3, from: alphabet, using: &random)
      guard let envelope = bytes.withUnsafeBytes({ EnvelopeScanner.scan($0) }) else { continue }
      accepted += 1
      let value = try JSONParser.parse(bytes)
      let text = String(decoding: bytes, as: UTF8.self)
      switch IncomingMessage.classify(value) {
      case .request(let id, let method, let params):
        #expect(params == nil, "\(text)")
        #expect(method == slice(text, envelope.method), "\(text)")
        #expect(envelope.id.map { slice(text, $0) } == id.jsonValue.jsonText, "\(text)")
      case .notification(let method, let params):
        #expect(envelope.id == nil && params == nil, "\(text)")
        #expect(method == slice(text, envelope.method), "\(text)")
      case .invalid(_, let error):
        Issue.record("the scanner accepted a line the general path rejects (\(error.message)): \(text)")
      }
    }
    #expect(accepted > iterations / 10, "the mutations should leave many lines on the fast path")
  }
}

/// The canonical-layout shortcut agrees with the member-by-member scan on every line it takes.
struct CanonicalEnvelopeTests {
  /// Lines in the canonical layout, mutated at random: wherever the shortcut answers, the member-by-member scan
  /// answers the same; and it does answer for the unmutated layouts, so the test cannot pass by never taking it.
  @Test func shortcutAgreesWithTheMemberByMemberScan() {
    var random = SplitMix64(seed: 0xC0FF_EE00)
    let alphabet = Array(#"{}":,0123456789-.e "\aZ/"#.utf8) + [0x00, 0x7F, 0xC3, 0x5C]
    var taken = 0
    for iteration in 0..<20_000 {
      let id = ["0", "7", "-0", "12345", "-98", "9007199254740993"][iteration % 6]
      let method = ["ping", "shutdown", "a/b.c", "rpc.discover"][iteration % 4]
      var bytes = Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)"}"#.utf8)
      let pristine = bytes
      mutate(&bytes, upTo: 2, from: alphabet, using: &random)
      let (shortcut, general) = bytes.withUnsafeBytes {
        (EnvelopeScanner.canonical($0), EnvelopeScanner.scanMemberByMember($0))
      }
      if bytes == pristine { #expect(shortcut != nil) }
      guard let shortcut else { continue }
      taken += 1
      #expect(shortcut == general, "\(String(decoding: bytes, as: UTF8.self))")
    }
    #expect(taken > 5_000)
  }
}
