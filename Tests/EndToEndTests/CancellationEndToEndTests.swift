import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// Every long method, cancelled through the worker once its work has started: the worker is started with its test
/// hook `--hold-at-first-progress`, so each handler stops right after its first progress report until the request
/// is answered. The test sees that report, sends `$/cancelRequest`, and checks the one reply is the cancellation
/// error, nothing more comes for that id, the worker still answers `ping`, and (from the worker's debug log) the
/// handler itself stopped at its next cancellation check instead of running to its end.
@Suite(.serialized)
struct CancellationEndToEndTests {
  /// One long method: its name, which estate it runs on, and its params other than `estate`.
  struct Row: Sendable, CustomTestStringConvertible {
    let method: String
    /// Whether the method needs an estate with a migration target per service (report/html reports progress
    /// every 100 targets); otherwise the estate's services sit in a few VNets.
    let manyTargets: Bool
    let params: String
    /// Whether the method is given the estate document itself (the load is the long work) instead of the handle
    /// of an estate loaded before.
    var takesDocument = false

    var testDescription: String { method }
  }

  static let vnet = #"{"virtualNetwork":"net-0"}"#

  static let rows: [Row] = [
    Row(method: "validation/run", manyTargets: false, params: #""target":\#(vnet)"#),
    Row(method: "arm/plan", manyTargets: false, params: #""target":\#(vnet)"#),
    Row(method: "arm/template", manyTargets: false, params: #""target":\#(vnet)"#),
    Row(method: "artifacts/rewrite", manyTargets: false, params: #""target":\#(vnet)"#),
    Row(method: "gateways/inventory", manyTargets: false, params: ""),
    Row(method: "extensions/inventory", manyTargets: false, params: ""),
    Row(method: "extensions/convert", manyTargets: false, params: #""target":\#(vnet)"#),
    Row(method: "certificates/match", manyTargets: false, params: #""target":\#(vnet),"files":[]"#),
    Row(method: "certificates/plan", manyTargets: false, params: #""target":\#(vnet)"#),
    Row(method: "report/html", manyTargets: true, params: ""),
    // 48 services, assembled one by one on the handler's thread, which the hold stops (services assembled on
    // several threads would go on reporting while one is held; LoadStepsTests covers that path).
    Row(method: "estate/load", manyTargets: false, params: "", takesDocument: true),
  ]

  /// The estate document a row runs on, as JSON text.
  static func estate(manyTargets: Bool) -> String {
    var writer = JSONWriter()
    writer.write(
      manyTargets
        ? SyntheticEstate.document(services: 120, networks: 0) : SyntheticEstate.document(services: 48, networks: 6))
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  @Test(arguments: rows)
  func aLongMethodCancelledMidWorkAnswersOnceAndStops(row: Row) async throws {
    let root = try temporaryDirectory("cancel-e2e")
    defer { try? FileManager.default.removeItem(at: root) }
    let worker = try WorkerProcess(arguments: [
      "serve", "--root", root.path, "--state", ":memory:", "--log-level", "debug", "--hold-at-first-progress",
    ])
    defer { worker.terminate() }
    let document = Self.estate(manyTargets: row.manyTargets)
    var estate = #""estate":{"document":\#(document)}"#
    if row.takesDocument {
      worker.send(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)  // the one message before the progress
      _ = await worker.waitForMessages(1)
    } else {
      worker.send(#"{"jsonrpc":"2.0","id":1,"method":"estate/load","params":{\#(estate)}}"#)
      let loaded = await worker.waitForMessages(1)
      let handle = try #require(loaded.first?["result"]?["handle"]?.stringValue, "estate/load: \(loaded)")
      estate = #""estate":{"handle":"\#(handle)"}"#
    }
    let params = [estate, row.params].filter { !$0.isEmpty }.joined(separator: ",")
    worker.send(
      #"{"jsonrpc":"2.0","id":"long","method":"\#(row.method)","params":{\#(params),"_meta":{"progressToken":"p"}}}"#)

    // The handler is held right after its first report: its work has started and cannot have finished.
    let started = await worker.waitForMessages(2)
    let progress = try #require(started.count == 2 ? started[1] : nil, "\(row.method): \(started)")
    #expect(progress["method"] == "notifications/progress", "\(row.method) answered before any progress: \(progress)")
    #expect(progress["params"]?["progressToken"] == "p")

    worker.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"long"}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":"ping","method":"ping"}"#)
    let answered = await worker.waitForMessages(4)
    #expect(answered.first { $0["id"] == "ping" }?["result"] == [:], "\(row.method): \(answered)")
    #expect(
      await worker.waitForStandardError(containing: "the handler of a cancelled request"),
      "\(row.method): the handler never ended")
    #expect(worker.standardError.contains("the handler of a cancelled request stopped"), "\(row.method) ran on")
    #expect(!worker.standardError.contains("the handler of a cancelled request ran to its end"))

    // Once the worker has exited its output is complete: one reply for the id, and no progress after it.
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    let messages = worker.allMessages
    let replies = messages.filter { $0["id"] == "long" }
    #expect(replies.count == 1, "\(row.method): \(replies)")
    #expect(replies.first?["error"]?["code"] == -32800, "\(row.method): \(replies)")
    let replyIndex = messages.firstIndex { $0["id"] == "long" } ?? messages.count
    #expect(!messages[replyIndex...].contains { $0["params"]?["progressToken"] == "p" })
  }
}
