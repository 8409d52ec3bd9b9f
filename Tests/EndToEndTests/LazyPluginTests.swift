import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// Process plugins with `"start": "lazy"`: registered from their manifest's declarations, started at the first
/// call of a method or rule, and checked against those declarations at the handshake.
@Suite(.serialized)
struct LazyPluginTests {
  /// The test plugin's methods and rule as a manifest declares them (the names its handshake answers with).
  static let methods: JSONValue = [
    ["name": "test/echo", "summary": "Returns its params.", "tool": ["title": "Echo", "use": "Use in tests."]],
    ["name": "test/crash", "summary": "Dies mid-call."],
    ["name": "test/slow", "summary": "Waits to be cancelled."],
    ["name": "test/write", "summary": "Pretends to write.", "writes": true],
    ["name": "test/received", "summary": "Counts what it received."],
  ]
  static let rules: JSONValue = [
    [
      "id": "test.EVERY-DEPLOYMENT", "scope": "deployment", "severity": "Error", "summary": "Blocks everything.",
      "message": "Deployment {deployment} is blocked by the test plugin.", "fix": "Remove the test plugin.",
    ]
  ]

  /// A root with the solo estate and a lazy entry for the test plugin declaring `methods` and `rules`.
  static func lazyRoot(methods: JSONValue = methods, rules: JSONValue = rules) throws -> URL {
    let folder = try ProcessPluginTests.root("plugins-lazy") { folder in
      [
        ProcessPluginTests.entry(
          "well",
          [
            ("start", "lazy"), ("methods", methods), ("rules", rules),
            ("env", ["PLUGIN_STARTS": .string(folder.appendingPathComponent("starts").path)]),
          ])
      ]
    }
    try FileManager.default.copyItem(
      at: packageRoot.appendingPathComponent("examples/solo-estate"), to: folder.appendingPathComponent("solo"))
    return folder
  }

  /// The number of times the plugin started (lines in its `starts` file).
  static func starts(in folder: URL) -> Int {
    let text = try? String(contentsOfFile: folder.appendingPathComponent("starts").path, encoding: .utf8)
    return text?.split(separator: "\n").count ?? 0
  }

  @Test func lazyPluginIsRegisteredFromItsManifestAndStartsAtTheFirstRuleOrCall() async throws {
    let folder = try Self.lazyRoot()
    defer { try? FileManager.default.removeItem(at: folder) }
    let worker = try WorkerProcess(arguments: ["serve", "--root", folder.path, "--state", ":memory:"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"validation/rules","params":{}}"#)
    let listed = ProcessPluginTests.byID(await worker.waitForMessages(2))
    let methods = listed[1]?["result"]?["methods"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    #expect(methods.contains("test/echo") && methods.contains("test/write"))
    let rules = listed[2]?["result"]?["rules"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    #expect(rules.contains("test.EVERY-DEPLOYMENT"))
    #expect(Self.starts(in: folder) == 0)

    let run = #"{"estate":{"path":"solo/estate.json"},"target":{"service":"contoso-jobs","slot":"Production"}}"#
    worker.send(#"{"jsonrpc":"2.0","id":3,"method":"validation/run","params":\#(run)}"#)
    let rows = ProcessPluginTests.byID(await worker.waitForMessages(3))[3]?["result"]?["validationMessages"]
    #expect(rows?.arrayValue?.contains { $0["ruleId"] == "test.EVERY-DEPLOYMENT" } == true)
    #expect(Self.starts(in: folder) == 1)
    worker.send(#"{"jsonrpc":"2.0","id":4,"method":"test/echo","params":{"lazy":true}}"#)
    #expect(ProcessPluginTests.byID(await worker.waitForMessages(4))[4]?["result"] == ["lazy": true])
    #expect(Self.starts(in: folder) == 1)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func handshakeThatDiffersFromTheManifestFailsNamingBothLists() async throws {
    let folder = try Self.lazyRoot(methods: [["name": "test/echo", "summary": "Returns its params."]], rules: [])
    defer { try? FileManager.default.removeItem(at: folder) }
    let list = try await CLIRun.run(["plugins", "list", "--root", folder.path, "--format", "json"])
    #expect(list.status == 1)  // plugins list starts lazy plugins too, so it sees the mismatch
    #expect(list.json?["plugins"]?.arrayValue?.first?["reason"] == "plugin.handshake")
    let worker = try WorkerProcess(arguments: ["serve", "--root", folder.path, "--state", ":memory:"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"test/echo","params":{}}"#)
    let error = ProcessPluginTests.byID(await worker.waitForMessages(1))[1]?["error"]
    #expect(error?["code"] == 4000)
    #expect(error?["data"]?["reason"] == "plugin.handshake")
    #expect(
      error?["message"]?.stringValue?.contains(
        "its handshake declares methods [test/crash, test/echo, test/received, test/slow, test/write] and rules "
          + "[test.EVERY-DEPLOYMENT], but its manifest entry declares methods [test/echo] and rules []") == true)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  /// Manifest members that break a lazy entry, and the error that names the field.
  static let badMembers: [(member: String, value: JSONValue, expected: String)] = [
    ("start", "sometimes", "plugins[0].start must be \"eager\" or \"lazy\""),
    ("rules", [["id": "other.RULE"]], "plugins[0].rules[0].id 'other.RULE' must start with the plugin's name"),
  ]

  @Test(arguments: badMembers)
  func badStartOrDeclarationStopsStartUpNamingTheField(bad: (member: String, value: JSONValue, expected: String))
    async throws
  {
    let folder = try ProcessPluginTests.root("plugins-lazy-bad") { _ in
      [ProcessPluginTests.entry("well", [("start", "lazy"), (bad.member, bad.value)])]
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try await CLIRun.run(["serve", "--root", folder.path, "--state", ":memory:"])
    #expect(run.status != 0)
    #expect(run.stderr.contains(bad.expected))
  }
}
