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

  /// Method names from the table of methods that are not tools (the rows after `| method | why it is not a tool |`).
  static func methodsLeftOutOfTools() throws -> Set<String> {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("protocol.md"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let header = lines.firstIndex(where: { $0.hasPrefix("| method | why it is not a tool |") }) else { return [] }
    var names = Set<String>()
    for line in lines[(header + 2)...] {
      guard line.hasPrefix("|") else { break }
      let cell = line.split(separator: "|").first ?? ""
      for (index, part) in cell.split(separator: "`", omittingEmptySubsequences: false).enumerated()
      where index % 2 == 1 {
        names.insert(String(part))
      }
    }
    return names
  }

  /// Every registered method is a tool, or protocol.md says why it is not.
  @Test func everyMethodIsAToolOrLeftOutWithAReason() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins", "all"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#)
    let replies = await worker.waitForMessages(2)
    let methods = try #require(replies.first { $0["id"] == 1 }?["result"]?["methods"]?.arrayValue)
    let tools = try #require(replies.first { $0["id"] == 2 }?["result"]?["tools"]?.arrayValue)
    let toolNames = Set(tools.compactMap { $0["name"]?.stringValue })
    let registered = Set(methods.compactMap { $0["name"]?.stringValue })
    let leftOut = try Self.methodsLeftOutOfTools()
    let asTools = registered.filter { toolNames.contains(String($0.map { $0 == "/" ? "_" : $0 })) }
    #expect(asTools.count > 30)
    #expect(registered.subtracting(asTools).subtracting(leftOut).sorted() == [], "neither a tool nor left out")
    #expect(leftOut.intersection(asTools).sorted() == [], "a tool listed as left out")
    #expect(leftOut.subtracting(registered).sorted() == [], "left out but not registered")
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }
}
