import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// A file or batch of dependent requests gets the replies of the same requests sent one by one.
struct OrderedRequestsTests {
  /// Import, fix the gateway blocker, validate, prepare and read the status: each depends on the one before.
  static let steps: [String] = [
    #"{"jsonrpc":"2.0","id":1,"method":"estate/import","params":{"estate":{"path":"examples/sample-estate/estate.json"}}}"#,
    #"{"jsonrpc":"2.0","id":2,"method":"classic/update","params":{"resource":{"virtualNetwork":"contoso-vnet"},"patch":{"gateway":null}}}"#,
    #"{"jsonrpc":"2.0","id":3,"method":"migration/validate","params":{"target":{"virtualNetwork":"contoso-vnet"}}}"#,
    #"{"jsonrpc":"2.0","id":4,"method":"migration/prepare","params":{"target":{"virtualNetwork":"contoso-vnet"}}}"#,
    #"{"jsonrpc":"2.0","id":5,"method":"migration/status","params":{"target":{"virtualNetwork":"contoso-vnet"}}}"#,
    #"{"jsonrpc":"2.0","id":6,"method":"arm/list","params":{}}"#,
  ]

  /// Checks the replies, in any order, against what one-by-one requests give.
  static func check(_ replies: [JSONValue]) {
    let byID = Dictionary(replies.map { ($0["id"]?.intValue ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
    #expect(byID.count == steps.count)
    for (id, reply) in byID.sorted(by: { $0.key < $1.key }) {
      #expect(reply["error"] == nil, "request \(id): \(reply.jsonText)")
    }
    #expect(byID[3]?["result"]?["failed"] == false)
    #expect(byID[4]?["result"]?["state"] == "Prepared")
    #expect(byID[5]?["result"]?["targets"]?.arrayValue?.first?["state"] == "Prepared")
    #expect((byID[6]?["result"]?["resources"]?.arrayValue?.count ?? 0) > 0)
  }

  @Test func dependentFile() async throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-ordered-\(UUID()).jsonl")
    try Data(Self.steps.joined(separator: "\n").appending("\n").utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let worker = try WorkerProcess(
      arguments: ["serve", "--root", packageRoot.path, "--state", ":memory:"],
      stdin: try FileHandle(forReadingFrom: file))
    #expect(await worker.waitForExit() == 0)
    Self.check(worker.allMessages)
  }

  @Test func dependentBatch() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--root", packageRoot.path, "--state", ":memory:"])
    worker.send("[" + Self.steps.joined(separator: ",") + "]")
    let batch = try #require(await worker.waitForMessages(1).first?.arrayValue)
    #expect(batch.map { $0["id"]?.intValue } == Array(1...Self.steps.count))
    Self.check(batch)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }
}
