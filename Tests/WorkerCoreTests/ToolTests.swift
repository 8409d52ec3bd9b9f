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
    #expect(await harness.settle(milliseconds: 300).count == 1)
  }
}
