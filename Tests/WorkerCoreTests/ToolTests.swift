import Diagnostics
import PluginAPI
import Testing
import WorkerCore
import WorkerProtocol
import WorkerTestSupport

/// The MCP face of the worker: `tools/list` and `tools/call`.
struct ToolTests {
  @Test func listsOnlyMethodsMarkedAsTools() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#)
    let tools = try #require(await harness.waitForMessages(1).first?["result"]?["tools"]?.arrayValue)
    #expect(tools.compactMap { $0["name"]?.stringValue } == ["diagnostics_fail", "diagnostics_slow"])
    let slow = try #require(tools.last)
    #expect(slow["inputSchema"]?["type"] == "object")
    #expect(slow["outputSchema"]?["required"] == ["completedSteps"])
    #expect(slow["title"] == "Slow diagnostic work")
    #expect(
      slow["annotations"] == [
        "title": "Slow diagnostic work", "readOnlyHint": true, "destructiveHint": false,
        "idempotentHint": true, "openWorldHint": false,
      ])
    #expect(slow["description"]?.stringValue?.contains("progress notifications") == true)
  }

  @Test func callReturnsTextAndStructuredContentWithProgress() async throws {
    let harness = try makeHarness()
    harness.send(
      #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"diagnostics_slow","arguments":{"steps":2,"stepMilliseconds":1},"_meta":{"progressToken":"p"}}}"#
    )
    let messages = await harness.waitForMessages(3)
    #expect(messages.prefix(2).allSatisfy { $0["method"] == "notifications/progress" })
    let result = try #require(messages.last?["result"])
    #expect(result["isError"] == false)
    #expect(result["structuredContent"]?["completedSteps"]?.intValue == 2)
    // The summary first, then the complete result as JSON text.
    #expect(result["content"]?.arrayValue?.first?["text"] == "Completed 2 steps.\n\n{\"completedSteps\":2}")
  }

  @Test func toolFailureIsAResultWithIsError() async throws {
    let harness = try makeHarness()
    harness.send(
      #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"diagnostics_fail","arguments":{"code":1500,"message":"nope"}}}"#
    )
    let result = try #require(await harness.waitForMessages(1).first?["result"])
    #expect(result["isError"] == true)
    // No structured content: it would break the tool's output schema.
    #expect(result["structuredContent"] == nil)
    let text = try #require(result["content"]?.arrayValue?.first?["text"]?.stringValue)
    #expect(text.hasPrefix("Error 1500: nope\nfield: code\n"))
    #expect(text.contains("What to do: "))
  }

  /// A text that names a method names the tool instead, when the call came through `tools/call`; paths that
  /// merely contain a method name stay as they are.
  @Test func textsNameToolsNotMethods() async throws {
    let harness = try makeHarness()
    harness.send(
      #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"diagnostics_fail","arguments":{"code":1002,"message":"call diagnostics/slow first (not x/diagnostics/slow or diagnostics/slowly)"}}}"#
    )
    let result = try #require(await harness.waitForMessages(1).first?["result"])
    let text = try #require(result["content"]?.arrayValue?.first?["text"]?.stringValue)
    #expect(text.hasPrefix("Error 1002: call diagnostics_slow first (not x/diagnostics/slow or diagnostics/slowly)"))
    harness.send(
      #"{"jsonrpc":"2.0","id":2,"method":"diagnostics/fail","params":{"code":1002,"message":"call diagnostics/slow"}}"#
    )
    #expect(await harness.waitForMessages(2).last?["error"]?["message"] == "call diagnostics/slow")
  }

  @Test(arguments: [
    (#"{"name":"no_such_tool"}"#, "name"), (#"{}"#, "name"),
    (#"{"name":"diagnostics_slow","arguments":[1]}"#, "arguments"),
    (#"{"name":"diagnostics_echo"}"#, "name"),
  ])
  func badCallsAreInvalidParams(params: String, field: String) async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":\#(params)}"#)
    let reply = try #require(await harness.waitForMessages(1).first)
    #expect(reply.errorCode == -32602)
    #expect(reply["error"]?["data"]?["field"]?.stringValue == field)
  }

  @Test func cancellingAToolCallAnswersOnceWithCancelled() async throws {
    let harness = try makeHarness()
    harness.send(
      #"{"jsonrpc":"2.0","id":"t","method":"tools/call","params":{"name":"diagnostics_slow","arguments":{"steps":50}}}"#
    )
    harness.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"t"}}"#)
    #expect(await harness.waitForMessages(1).first?.errorCode == -32800)
    #expect(await harness.settle().count == 1)
  }
}

/// A plugin with one tool whose result is as large as asked, and one resource family.
private struct LargePlugin: WorkerPlugin {
  let name = "large"
  let version = "1.0.0"
  let summary = "Large results."

  var methods: [MethodSpec] {
    [
      MethodSpec(
        name: "large/make", summary: "Makes a large result.", paramsSchema: ["type": "object"],
        resultSchema: ["type": "object"]
      ) { params, _ in
        let count = params?["count"]?.intValue ?? 0
        return ["items": .array((0..<count).map { .string("item \($0) of large/make") })]
      }.accessing(.independent).asTool(title: "Large", use: "For tests.")
    ]
  }

  var resources: [ResourceSpec] {
    [
      ResourceSpec(uri: "test://things/{id}", name: "thing", title: "A thing", description: "One thing.") {
        variables, _ in
        ["id": .string(variables["id"] ?? "")]
      }
    ]
  }
}

/// Whole results however large, and resources by template.
struct LargeToolResultTests {
  private func makeLargeHarness() throws -> SessionHarness {
    SessionHarness(registry: try MethodRegistry(plugins: [LargePlugin()], enabled: ["large"]))
  }

  /// A result over 100,000 bytes is sent whole, after a summary that says it is large; method names in it
  /// become tool names.
  @Test(arguments: [10, 20_000])
  func resultTextIsNeverCut(count: Int) async throws {
    let harness = try makeLargeHarness()
    harness.send(
      #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"large_make","arguments":{"count":\#(count)}}}"#)
    let result = try #require(await harness.waitForMessages(1).first?["result"])
    let text = try #require(result["content"]?.arrayValue?.first?["text"]?.stringValue)
    let json = try #require(text.split(separator: "\n\n").last)
    let parsed = try JSONParser.parse(Array(json.utf8))
    #expect(parsed["items"]?.arrayValue?.count == count)
    #expect(parsed["items"]?.arrayValue?.last == .string("item \(count - 1) of large_make"))
    #expect(parsed == result["structuredContent"])
    #expect(text.hasPrefix("large_make returned items: \(count) items."))
    #expect(text.contains("bytes of JSON); the same data is in structuredContent") == (count > 1_000))
  }

  /// `resources/read` fills the template's variables; an unknown URI is -32002 naming the URI.
  @Test func resourcesAreReadByTemplate() async throws {
    let harness = try makeLargeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://things/42"}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"test://things/"}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"test://things/4/2"}}"#)
    let replies = await harness.waitForMessages(3)
    let byID = Dictionary(replies.map { ($0["id"]?.intValue ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
    let contents = try #require(byID[1]?["result"]?["contents"]?.arrayValue?.first)
    #expect(contents["text"] == #"{"id":"42"}"#)
    #expect(contents["mimeType"] == "application/json")
    #expect(byID[2]?.errorCode == -32002)
    #expect(byID[2]?["error"]?["data"]?["uri"] == "test://things/")
    #expect(byID[3]?.errorCode == -32002)
  }
}
