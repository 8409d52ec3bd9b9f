import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// `validation/run` by handle answers from the text kept with the estate: through the real binary, its reply lines
/// are the bytes of a report computed afresh, and an estate that changed is never answered from an older text.
@Suite(.serialized)
struct KeptReplyEndToEndTests {
  /// Questions about the sample estate that each give another report.
  static let questions = [
    #""target":{"service":"contoso-shop"}"#,
    #""target":{"service":"contoso-shop","slot":"Production"},"rulesRevision":"2024-07""#,
    #""target":{"virtualNetwork":"contoso-vnet"},"phase":"validate""#,
    #""target":{"virtualNetwork":"contoso-vnet"},"detail":"compact""#,
    #""target":{"service":"contoso-shop"},"format":"sarif""#,
  ]

  /// A worker over `root` answering in lockstep, one raw line per request.
  final class Client {
    let worker: WorkerProcess
    private var lines = 0

    init(root: String) throws { worker = try WorkerProcess(arguments: ["serve", "--root", root]) }

    /// Sends one request and returns its reply line as written.
    func call(id: Int, _ method: String, _ params: String) async -> String {
      worker.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":{\#(params)}}"#)
      lines += 1
      return await worker.waitForLines(lines).last ?? ""
    }

    /// Loads the estate document at `path` and returns its handle.
    func load(_ path: String) async throws -> String {
      let line = await call(id: 0, "estate/load", #""estate":{"path":"\#(path)"}"#)
      return try #require(try JSONParser.parse(Array(line.utf8))["result"]?["handle"]?.stringValue)
    }

    func finish() async {
      worker.closeInput()
      _ = await worker.waitForExit()
    }
  }

  /// For each question: the reply computed by handle, the kept one given again, and the one computed by path with
  /// the same id are the same bytes; and the questions' replies all differ, so none was answered for another.
  @Test func keptRepliesAreTheBytesOfFreshOnes() async throws {
    let client = try Client(root: ValidationEndToEndTests.root)
    let path = "examples/sample-estate/estate.json"
    var replies: Set<String> = []
    for (index, question) in Self.questions.enumerated() {
      let handle = try await client.load(path)
      let computed = await client.call(
        id: index + 1, "validation/run", #""estate":{"handle":"\#(handle)"},\#(question)"#)
      let kept = await client.call(id: index + 1, "validation/run", #""estate":{"handle":"\#(handle)"},\#(question)"#)
      let fresh = await client.call(id: index + 1, "validation/run", #""estate":{"path":"\#(path)"},\#(question)"#)
      #expect(computed.contains(#""result":{"#), "\(question): \(computed.prefix(300))")
      #expect(kept == fresh, "\(question)")
      #expect(computed == fresh, "\(question)")
      replies.insert(String(fresh.drop { $0 != "r" }))  // without the id
    }
    #expect(replies.count == Self.questions.count)
    await client.finish()
  }

  /// An estate whose files changed loads under another handle, and its reply is the changed estate's, never the
  /// text kept for the old content; the old handle still answers for the old content, and loading that content
  /// again gives the same reply.
  @Test func changedEstateIsNeverAnsweredFromAnOlderText() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-kept-\(UUID().uuidString)")
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: ValidationEndToEndTests.root).appendingPathComponent("examples/sample-estate"),
      to: folder)
    defer { try? FileManager.default.removeItem(at: folder) }
    let definition = folder.appendingPathComponent("ServiceDefinition.csdef")
    let original = try String(contentsOf: definition, encoding: .utf8)
    let question = #""target":{"service":"contoso-shop"}"#
    let client = try Client(root: folder.path)

    let before = try await client.load("estate.json")
    let old = await client.call(id: 1, "validation/run", #""estate":{"handle":"\#(before)"},\#(question)"#)
    #expect(await client.call(id: 1, "validation/run", #""estate":{"handle":"\#(before)"},\#(question)"#) == old)

    try original.replacingOccurrences(of: #"vmsize="Standard_D2_v2""#, with: #"vmsize="Medium""#)
      .write(to: definition, atomically: true, encoding: .utf8)
    let after = try await client.load("estate.json")
    #expect(after != before)
    let changed = await client.call(id: 1, "validation/run", #""estate":{"handle":"\#(after)"},\#(question)"#)
    #expect(changed != old)
    #expect(changed.contains("Medium"))
    #expect(await client.call(id: 1, "validation/run", #""estate":{"handle":"\#(after)"},\#(question)"#) == changed)
    #expect(await client.call(id: 1, "validation/run", #""estate":{"path":"estate.json"},\#(question)"#) == changed)
    #expect(await client.call(id: 1, "validation/run", #""estate":{"handle":"\#(before)"},\#(question)"#) == old)

    try original.write(to: definition, atomically: true, encoding: .utf8)
    #expect(try await client.load("estate.json") == before)
    #expect(await client.call(id: 1, "validation/run", #""estate":{"handle":"\#(before)"},\#(question)"#) == old)
    await client.finish()
  }
}
