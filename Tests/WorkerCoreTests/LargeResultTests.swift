import PluginAPI
import Testing
import WorkerProtocol
import WorkerTestSupport

@testable import WorkerCore

/// Returns an array of `count` small objects, as large reports are.
private struct ReportPlugin: WorkerPlugin {
  let name = "report"
  let version = "1"
  let summary = "test"

  var methods: [MethodSpec] {
    [
      MethodSpec(name: "report/make", summary: "", paramsSchema: [:], resultSchema: [:]) { params, _ in
        let count = params?["count"]?.intValue ?? 0
        return .array((0..<count).map { ["index": .number(JSONNumber($0)), "text": .string("line \"\($0)\"\n")] })
      }
    ]
  }
}

/// Results small and large (written on the handler's thread) reach the client whole and identical.
struct LargeResultTests {
  @Test(arguments: [0, 3, 1_365, 1_366, 20_000])  // 1,366 elements: the first result written on the handler thread
  func resultsArriveWhole(count: Int) async throws {
    let registry = try MethodRegistry(plugins: [ReportPlugin()])
    let harness = SessionHarness(registry: registry)
    harness.send(#"{"jsonrpc":"2.0","id":"r","method":"report/make","params":{"count":\#(count)}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"p","method":"ping"}"#)
    let replies = await harness.waitForMessages(2)
    let reply = try #require(replies.first { $0["id"] == "r" })
    let items = try #require(reply["result"]?.arrayValue)
    #expect(items.count == count)
    #expect(items.last?["text"]?.stringValue == (count == 0 ? nil : "line \"\(count - 1)\"\n"))
    let expected = JSONValue.array(
      (0..<count).map { ["index": .number(JSONNumber($0)), "text": .string("line \"\($0)\"\n")] })
    #expect(reply["result"] == expected)
  }

  /// Large results are written as text on the handler's thread; small ones are left to the loop.
  @Test func largeResultsAreWrittenOnTheHandlersThread() {
    let large = JSONValue.array(Array(repeating: .null, count: HandlerResult.encodeOnHandlerFromNodes))
    guard case .encoded(let text) = HandlerResult(large, maxBytes: .max) else {
      Issue.record("a result of \(HandlerResult.encodeOnHandlerFromNodes + 1) nodes was left to the loop")
      return
    }
    #expect(text == large.serialized())
    guard case .value = HandlerResult(.array([.null]), maxBytes: .max) else {
      Issue.record("a small result was written on the handler's thread")
      return
    }
  }
}
