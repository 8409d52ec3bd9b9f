import PluginAPI
import Testing
import WorkerProtocol
import WorkerTestSupport

@testable import WorkerCore

/// Answers the same result built from its params either as a value (`kept/value`) or as kept text (`kept/text`).
private struct KeptPlugin: WorkerPlugin {
  let name = "kept"
  let version = "1"
  let summary = "test"

  /// A result with what JSON text must escape or keep exactly: quotes, control characters, non-ASCII, numbers.
  static func result(_ params: JSONValue?) -> JSONValue {
    let count = params?["count"]?.intValue ?? 0
    return [
      "name": .string("kept \"\(count)\"\n\u{1}é🙂"),
      "items": .array((0..<count).map { ["index": .number(JSONNumber($0)), "ratio": .number(JSONNumber(0.5))] }),
      "empty": [:], "none": .null, "yes": true,
    ]
  }

  var methods: [MethodSpec] {
    [
      MethodSpec.replying(name: "kept/value", summary: "", paramsSchema: [:], resultSchema: [:]) { params, _ in
        .value(Self.result(params))
      },
      MethodSpec.replying(name: "kept/text", summary: "", paramsSchema: [:], resultSchema: [:]) { params, _ in
        .encoded(EncodedResult(Self.result(params)))
      },
    ]
  }
}

/// A handler's kept text reaches the client as the reply the value would have made, and is written as it is.
struct KeptReplyTests {
  static func harness(maxReplyBytes: Int = WorkerConfiguration().maxReplyBytes) throws -> SessionHarness {
    var configuration = WorkerConfiguration()
    configuration.maxReplyBytes = maxReplyBytes
    return SessionHarness(registry: try MethodRegistry(plugins: [KeptPlugin()]), configuration: configuration)
  }

  /// Alone and in a batch, small (left to the loop as a value) and large (written on the handler's thread), the
  /// kept text's reply equals the value's.
  @Test(arguments: [0, 3, 2_000])
  func keptTextRepliesEqualValueReplies(count: Int) async throws {
    let harness = try Self.harness()
    harness.send(#"{"jsonrpc":"2.0","id":"v","method":"kept/value","params":{"count":\#(count)}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"t","method":"kept/text","params":{"count":\#(count)}}"#)
    harness.send(
      #"[{"jsonrpc":"2.0","id":"bv","method":"kept/value","params":{"count":\#(count)}},"#
        + #"{"jsonrpc":"2.0","id":"bt","method":"kept/text","params":{"count":\#(count)}}]"#)
    let messages = await harness.waitForMessages(3)
    let value = try #require(messages.first { $0["id"] == "v" }?["result"])
    #expect(value == KeptPlugin.result(["count": .number(JSONNumber(count))]))
    #expect(messages.first { $0["id"] == "t" }?["result"] == value)
    let batch = try #require(messages.first { $0.arrayValue != nil }?.arrayValue)
    #expect(batch.count == 2)
    #expect(batch.allSatisfy { $0["result"] == value })
  }

  /// The text a handler kept is what the loop writes, storage and all (never written out again), even for a
  /// result small enough that the loop would write its value itself.
  @Test func keptTextIsHandedOverAsItIs() throws {
    let kept = EncodedResult(KeptPlugin.result(["count": 1]))
    #expect(kept.text == kept.value.serialized())
    guard case .encoded(let text) = HandlerResult(MethodReply.encoded(kept), maxBytes: .max) else {
      Issue.record("a kept text was not handed over as text")
      return
    }
    let same = text.withUnsafeBufferPointer { written in
      kept.text.withUnsafeBufferPointer { $0.baseAddress == written.baseAddress }
    }
    #expect(same)
    guard case .value = HandlerResult(MethodReply.value(kept.value), maxBytes: .max) else {
      Issue.record("a small value was written on the handler's thread")
      return
    }
  }

  /// A kept text longer than `maxReplyBytes` is refused as a computed one is; one that fits is sent.
  @Test func keptTextOverTheLimitIsRefused() async throws {
    let fits = EncodedResult(KeptPlugin.result(["count": 3])).text.count
    let harness = try Self.harness(maxReplyBytes: fits)
    harness.send(#"{"jsonrpc":"2.0","id":"fits","method":"kept/text","params":{"count":3}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"over","method":"kept/text","params":{"count":4}}"#)
    let messages = await harness.waitForMessages(2)
    #expect(messages.first { $0["id"] == "fits" }?["result"] == KeptPlugin.result(["count": 3]))
    let over = try #require(messages.first { $0["id"] == "over" })
    #expect(over["result"] == nil)
    #expect(over["error"]?["code"]?.intValue == 1003)
    #expect(over["error"]?["data"]?["maxReplyBytes"]?.intValue == fits)
  }
}
