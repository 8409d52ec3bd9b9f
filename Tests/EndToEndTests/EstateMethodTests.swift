import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// `estate/load` and `estate/parse` through the real binary.
struct EstateMethodTests {
  func worker() throws -> WorkerProcess {
    try WorkerProcess(arguments: ["serve", "--root", packageRoot.path])
  }

  /// The sample estate loads by path, then by the handle it returned, with the same summary.
  @Test func loadByPathThenHandle() async throws {
    let worker = try worker()
    worker.send(
      #"{"jsonrpc":"2.0","id":1,"method":"estate/load","params":{"estate":{"path":"examples/sample-estate/estate.json"}}}"#
    )
    let first = try #require(await worker.waitForMessages(1).first?["result"])
    #expect(first["succeeded"] == true)
    #expect(first["summary"]?["roles"]?.intValue == 2)
    let handle = try #require(first["handle"]?.stringValue)
    worker.send(
      #"{"jsonrpc":"2.0","id":2,"method":"estate/load","params":{"estate":{"handle":"\#(handle)"},"includeModel":true}}"#
    )
    let second = try #require(await worker.waitForMessages(2).last?["result"])
    #expect(second["summary"] == first["summary"])
    #expect(second["estate"]?["cloudServices"]?.arrayValue?.count == 1)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  /// Bad estate references are clear errors naming the field; the worker lives on.
  @Test func badReferences() async throws {
    let worker = try worker()
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"estate/load","params":{"estate":{"path":"../../etc/passwd"}}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"estate/load","params":{"estate":{"handle":"e-nope"}}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":3,"method":"estate/load","params":{"estate":{"path":"a","handle":"b"}}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":4,"method":"estate/load","params":{}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":5,"method":"ping"}"#)
    let replies = await worker.waitForMessages(5)
    let byID = Dictionary(
      uniqueKeysWithValues: replies.compactMap { reply in reply["id"]?.intValue.map { ($0, reply) } })
    #expect(byID[1]?["error"]?["code"]?.intValue == 1001)
    #expect(byID[1]?["error"]?["data"]?["field"] == "estate.path")
    #expect(byID[2]?["error"]?["code"]?.intValue == 1002)
    #expect(byID[3]?["error"]?["code"]?.intValue == -32602)
    #expect(byID[3]?["error"]?["data"]?["field"] == "estate")
    #expect(byID[4]?["error"]?["code"]?.intValue == -32602)
    #expect(byID[4]?["error"]?["data"]?["field"] == "estate")
    #expect(byID[5]?["result"] == .object(JSONObject()))
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  /// A bad value in a csdef is a problem with file, line and column, not an error reply.
  @Test func parseReportsProblemsWithPositions() async throws {
    let worker = try worker()
    let csdef =
      #"<ServiceDefinition name=\"x\" xmlns=\"http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition\">\n  <WebRole name=\"W\">\n    <Bogus/>\n  </WebRole>\n</ServiceDefinition>"#
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"estate/parse","params":{"kind":"csdef","text":"\#(csdef)"}}"#)
    let result = try #require(await worker.waitForMessages(1).first?["result"])
    let problem = try #require(result["problems"]?.arrayValue?.first)
    #expect(problem["severity"] == "warning")
    #expect(problem["line"]?.intValue == 3)
    #expect(problem["file"] == "<inline>")
    #expect(result["model"]?["value"]?["header"]?["name"] == "x")
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }
}
