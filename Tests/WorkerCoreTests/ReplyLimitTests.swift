import PluginAPI
import Testing
import WorkerProtocol
import WorkerTestSupport

@testable import WorkerCore

/// Returns either one string of `bytes` letters or an array of `count` numbers, to cross the reply limit
/// with few nodes (written by the loop) or many (written on the handler's thread).
private struct SizedPlugin: WorkerPlugin {
  let name = "sized"
  let version = "1"
  let summary = "test"

  var methods: [MethodSpec] {
    [
      MethodSpec(name: "sized/text", summary: "", paramsSchema: [:], resultSchema: [:]) { params, _ in
        ["text": .string(String(repeating: "a", count: params?["bytes"]?.intValue ?? 0))]
      },
      MethodSpec(name: "sized/list", summary: "", paramsSchema: [:], resultSchema: [:]) { params, _ in
        .array((0..<(params?["count"]?.intValue ?? 0)).map { .number(JSONNumber($0)) })
      },
    ]
  }
}

/// A result longer than `maxReplyBytes` is answered with `1003` naming the method; the session keeps serving.
struct ReplyLimitTests {
  static let limit = 2_048

  static func harness() throws -> SessionHarness {
    var configuration = WorkerConfiguration()
    configuration.maxReplyBytes = limit
    return SessionHarness(registry: try MethodRegistry(plugins: [SizedPlugin()]), configuration: configuration)
  }

  /// One long string (few nodes) and a long array (many nodes) over the limit both get the error, never text.
  @Test(arguments: [
    #""method":"sized/text","params":{"bytes":5000}"#, #""method":"sized/list","params":{"count":5000}"#,
  ])
  func oversizedResultIsRefused(call: String) async throws {
    let harness = try Self.harness()
    harness.send(#"{"jsonrpc":"2.0","id":"big",\#(call)}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"small","method":"sized/text","params":{"bytes":10}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"p","method":"ping"}"#)
    let replies = await harness.waitForMessages(3)
    let big = try #require(replies.first { $0["id"] == "big" })
    #expect(big["result"] == nil)
    #expect(big["error"]?["code"]?.intValue == 1003)
    #expect(big["error"]?["data"]?["maxReplyBytes"]?.intValue == Self.limit)
    #expect(big["error"]?["data"]?["reason"]?.stringValue == "reply.too-large")
    let message = try #require(big["error"]?["message"]?.stringValue)
    #expect(message.contains(call.contains("text") ? "sized/text" : "sized/list"))
    #expect(message.contains("--max-reply-bytes"))
    let small = try #require(replies.first { $0["id"] == "small" })
    #expect(small["result"]?["text"]?.stringValue == "aaaaaaaaaa")
    #expect(replies.contains { $0["id"] == "p" && $0["result"] != nil })
  }

  /// A result whose text is exactly the limit is sent; one byte more is refused.
  @Test func limitIsExact() {
    // `{"text":"…"}` is 11 bytes around the letters.
    let fits: JSONValue = ["text": .string(String(repeating: "a", count: Self.limit - 11))]
    #expect(fits.serialized().count == Self.limit)
    guard case .encoded(let text) = HandlerResult(fits, maxBytes: Self.limit) else {
      Issue.record("a result of exactly the limit was refused or left unchecked")
      return
    }
    #expect(text == fits.serialized())
    let over: JSONValue = ["text": .string(String(repeating: "a", count: Self.limit - 10))]
    #expect(HandlerResult(over, maxBytes: Self.limit) == nil)
    let many = JSONValue.array(Array(repeating: .number(JSONNumber(7)), count: Self.limit))
    #expect(HandlerResult(many, maxBytes: Self.limit) == nil)
  }

  /// The limited writer stops once past the limit instead of writing the whole value, and says so.
  @Test func writerStopsAtTheLimit() {
    let value = JSONValue.array(Array(repeating: .string("0123456789"), count: 100_000))
    var writer = JSONWriter()
    writer.byteLimit = 1_000
    writer.write(value)
    #expect(writer.limitExceeded)
    #expect(writer.bytes.count <= 1_000 + 16)
    #expect(value.serialized(limit: 1_000) == nil)
    #expect(value.serialized(limit: .max) == value.serialized())
  }
}
