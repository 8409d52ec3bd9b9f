import Diagnostics
import PluginAPI
import Testing
import WorkerCore
import WorkerProtocol
import WorkerTestSupport

/// A session with the diagnostics plugin enabled.
func makeHarness(configuration: WorkerConfiguration = WorkerConfiguration()) throws -> SessionHarness {
  let registry = try MethodRegistry(plugins: [DiagnosticsPlugin()], enabled: ["diagnostics"])
  return SessionHarness(registry: registry, configuration: configuration)
}

extension JSONValue {
  /// The `error.code` of a reply, if it is an error.
  var errorCode: Int? { self["error"]?["code"]?.intValue }
}

struct SessionTests {
  /// `ping` answers `{}` with the same id.
  @Test func pingAnswersEmptyObject() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#)
    let replies = await harness.waitForMessages(1)
    #expect(replies.map(\.jsonText) == [#"{"jsonrpc":"2.0","id":7,"result":{}}"#])
  }

  /// Ids come back exactly as sent: big integers digit for digit, strings, exponents, null.
  @Test(arguments: [#"9007199254740993"#, #""abc""#, #"-0"#, #"1E+2"#, #"null"#, #""""#])
  func idsEchoExactly(id: String) async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"#)
    let replies = await harness.waitForMessages(1)
    #expect(replies.first?.jsonText == #"{"jsonrpc":"2.0","id":\#(id),"result":{}}"#)
  }

  /// Every class of malformed request gets -32600 with the id when it is recoverable, and `data.field`.
  @Test(arguments: [
    (#"{"id":1,"method":"ping"}"#, "1", "jsonrpc"),
    (#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#, "1", "jsonrpc"),
    (#"{"jsonrpc":"2.0","id":1}"#, "1", "method"),
    (#"{"jsonrpc":"2.0","id":1,"method":5}"#, "1", "method"),
    (#"{"jsonrpc":"2.0","id":1,"method":"ping","params":3}"#, "1", "params"),
    (#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#, "null", "id"),
    (#"{"jsonrpc":"2.0","id":[1],"method":"ping"}"#, "null", "id"),
    (#"{"jsonrpc":"2.0","id":true,"method":"ping"}"#, "null", "id"),
  ])
  func invalidRequests(line: String, expectedID: String, field: String) async throws {
    let harness = try makeHarness()
    harness.send(line)
    let reply = try #require(await harness.waitForMessages(1).first)
    #expect(reply.errorCode == -32600)
    #expect(reply["id"]?.jsonText == expectedID)
    #expect(reply["error"]?["data"]?["field"]?.stringValue == field)
  }

  /// A scalar or non-object line is an invalid request, not a parse error.
  @Test(arguments: ["1", #""x""#, "null", "true"])
  func nonObjectIsInvalidRequest(line: String) async throws {
    let harness = try makeHarness()
    harness.send(line)
    #expect(await harness.waitForMessages(1).first?.errorCode == -32600)
  }

  /// Text that is not JSON gets -32700 with id null and the reason, and the session carries on.
  @Test(arguments: [#"{"jsonrpc":"2.0","id":1,"method":"ping""#, "[1,]", "{'a':1}", "01", "[NaN]"])
  func parseErrors(line: String) async throws {
    let harness = try makeHarness()
    harness.send(line)
    harness.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
    let replies = await harness.waitForMessages(2)
    #expect(replies.first?.errorCode == -32700)
    #expect(replies.first?["id"] == .null)
    #expect(replies.first?["error"]?["data"]?["reason"]?.stringValue != nil)
    #expect(replies.last?["result"] == .object(JSONObject()))
  }

  /// Unknown methods get -32601 naming the method; unknown notifications get nothing.
  @Test func unknownMethod() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","method":"nope/notification"}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"q","method":"nope/request"}"#)
    let replies = await harness.waitForMessages(1)
    #expect(replies.count == 1)
    #expect(replies.first?.errorCode == -32601)
    #expect(replies.first?["error"]?["data"]?["method"]?.stringValue == "nope/request")
    #expect(await harness.settle().count == 1)
  }

  /// A batch gets one array with a reply per request, none for notifications, in request order.
  @Test func batchMixesImmediateAndPendingReplies() async throws {
    let harness = try makeHarness()
    harness.send(
      #"[{"jsonrpc":"2.0","id":1,"method":"diagnostics/slow","params":{"steps":1,"stepMilliseconds":10}},"#
        + #"{"jsonrpc":"2.0","method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"},1,"#
        + #"{"jsonrpc":"2.0","id":3,"method":"missing"}]"#)
    let reply = try #require(await harness.waitForMessages(1).first)
    let items = try #require(reply.arrayValue)
    #expect(items.count == 4)
    #expect(items[0]["result"]?["completedSteps"]?.intValue == 1)
    #expect(items[1]["id"]?.intValue == 2)
    #expect(items[2].errorCode == -32600)
    #expect(items[3].errorCode == -32601)
  }

  /// `[]` is one invalid request; a batch of notifications gets no reply at all.
  @Test func emptyAndNotificationOnlyBatches() async throws {
    let harness = try makeHarness()
    harness.send("[]")
    harness.send(#"[{"jsonrpc":"2.0","method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}]"#)
    let replies = await harness.waitForMessages(1)
    #expect(replies.first?.errorCode == -32600)
    #expect(replies.first?["id"] == .null)
    #expect(await harness.settle().count == 1)
  }

  /// `initialize` reports the server, plugins, capabilities and limits, and negotiates the version.
  @Test func initializeReportsEverything() async throws {
    var configuration = WorkerConfiguration()
    configuration.maxMessageBytes = 4096
    let harness = try makeHarness(configuration: configuration)
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05"}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"1999-01-01"}}"#)
    let replies = await harness.waitForMessages(2)
    let result = try #require(replies.first?["result"])
    #expect(result["protocolVersion"]?.stringValue == "2024-11-05")
    #expect(result["serverInfo"]?["name"]?.stringValue == "csmigrate")
    #expect(result["limits"]?["maxMessageBytes"]?.intValue == 4096)
    let plugin = try #require(result["plugins"]?.arrayValue?.first)
    #expect(plugin["name"]?.stringValue == "diagnostics")
    #expect(plugin["methods"]?.arrayValue?.contains("diagnostics/slow") == true)
    #expect(replies.last?["result"]?["protocolVersion"]?.stringValue == "2025-11-25")
  }

  /// `rpc.discover` lists built-ins and plugin methods with schemas.
  @Test func discoveryListsEveryMethod() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"#)
    let document = try #require(await harness.waitForMessages(1).first?["result"])
    let names = document["methods"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    for name in ["initialize", "ping", "rpc.discover", "shutdown", "exit", "diagnostics/slow", "diagnostics/echo"] {
      #expect(names.contains(name), "missing \(name)")
    }
    let slow = document["methods"]?.arrayValue?.first { $0["name"] == "diagnostics/slow" }
    #expect(slow?["result"]?["schema"]?["required"] == ["completedSteps"])
    #expect(slow?["params"]?.arrayValue?.count == 2)
  }

  /// A slow request does not hold up `ping`: replies come out of order.
  @Test func repliesComeOutOfOrder() async throws {
    let harness = try makeHarness()
    harness.send(
      #"{"jsonrpc":"2.0","id":"slow","method":"diagnostics/slow","params":{"steps":2,"stepMilliseconds":100}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"fast","method":"ping"}"#)
    let replies = await harness.waitForMessages(2)
    #expect(replies.map { $0["id"]?.stringValue } == ["fast", "slow"])
  }

  /// Cancelling a running request answers it once with -32800; its late result is dropped.
  @Test(arguments: ["notifications/cancelled", "$/cancelRequest"])
  func cancellationAnswersOnce(method: String) async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":5,"method":"diagnostics/slow","params":{"steps":3,"stepMilliseconds":100}}"#)
    let member = method == "$/cancelRequest" ? "id" : "requestId"
    harness.send(#"{"jsonrpc":"2.0","method":"\#(method)","params":{"\#(member)":5}}"#)
    let replies = await harness.waitForMessages(1)
    #expect(replies.first?.errorCode == -32800)
    #expect(replies.first?["id"]?.intValue == 5)
    #expect(await harness.settle().count == 1)
    #expect(harness.state.inFlight == 0)
  }

  /// Cancelling an unknown or finished id does nothing.
  @Test func cancellingUnknownIDIsIgnored() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
    harness.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#)
    harness.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"other"}}"#)
    #expect(await harness.waitForMessages(1).count == 1)
    #expect(await harness.settle().count == 1)
  }

  /// Progress arrives before the reply, increasing, and only when a token was given.
  @Test func progressPrecedesReply() async throws {
    let harness = try makeHarness()
    harness.send(
      #"{"jsonrpc":"2.0","id":1,"method":"diagnostics/slow","params":{"steps":3,"stepMilliseconds":5,"_meta":{"progressToken":"t1"}}}"#
    )
    harness.send(#"{"jsonrpc":"2.0","id":2,"method":"diagnostics/slow","params":{"steps":2,"stepMilliseconds":5}}"#)
    let messages = await harness.waitForMessages(5)
    let forFirst = messages.filter { $0["id"]?.intValue == 1 || $0["params"]?["progressToken"] == "t1" }
    #expect(
      forFirst.map { $0["method"]?.stringValue ?? "reply" } == [
        "notifications/progress", "notifications/progress", "notifications/progress", "reply",
      ])
    #expect(forFirst.prefix(3).map { $0["params"]?["progress"]?.intValue } == [1, 2, 3])
    #expect(forFirst.first?["params"]?["total"]?.intValue == 3)
    #expect(messages.count == 5)
  }

  /// Handler errors map to the wire in one place: typed errors keep code and data; others become -32603.
  @Test func errorMapping() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"diagnostics/fail","params":{"code":1234,"message":"boom"}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":2,"method":"diagnostics/fail","params":{"untyped":true}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":3,"method":"diagnostics/slow","params":{"steps":"many"}}"#)
    let replies = await harness.waitForMessages(3)
    let byID = Dictionary(
      uniqueKeysWithValues: replies.compactMap { reply in reply["id"]?.intValue.map { ($0, reply) } })
    #expect(byID[1]?.errorCode == 1234)
    #expect(byID[1]?["error"]?["message"] == "boom")
    #expect(byID[2]?.errorCode == -32603)
    #expect(byID[3]?.errorCode == -32602)
    #expect(byID[3]?["error"]?["data"]?["field"] == "steps")
  }

  /// A second request with an id still in flight is refused; the first still completes.
  @Test func duplicateInFlightIDIsRefused() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":9,"method":"diagnostics/slow","params":{"steps":1,"stepMilliseconds":100}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":9,"method":"diagnostics/slow","params":{"steps":1,"stepMilliseconds":1}}"#)
    let replies = await harness.waitForMessages(2)
    #expect(replies.first?.errorCode == -32600)
    #expect(replies.last?["result"]?["completedSteps"]?.intValue == 1)
  }

  /// After `shutdown`, requests are refused; `exit` then ends with 0.
  @Test func shutdownThenExit() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#)
    harness.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
    harness.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
    let replies = await harness.waitForMessages(2)
    #expect(replies.first?.jsonText == #"{"jsonrpc":"2.0","id":1,"result":null}"#)
    #expect(replies.last?.errorCode == -32600)
    _ = await harness.settle()
    #expect(harness.state.outcome == .exitRequested(code: 0))
  }

  /// `exit` without `shutdown` ends with 1 and answers running requests as cancelled.
  @Test func exitWithoutShutdown() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"diagnostics/slow","params":{"steps":5,"stepMilliseconds":100}}"#)
    harness.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
    let replies = await harness.waitForMessages(1)
    #expect(replies.first?.errorCode == -32800)
    _ = await harness.settle()
    #expect(harness.state.outcome == .exitRequested(code: 1))
  }

  /// End of input waits for running requests, then reports drained.
  @Test func endOfInputDrains() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"diagnostics/slow","params":{"steps":1,"stepMilliseconds":100}}"#)
    harness.endInput()
    #expect(harness.state.outcome == nil)
    #expect(await harness.waitForMessages(1).first?["result"]?["completedSteps"]?.intValue == 1)
    _ = await harness.settle()
    #expect(harness.state.outcome == .drained)
  }

  /// Notifications to plugin methods run but are never answered.
  @Test func pluginNotificationIsNotAnswered() async throws {
    let harness = try makeHarness()
    harness.send(#"{"jsonrpc":"2.0","method":"diagnostics/echo","params":{"a":1}}"#)
    #expect(await harness.settle().isEmpty)
    #expect(harness.state.replies == 0)
  }

  /// An over-long line is answered with -32600, id null, and the limit in `data`.
  @Test func oversizedLineError() async throws {
    let harness = try makeHarness()
    harness.sendOversized(byteCount: 99_999_999)
    let reply = try #require(await harness.waitForMessages(1).first)
    #expect(reply.errorCode == -32600)
    #expect(reply["id"] == .null)
    #expect(reply["error"]?["data"]?["maxMessageBytes"]?.intValue == WorkerConfiguration().maxMessageBytes)
  }

  /// Deep nesting is refused as a parse error, without a crash.
  @Test func deepNestingIsRefused() async throws {
    let harness = try makeHarness()
    harness.send(String(repeating: "[", count: 100_000))
    let reply = try #require(await harness.waitForMessages(1).first)
    #expect(reply.errorCode == -32700)
    #expect(reply["error"]?["data"]?["reason"] == "tooDeep")
  }
}

/// Requests beyond the handler limit wait their turn while the session keeps answering everything else.
struct AdmissionTests {
  func harness(limit: Int) throws -> SessionHarness {
    var configuration = WorkerConfiguration()
    configuration.maxInFlightRequests = limit
    return try makeHarness(configuration: configuration)
  }

  /// With one slot busy, ping is answered at once and a waiting request can be cancelled before it runs.
  @Test func pingAndCancelPassBusyHandlers() async throws {
    let harness = try harness(limit: 1)
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"diagnostics/slow","params":{"steps":100,"stepMilliseconds":20}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":2,"method":"diagnostics/slow","params":{"steps":1,"stepMilliseconds":1}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":3,"method":"ping"}"#)
    harness.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}}"#)
    let first = await harness.waitForMessages(2)
    #expect(first.map { $0["id"]?.intValue } == [3, 2])
    #expect(first.last?.errorCode == -32800)
    #expect(harness.state.inFlight == 1)
    harness.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#)
    #expect(await harness.waitForMessages(3).last?.errorCode == -32800)
  }

  /// Waiting requests run in arrival order as slots free up, and every one is answered once.
  @Test func waitingRequestsRunInOrder() async throws {
    let harness = try harness(limit: 2)
    for id in 1...6 {
      harness.send(
        #"{"jsonrpc":"2.0","id":\#(id),"method":"diagnostics/slow","params":{"steps":1,"stepMilliseconds":30}}"#)
    }
    let replies = await harness.waitForMessages(6)
    #expect(Set(replies.compactMap { $0["id"]?.intValue }) == Set(1...6))
    #expect(replies.allSatisfy { $0["result"]?["completedSteps"]?.intValue == 1 })
    let order = replies.compactMap { $0["id"]?.intValue }
    #expect(Set(order.prefix(2)) == [1, 2], "the first two run first")
    #expect(await harness.settle().count == 6)
  }
}
