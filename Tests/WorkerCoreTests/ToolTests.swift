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
    #expect(result["content"]?.arrayValue?.first?["text"] == "Completed 2 steps.")
  }

  @Test func toolFailureIsAResultWithIsError() async throws {
    let harness = try makeHarness()
    harness.send(
      #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"diagnostics_fail","arguments":{"code":1500,"message":"nope"}}}"#
    )
    let result = try #require(await harness.waitForMessages(1).first?["result"])
    #expect(result["isError"] == true)
    #expect(result["structuredContent"]?["error"]?["code"]?.intValue == 1500)
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
