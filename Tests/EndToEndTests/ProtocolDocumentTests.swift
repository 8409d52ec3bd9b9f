import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// protocol.md is the wire contract: it must document exactly the methods the worker registers.
struct ProtocolDocumentTests {
  /// Method names from `### \`name\`` headings.
  static func documentedMethods() throws -> Set<String> {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("protocol.md"), encoding: .utf8)
    var names = Set<String>()
    for line in text.split(separator: "\n") where line.hasPrefix("### `") && line.hasSuffix("`") {
      names.insert(String(line.dropFirst(5).dropLast()))
    }
    return names
  }

  @Test func everyRegisteredMethodIsDocumentedAndNothingElse() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins", "all"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"#)
    let reply = try #require(await worker.waitForMessages(1).first)
    let methods = try #require(reply["result"]?["methods"]?.arrayValue)
    let registered = Set(methods.compactMap { $0["name"]?.stringValue })
    let documented = try Self.documentedMethods()
    #expect(registered.count > 10)
    #expect(registered.subtracting(documented).sorted() == [], "registered but missing from protocol.md")
    #expect(documented.subtracting(registered).sorted() == [], "documented but not registered")
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }
}
