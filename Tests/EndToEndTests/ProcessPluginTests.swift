import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Process plugins through the real worker with real Python plugin processes: registration, forwarding,
/// supervision and shutdown.
@Suite(.serialized)
struct ProcessPluginTests {
  /// The test plugin, which misbehaves in the way its first argument names.
  static let script = packageRoot.appendingPathComponent("Tests/Scripts/misbehaving_plugin.py").path

  /// `--plugin test=python3 <script> <mode>`.
  static func flag(_ mode: String, name: String = "test") -> [String] {
    ["--plugin", "\(name)=python3 \(script) \(mode)"]
  }

  /// A worker serving with the test plugin in `mode`, logging at info so plugin stderr shows.
  static func worker(_ mode: String, extra: [String] = []) throws -> WorkerProcess {
    try WorkerProcess(
      arguments: ["serve", "--root", packageRoot.path, "--state", ":memory:", "--log-level", "info"] + flag(mode)
        + extra)
  }

  /// A manifest entry running the test plugin in `mode` under the name `test`, with `extra` members.
  static func entry(_ mode: String, _ extra: [(String, JSONValue)] = []) -> JSONValue {
    var object = JSONObject([("name", "test"), ("command", "python3"), ("args", [.string(script), .string(mode)])])
    for (key, value) in extra { object[key] = value }
    return .object(object)
  }

  /// Writes `csmigrate.plugins.json` listing `entries` into `folder`.
  static func writeManifest(_ entries: [JSONValue], in folder: URL) throws {
    let manifest = JSONValue.object(JSONObject([("plugins", .array(entries))]))
    try Data(manifest.jsonText.utf8).write(to: folder.appendingPathComponent("csmigrate.plugins.json"))
  }

  /// A fresh root folder holding a manifest of the entries `entries` makes for it.
  static func root(_ prefix: String, _ entries: (_ folder: URL) -> [JSONValue]) throws -> URL {
    let folder = try temporaryDirectory(prefix)
    try writeManifest(entries(folder), in: folder)
    return folder
  }

  /// The replies among `messages`, by id.
  static func byID(_ messages: [JSONValue]) -> [Int: JSONValue] {
    Dictionary(messages.compactMap { message in message["id"]?.intValue.map { ($0, message) } }) { first, _ in first }
  }

  @Test func flagRegistersMethodsThatAppearInDiscoveryAndToolsAndForward() async throws {
    let worker = try Self.worker("well")
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#)
    worker.send(#"{"jsonrpc":"2.0","id":3,"method":"test/echo","params":{"n":41,"s":"é"}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":"three","method":"test/echo","params":{"n":42}}"#)
    let replies = Self.byID(await worker.waitForMessages(4))
    let discovered = replies[1]?["result"]?["methods"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    #expect(discovered.contains("test/echo") && discovered.contains("test/write"))
    let tools = replies[2]?["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    #expect(tools.contains("test_echo"))
    #expect(!tools.contains("test_crash"))
    #expect(replies[3]?["result"] == ["n": 41, "s": "é"])
    let string = worker.allMessages.first { $0["id"] == "three" }
    #expect(string?["result"] == ["n": 42])
    #expect(await worker.waitForStandardError(containing: "says hello"))
    #expect(worker.standardError.contains("plugin=test"))
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func rawProtocolExampleAnswersWithProgress() async throws {
    let example = packageRoot.appendingPathComponent("examples/plugins/raw_plugin.py").path
    let worker = try WorkerProcess(
      arguments: ["serve", "--state", ":memory:", "--log-level", "info", "--plugin", "raw=python3 \(example)"])
    worker.send(
      #"{"jsonrpc":"2.0","id":1,"method":"raw/wordcount","params":{"text":"one two three","_meta":{"progressToken":7}}}"#
    )
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"raw/wordcount","params":{"text":3}}"#)
    let messages = await worker.waitForMessages(3)
    let replies = Self.byID(messages)
    #expect(messages.contains { $0["method"] == "notifications/progress" && $0["params"]?["progressToken"] == 7 })
    #expect(replies[1]?["result"] == ["words": 3])
    #expect(replies[2]?["error"]?["code"] == -32602)
    #expect(replies[2]?["error"]?["data"]?["field"] == "text")
    #expect(await worker.waitForStandardError(containing: "raw plugin starting for csmigrate"))
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func manifestUnderRootRegistersAndPluginsListShowsIt() async throws {
    let folder = try Self.root("plugins-manifest") { _ in
      [Self.entry("well"), ["name": "gone", "command": "./no-such-plugin"]]
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let list = try await CLIRun.run(["plugins", "list", "--root", folder.path, "--format", "json"])
    #expect(list.status == 1)
    let rows = list.json?["plugins"]?.arrayValue ?? []
    #expect(rows.first?["name"] == "test")
    #expect(rows.first?["state"] == "ready")
    #expect(rows.first?["methods"]?.arrayValue?.contains("test/echo") == true)
    #expect(rows.last?["state"] == "failed")
    #expect(rows.last?["reason"] == "plugin.spawn-failed")
    let text = try await CLIRun.run(["plugins", "--root", folder.path])
    #expect(text.stdout.contains("test  ready  0.0.1"))
    #expect(text.stdout.contains("gone  failed"))

    try Self.writeManifest([Self.entry("well")], in: folder)
    let worker = try WorkerProcess(arguments: ["serve", "--root", folder.path, "--state", ":memory:"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"test/echo","params":{"from":"manifest"}}"#)
    #expect(Self.byID(await worker.waitForMessages(1))[1]?["result"] == ["from": "manifest"])
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func crashMidCallIsIsolatedAndTheNextCallRestartsThePlugin() async throws {
    let folder = try Self.root("plugins-crash") { folder in
      [Self.entry("well", [("env", ["PLUGIN_STARTS": .string(folder.appendingPathComponent("starts").path)])])]
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let starts = folder.appendingPathComponent("starts").path
    let worker = try WorkerProcess(arguments: ["serve", "--root", folder.path, "--state", ":memory:"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"test/crash","params":{}}"#)
    let crash = Self.byID(await worker.waitForMessages(1))[1]?["error"]
    #expect(crash?["code"] == 4000)
    #expect(crash?["data"]?["plugin"] == "test")
    #expect(crash?["data"]?["reason"] == "plugin.exited")
    #expect(crash?["message"]?.stringValue?.contains("Plugin 'test' failed") == true)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
    worker.send(#"{"jsonrpc":"2.0","id":3,"method":"test/echo","params":{"after":"restart"}}"#)
    let replies = Self.byID(await worker.waitForMessages(3))
    #expect(replies[2]?["result"] == [:])
    #expect(replies[3]?["result"] == ["after": "restart"])
    let lines = try String(contentsOfFile: starts, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 2)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func pluginThatExitsAtStartStopsTheWorkerWithItsName() async throws {
    let run = try await CLIRun.run(["serve", "--state", ":memory:"] + Self.flag("exit-at-start"))
    #expect(run.status == 2)
    #expect(run.stderr.contains("cannot start: plugin 'test': it exited with status 3"))
  }

  @Test(arguments: [("garbage", "plugin.garbage"), ("unknown-id", "plugin.unknown-id")])
  func protocolBreachIsIsolatedWithAnErrorNamingThePlugin(mode: String, reason: String) async throws {
    let worker = try Self.worker(mode)
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"test/echo","params":{}}"#)
    let error = Self.byID(await worker.waitForMessages(1))[1]?["error"]
    #expect(error?["code"] == 4000)
    #expect(error?["data"] == ["plugin": "test", "reason": .string(reason)])
    worker.send(
      #"{"jsonrpc":"2.0","id":2,"method":"estate/load","params":{"estate":{"path":"examples/solo-estate/estate.json"}}}"#
    )
    #expect(Self.byID(await worker.waitForMessages(2))[2]?["result"]?["handle"]?.stringValue != nil)
    #expect(await worker.waitForStandardError(containing: "plugin isolated"))
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func hangingCallTimesOutAndThePluginIsToldToCancel() async throws {
    let folder = try Self.root("plugins-hang") { _ in [Self.entry("well", [("timeoutMs", 300)])] }
    defer { try? FileManager.default.removeItem(at: folder) }
    let worker = try WorkerProcess(arguments: [
      "serve", "--root", folder.path, "--state", ":memory:", "--log-level", "info",
    ])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"test/slow","params":{}}"#)
    let error = Self.byID(await worker.waitForMessages(1))[1]?["error"]
    #expect(error?["data"] == ["plugin": "test", "reason": "plugin.timeout"])
    #expect(await worker.waitForStandardError(containing: "cancelled "))
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"test/echo","params":{"still":"alive"}}"#)
    #expect(Self.byID(await worker.waitForMessages(2))[2]?["result"] == ["still": "alive"])
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func pluginThatNeverReadsDoesNotMakeTheWorkerBuffer() async throws {
    let folder = try Self.root("plugins-never-read") { _ in [Self.entry("never-read", [("timeoutMs", 2000)])] }
    defer { try? FileManager.default.removeItem(at: folder) }
    let worker = try WorkerProcess(arguments: ["serve", "--root", folder.path, "--state", ":memory:"])
    let big = String(repeating: "x", count: 1_500_000)
    for id in 1...3 {
      worker.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"test/echo","params":{"big":"\#(big)"}}"#)
    }
    let reasons = Self.byID(await worker.waitForMessages(3)).values.compactMap {
      $0["error"]?["data"]?["reason"]?.stringValue
    }
    #expect(reasons.filter { $0 == "plugin.not-reading" }.count == 2)
    #expect(reasons.filter { $0 == "plugin.timeout" }.count == 1)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  /// A line goes straight into the plugin's stdin while the pipe is idle, and through the plugin loop thread
  /// once the pipe is full (the rest of a line too big for the pipe, and the lines after it until that is
  /// written): both paths give the same answers, whole and each to its own call.
  @Test func linesBiggerThanThePipeAndTheSmallOnesAfterThemArriveWhole() async throws {
    let worker = try Self.worker("well")
    let big = String(repeating: "y", count: 700_000)
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"test/echo","params":{"big":"\#(big)"}}"#)
    for id in 2...6 {
      worker.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"test/echo","params":{"n":\#(id)}}"#)
    }
    worker.send(#"{"jsonrpc":"2.0","id":7,"method":"test/echo","params":{"big":"\#(big)"}}"#)
    let replies = Self.byID(await worker.waitForMessages(7))
    #expect(replies[1]?["result"]?["big"]?.stringValue == big)
    #expect(replies[7]?["result"]?["big"]?.stringValue == big)
    for id in 2...6 { #expect(replies[id]?["result"]?["n"]?.intValue == id) }
    worker.send(#"{"jsonrpc":"2.0","id":8,"method":"test/echo","params":{"after":true}}"#)
    #expect(Self.byID(await worker.waitForMessages(8))[8]?["result"] == ["after": true])
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func progressComesBackAndCancellationGoesThrough() async throws {
    let worker = try Self.worker("well")
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"test/slow","params":{"_meta":{"progressToken":"p1"}}}"#)
    let progress = await worker.waitForMessages(1).first
    #expect(progress?["method"] == "notifications/progress")
    #expect(progress?["params"]?["progressToken"] == "p1")
    #expect(progress?["params"]?["message"] == "half way")
    worker.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#)
    #expect(Self.byID(await worker.waitForMessages(2))[1]?["error"]?["code"] == -32800)
    #expect(await worker.waitForStandardError(containing: "cancelled "))
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func shadowingABuiltInOrAnotherPluginIsAStartUpErrorNamingBoth() async throws {
    let shadow = try await CLIRun.run(["serve", "--state", ":memory:"] + Self.flag("shadow"))
    #expect(shadow.status == 2)
    #expect(shadow.stderr.contains("method 'estate/load' is registered by both 'estate' and 'test'"))
    let twice = try await CLIRun.run(
      ["serve", "--state", ":memory:"] + Self.flag("well", name: "one") + Self.flag("well", name: "two"))
    #expect(twice.status == 2)
    #expect(twice.stderr.contains("is registered by both 'one' and 'two'"))
  }

  @Test(arguments: ["well", "never-read"])
  func workerShutdownStopsItsPlugins(mode: String) async throws {
    let folder = try Self.root("plugins-stop") { folder in
      [Self.entry(mode, [("env", ["PLUGIN_STARTS": .string(folder.appendingPathComponent("starts").path)])])]
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let starts = folder.appendingPathComponent("starts").path
    let worker = try WorkerProcess(arguments: ["serve", "--root", folder.path, "--state", ":memory:"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
    _ = await worker.waitForMessages(1)
    let pid = try #require(Int32(String(contentsOfFile: starts, encoding: .utf8).split(separator: "\n")[0]))
    #expect(kill(pid, 0) == 0)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    #expect(kill(pid, 0) == -1 && errno == ESRCH)
  }

  @Test func cliCommandStopsItsPluginsWhenItEnds() async throws {
    let folder = try Self.root("plugins-cli-stop") { folder in
      [Self.entry("never-read", [("env", ["PLUGIN_STARTS": .string(folder.appendingPathComponent("starts").path)])])]
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.copyItem(
      at: packageRoot.appendingPathComponent("examples/solo-estate"), to: folder.appendingPathComponent("solo"))
    let run = try await CLIRun.run(["check", "solo/estate.json", "--root", folder.path])
    #expect(run.status == 0)
    let starts = try String(contentsOfFile: folder.appendingPathComponent("starts").path, encoding: .utf8)
    let pid = try #require(Int32(starts.split(separator: "\n")[0]))
    #expect(kill(pid, 0) == -1 && errno == ESRCH)  // a plugin that never reads got SIGTERM, not left behind
  }
}
