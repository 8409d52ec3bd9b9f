import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// JSON-RPC behaviour of the real binary, end to end.
@Suite(.serialized)
struct ProtocolTests {
  /// Runs the worker on `input` (all of it, then EOF) and returns its parsed output and exit status.
  func exchange(_ input: String, arguments: [String] = ["serve", "--plugins", "diagnostics"]) async throws -> (
    messages: [JSONValue], status: Int32?
  ) {
    let worker = try WorkerProcess(arguments: arguments)
    worker.write(input)
    worker.closeInput()
    let status = await worker.waitForExit()
    return (worker.allLines.compactMap { try? JSONParser.parse(Array($0.utf8)) }, status)
  }

  /// Batches, id echo and notifications over the real pipe.
  @Test func batchesAndIDs() async throws {
    let (messages, status) = try await exchange(
      #"[{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"},{"jsonrpc":"2.0","method":"ping"},{"jsonrpc":"2.0","id":"s","method":"ping"}]"#
        + "\n[]\n" + #"[{"jsonrpc":"2.0","method":"ping"}]"# + "\n")
    #expect(status == 0)
    #expect(messages.count == 2)
    #expect(
      messages.first?.jsonText
        == #"[{"jsonrpc":"2.0","id":9007199254740993,"result":{}},{"jsonrpc":"2.0","id":"s","result":{}}]"#)
    #expect(messages.last?["error"]?["code"]?.intValue == -32600)
  }

  /// Hostile input: each line is answered or skipped, and the worker is still alive for the next ping.
  @Test func hostileInputNeverKillsTheWorker() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--max-message-bytes", "4096"])
    worker.write(bytes: [0xFF, 0xC0, 0x80, 0x0A])  // invalid UTF-8
    worker.send(String(repeating: "[", count: 200_000))  // deep nesting, over the size limit too
    worker.send(String(repeating: "{\"a\":", count: 500))  // deep nesting within the size limit
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"s":"\u0000\ud800"}}"#)
    worker.send("\u{0}\u{1}garbage")
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
    let messages = await worker.waitForMessages(6)
    #expect(messages.count == 6)
    #expect(messages.map { $0["error"]?["code"]?.intValue } == [-32700, -32600, -32700, nil, -32700, nil])
    #expect(messages.last?["id"]?.intValue == 2)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  /// A slow request, a ping that overtakes it, progress before its reply, and cancellation of another.
  @Test func progressCancellationAndOrdering() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins", "diagnostics"])
    worker.send(
      #"{"jsonrpc":"2.0","id":"p","method":"diagnostics/slow","params":{"steps":3,"stepMilliseconds":50,"_meta":{"progressToken":7}}}"#
    )
    worker.send(#"{"jsonrpc":"2.0","id":"c","method":"diagnostics/slow","params":{"steps":100,"stepMilliseconds":50}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":"fast","method":"ping"}"#)
    worker.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"c"}}"#)
    let messages = await worker.waitForMessages(6)
    #expect(messages.first?["id"] == "fast")
    let cancelled = messages.filter { $0["id"] == "c" }
    #expect(cancelled.count == 1)
    #expect(cancelled.first?["error"]?["code"]?.intValue == -32800)
    let progress = messages.filter { $0["method"] == "notifications/progress" }
    #expect(progress.map { $0["params"]?["progress"]?.intValue } == [1, 2, 3])
    #expect(progress.allSatisfy { $0["params"]?["progressToken"]?.intValue == 7 })
    let replyIndex = try #require(messages.firstIndex { $0["id"] == "p" })
    let lastProgress = try #require(messages.lastIndex { $0["method"] == "notifications/progress" })
    #expect(lastProgress < replyIndex)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  /// `shutdown` then `exit` ends with 0; `exit` alone with 1.
  @Test func shutdownAndExit() async throws {
    let clean = try await exchange(
      #"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"# + "\n" + #"{"jsonrpc":"2.0","method":"exit"}"# + "\n")
    #expect(clean.status == 0)
    #expect(clean.messages.first?.jsonText == #"{"jsonrpc":"2.0","id":1,"result":null}"#)
    let abrupt = try await exchange(#"{"jsonrpc":"2.0","method":"exit"}"# + "\n")
    #expect(abrupt.status == 1)
  }

  /// `initialize` lists the plugins that `--plugins` enabled (changes to the default set), and the limits given
  /// on the command line.
  @Test(arguments: [
    (
      "diagnostics",
      ["estate", "diagnostics", "validation", "migration", "arm", "extensions", "gateways", "certificates", "report"]
    ),
    (
      "+diagnostics,-gateways",
      ["estate", "diagnostics", "validation", "migration", "arm", "extensions", "certificates", "report"]
    ),
    (
      "all,-certificates",
      ["estate", "diagnostics", "validation", "migration", "arm", "extensions", "gateways", "report"]
    ),
    ("-extensions, -arm", ["estate", "validation", "migration", "gateways", "certificates", "report"]),
  ])
  func initializeReflectsCommandLine(plugins: String, expected: [String]) async throws {
    let (messages, _) = try await exchange(
      #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"clientInfo":{"name":"e2e"}}}"# + "\n",
      arguments: ["serve", "--plugins=\(plugins)", "--max-message-bytes", "1000"])
    let result = try #require(messages.first?["result"])
    #expect(result["plugins"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == expected)
    #expect(result["limits"]?["maxMessageBytes"]?.intValue == 1000)
  }
}

/// Busy handlers never block reading: ping and cancellation get through at the in-flight limit.
struct BusyWorkerTests {
  @Test func cancellationReachesAWorkerAtItsLimit() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins", "diagnostics", "--max-in-flight", "1"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"diagnostics/slow","params":{"steps":200,"stepMilliseconds":50}}"#)
    worker.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
    let replies = await worker.waitForMessages(2)
    #expect(replies.first?["error"]?["code"]?.intValue == -32800)
    #expect(replies.last?["id"]?.intValue == 2)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }
}

/// `--max-reply-bytes` bounds one reply: the estate model over it is refused with `1003`, the summary is not.
struct ReplyLimitEndToEndTests {
  @Test func modelOverTheReplyLimitIsRefusedAndTheWorkerServesOn() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--max-reply-bytes", "4096"])
    let estate = #"{"estate":{"path":"examples/sample-estate/estate.json"}"#
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"estate/load","params":\#(estate),"includeModel":true}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"estate/load","params":\#(estate)}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":3,"method":"ping"}"#)
    let replies = await worker.waitForMessages(3)
    let refused = try #require(replies.first { $0["id"]?.intValue == 1 })
    #expect(refused["error"]?["code"]?.intValue == 1003)
    #expect(refused["error"]?["data"]?["method"]?.stringValue == "estate/load")
    #expect(refused["error"]?["message"]?.stringValue?.contains("includeModel") == true)
    let summary = try #require(replies.first { $0["id"]?.intValue == 2 })
    #expect(summary["result"]?["summary"]?["roles"]?.intValue == 2)
    #expect(replies.contains { $0["id"]?.intValue == 3 && $0["result"] != nil })
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }
}
