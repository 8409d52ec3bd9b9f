import Diagnostics
import Logging
import Testing
import WorkerCore
import WorkerProtocol

/// `ping` answered from the envelope scanner's byte ranges says exactly what the general dispatch says, and the
/// output buffer lent to the transport stays intact while replies are written again.
struct PingFastPathTests {
  static func session() throws -> WorkerSession {
    let registry = try MethodRegistry(plugins: [DiagnosticsPlugin()], enabled: ["diagnostics"])
    return WorkerSession(
      registry: registry, configuration: WorkerConfiguration(), logger: Logger(label: "test"), wake: {})
  }

  static func receive(_ session: WorkerSession, _ line: String) {
    Array(line.utf8).withUnsafeBytes { session.receive(line: $0) }
  }

  static func drained(_ session: WorkerSession) -> [String] {
    var text = ""
    session.drainOutput { text += String(decoding: $0, as: UTF8.self) }
    return text.split(separator: "\n").map(String.init)
  }

  /// Lines the scanner takes (version first or not, spaces, every id form) and lines only the general parser
  /// takes (a `params` member, an escape in the id) get the same reply for the same id.
  @Test(arguments: [
    (#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#, #"{"jsonrpc":"2.0","id":7,"method":"ping","params":{}}"#),
    (#"{"method":"ping","id":"a-1","jsonrpc":"2.0"}"#, #"{"jsonrpc":"2.0","id":"a-1","method":"ping","params":[]}"#),
    (#"{ "jsonrpc" : "2.0", "id" : -3 , "method":"ping" }"#, #"{"params":{},"jsonrpc":"2.0","id":-3,"method":"ping"}"#),
    (#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, #"{"jsonrpc":"2.0","id":null,"method":"ping","params":{}}"#),
    (
      #"{"jsonrpc":"2.0","id":"\#(String(repeating: "x", count: 300))","method":"ping"}"#,
      #"{"jsonrpc":"2.0","id":"\#(String(repeating: "x", count: 300))","method":"ping","params":{}}"#
    ),
  ])
  func fastReplyEqualsTheGeneralOne(fast: String, general: String) throws {
    #expect(Array(fast.utf8).withUnsafeBytes { EnvelopeScanner.scan($0) } != nil)
    #expect(Array(general.utf8).withUnsafeBytes { EnvelopeScanner.scan($0) } == nil)
    let session = try Self.session()
    Self.receive(session, fast)
    Self.receive(session, general)
    let replies = Self.drained(session)
    try #require(replies.count == 2)
    #expect(try JSONParser.parse(Array(replies[0].utf8)) == JSONParser.parse(Array(replies[1].utf8)))
    #expect(session.repliesWritten == 2)
  }

  /// Replies written while the transport holds the drained bytes (as a local connection's callback may do)
  /// neither change those bytes nor get lost: they come with the next drain.
  @Test func repliesWrittenDuringADrainWaitForTheNextOne() throws {
    let session = try Self.session()
    for id in 1...3 { Self.receive(session, #"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"#) }
    var lent = ""
    session.drainOutput { bytes in
      let before = Array(bytes)
      for id in 4...400 { Self.receive(session, #"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"#) }
      #expect(Array(bytes) == before)
      lent = String(decoding: bytes, as: UTF8.self)
    }
    let first = lent.split(separator: "\n").map(String.init)
    #expect(first == (1...3).map { #"{"jsonrpc":"2.0","id":\#($0),"result":{}}"# })
    let next = Self.drained(session)
    #expect(next == (4...400).map { #"{"jsonrpc":"2.0","id":\#($0),"result":{}}"# })
    #expect(session.repliesWritten == 400)
  }
}
