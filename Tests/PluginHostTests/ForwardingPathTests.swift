import Dispatch
import Logging
import PluginAPI
import Testing
import WorkerCore
import WorkerProtocol
import WorkerTestSupport

@testable import PluginHost

/// A plugin process in memory that answers by method, can crash, and lets a test wait for what it was sent.
///
/// Events come from a serial queue of their own, as the real transport's come from its plugin loop thread.
final class ScriptedPlugin: PluginLauncher {
  /// Every message the plugin processes were sent, in order, across restarts.
  let seen = LockedValue<[JSONValue]>([])
  /// Signalled after each message is recorded.
  let arrivals = ChangeNotifier()
  let launches = LockedValue(0)
  private let delivery = DispatchQueue(label: "scripted plugin")

  /// The methods it offers.
  static let methods = ["mem/echo", "mem/fail", "mem/progress", "mem/hang", "mem/big", "mem/crash"]

  func launch(_ entry: PluginEntry, events: @escaping @Sendable (PluginChannelEvent) -> Void) -> any PluginChannel {
    launches.withLock { $0 += 1 }
    return Channel(plugin: self, events: events)
  }

  /// Waits until the plugin was sent a message for which `matches` holds.
  func waitForMessage(where matches: @escaping (JSONValue) -> Bool) async -> Bool {
    await arrivals.wait(timeout: 300) { seen.withLock { $0.contains(where: matches) } }
  }

  /// What one message makes the plugin do.
  static func events(answering message: JSONValue) -> [PluginChannelEvent] {
    guard let id = message["id"], let method = message["method"]?.stringValue else { return [] }
    func line(_ object: JSONValue) -> PluginChannelEvent { .line(Array(object.jsonText.utf8)) }
    func result(_ value: JSONValue) -> PluginChannelEvent { line(["jsonrpc": "2.0", "id": id, "result": value]) }
    var params = message["params"]?.objectValue ?? JSONObject()
    let token = params["_meta"]?["progressToken"] ?? .null
    params["_meta"] = nil
    switch method {
    case "plugin/initialize":
      let methods = JSONValue.array(Self.methods.map { ["name": .string($0)] })
      return [result(["name": "mem", "version": "1", "protocolVersion": 1, "methods": methods])]
    case "mem/echo": return [result(.object(params))]
    case "mem/fail":
      return [line(["jsonrpc": "2.0", "id": id, "error": ["code": 4100, "message": "refused", "data": ["n": 7]]])]
    case "mem/progress":
      let progress: JSONValue = ["progressToken": token, "progress": 1, "total": 2, "message": "half way"]
      return [
        line(["jsonrpc": "2.0", "method": "notifications/progress", "params": progress]),
        result(["done": true]),
      ]
    case "mem/big": return [result(["text": .string(String(repeating: "x", count: 4000))])]
    case "mem/crash": return [.exited(status: 3, signal: 0)]
    default: return []  // mem/hang, shutdown
    }
  }

  final class Channel: PluginChannel {
    let plugin: ScriptedPlugin
    let events: @Sendable (PluginChannelEvent) -> Void
    let exited = LockedValue(false)

    init(plugin: ScriptedPlugin, events: @escaping @Sendable (PluginChannelEvent) -> Void) {
      self.plugin = plugin
      self.events = events
    }

    func send(_ line: [UInt8]) -> Bool {
      guard !exited.withLock({ $0 }), let message = try? JSONParser.parse(line) else { return false }
      let answers = ScriptedPlugin.events(answering: message)
      if answers.contains(where: { if case .exited = $0 { true } else { false } }) {
        exited.withLock { $0 = true }
      }
      let events = events
      plugin.delivery.async { [plugin] in
        plugin.seen.withLock { $0.append(message) }
        plugin.arrivals.signal()
        for answer in answers { events(answer) }
      }
      return true
    }

    func closeInput() {}
    func signal(_ signal: PluginSignal) {}
  }
}

/// The process plugin's methods with their starter taken away: every request then runs the `async` handler in a
/// task (the general path), for comparing the two paths.
struct GeneralPathPlugin: WorkerPlugin {
  let wrapped: ProcessPlugin
  var name: String { wrapped.name }
  var version: String { wrapped.version }
  var summary: String { wrapped.summary }
  var methods: [MethodSpec] { wrapped.methods.map { $0.starting(with: nil) } }
}

/// Forwarded calls take the path without a task (the handler starts on the session's loop and the plugin's answer
/// is queued for the loop from the thread that reads it), and it gives what the general path gives.
@Suite struct ForwardingPathTests {
  /// Which handler runs forwarded requests.
  enum Path: CaseIterable { case withoutTask, general }

  /// A worker session with the scripted plugin registered, forwarding along `path`.
  struct Rig {
    let plugin = ScriptedPlugin()
    let client: PluginClient
    let harness: SessionHarness

    init(path: Path, callTimeout: Duration? = nil) async throws {
      var settings = PluginSettings()
      settings.handshakeTimeout = .seconds(600)
      settings.baseRestartDelay = .zero
      settings.failureWindow = .seconds(24 * 3600)
      var entry = PluginEntry(name: "mem", command: "mem", directory: "/", source: "test")
      entry.callTimeout = callTimeout
      client = PluginClient(entry: entry, launcher: plugin, settings: settings, logger: Logger(label: "test"))
      let processPlugin = ProcessPlugin(client: client, description: try await client.start())
      var registry = MethodRegistry()
      switch path {
      case .withoutTask: try registry.register(processPlugin)
      case .general: try registry.register(GeneralPathPlugin(wrapped: processPlugin))
      }
      var configuration = WorkerConfiguration()
      configuration.maxReplyBytes = 1024
      harness = SessionHarness(registry: registry, configuration: configuration)
    }

    /// Sends one request and returns what the worker wrote until its reply (progress included), in order.
    func exchange(_ id: Int, _ method: String, _ params: JSONValue = [:]) async -> [JSONValue] {
      let before = harness.messages.count
      harness.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params.jsonText)}"#)
      return await messages(from: before, untilReplyTo: id)
    }

    /// Waits for the reply to `id`; returns what the worker wrote from message `before` on until it.
    func messages(from before: Int, untilReplyTo id: Int) async -> [JSONValue] {
      var all = harness.messages
      while !all.dropFirst(before).contains(where: { $0["id"] == .number(JSONNumber(id)) }) {
        all = await harness.waitForMessages(all.count + 1)
      }
      return Array(all.dropFirst(before))
    }

    /// What the plugin was sent, without the ids (which the worker picks), the handshake or shutdown.
    var pluginSaw: [JSONValue] {
      plugin.seen.withLock { messages in
        messages.compactMap { message -> JSONValue? in
          guard let method = message["method"]?.stringValue, method != "plugin/initialize" else { return nil }
          if method == "notifications/cancelled" {
            return ["cancelled": message["params"]?["reason"] ?? .null]
          }
          var params = message["params"]?.objectValue ?? JSONObject()
          params["_meta"] = nil
          return ["method": .string(method), "params": .object(params)]
        }
      }
    }
  }

  /// Answers, a plugin's own error, progress, the reply limit, cancellation forwarded to the plugin, and a crash
  /// with the restart after it: one exchange after another, as the client sees them and as the plugin does.
  func transcript(_ path: Path) async throws -> (client: [[JSONValue]], plugin: [JSONValue], withoutTask: Int) {
    let rig = try await Rig(path: path)
    var client: [[JSONValue]] = []
    client.append(await rig.exchange(1, "mem/echo", ["n": 1, "s": "é"]))
    client.append(await rig.exchange(2, "mem/fail"))
    client.append(await rig.exchange(3, "mem/progress", ["_meta": ["progressToken": "p3"]]))
    client.append(await rig.exchange(4, "mem/big"))
    // Cancelled once the plugin has the call, so that both paths have sent it (the general path sends it from
    // its task, which may not have run yet when the cancellation arrives).
    let before = rig.harness.messages.count
    rig.harness.send(#"{"jsonrpc":"2.0","id":5,"method":"mem/hang","params":{}}"#)
    #expect(await rig.plugin.waitForMessage { $0["method"] == "mem/hang" })
    rig.harness.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":5}}"#)
    client.append(await rig.messages(from: before, untilReplyTo: 5))
    #expect(await rig.plugin.waitForMessage { $0["method"] == "notifications/cancelled" })
    client.append(await rig.exchange(6, "mem/crash"))
    client.append(await rig.exchange(7, "mem/echo", ["after": "restart"]))
    #expect(rig.plugin.launches.withLock { $0 } == 2)
    _ = await rig.harness.settle()
    return (client, rig.pluginSaw, rig.harness.startedWithoutTask)
  }

  @Test func forwardedCallsTakeThePathWithoutATaskAndAnswerAsTheGeneralPathDoes() async throws {
    let fast = try await transcript(.withoutTask)
    let general = try await transcript(.general)
    #expect(fast.client == general.client)
    #expect(fast.plugin == general.plugin)
    // Every forwarded request started without a task; none did on the other path.
    #expect(fast.withoutTask == 7)
    #expect(general.withoutTask == 0)
    // And what both gave is what the protocol says.
    let replies = fast.client.map { $0.last ?? .null }
    #expect(replies[0]["result"] == ["n": 1, "s": "é"])
    #expect(replies[1]["error"] == ["code": 4100, "message": "refused", "data": ["n": 7]])
    #expect(fast.client[2].first?["method"] == "notifications/progress")
    let progress = fast.client[2].first?["params"]
    #expect(progress?["progressToken"] == "p3" && progress?["message"] == "half way")
    #expect(progress?["progress"]?.doubleValue == 1 && progress?["total"]?.doubleValue == 2)
    #expect(replies[2]["result"] == ["done": true])
    #expect(replies[3]["error"]?["code"] == 1003)
    #expect(replies[4]["error"]?["code"] == -32800)
    #expect(replies[5]["error"]?["code"] == 4000)
    #expect(replies[5]["error"]?["data"] == ["plugin": "mem", "reason": "plugin.exited"])
    #expect(replies[6]["result"] == ["after": "restart"])
    #expect(fast.plugin.contains(["cancelled": "cancelled by the client"]))
  }

  /// A call past its deadline ends with `plugin.timeout` through either path, and the plugin is told to cancel it.
  @Test(arguments: Path.allCases) func deadlineExpiresThroughEitherPath(path: Path) async throws {
    let rig = try await Rig(path: path, callTimeout: .milliseconds(50))
    let reply = await rig.exchange(1, "mem/hang").last
    #expect(reply?["error"]?["code"] == 4000)
    #expect(reply?["error"]?["data"] == ["plugin": "mem", "reason": "plugin.timeout"])
    #expect(await rig.plugin.waitForMessage { $0["method"] == "notifications/cancelled" })
    #expect(rig.pluginSaw.last == ["cancelled": "timed out"])
    #expect(await rig.exchange(2, "mem/echo", ["n": 2]).last?["result"] == ["n": 2])
    #expect(rig.harness.startedWithoutTask == (path == .withoutTask ? 2 : 0))
  }
}

@Suite struct CancellationFlagTests {
  /// An action registered with `onCancel` runs exactly once: on the cancelling thread when registered before,
  /// at once when registered after, and never again on a second cancellation, however the two race.
  @Test func actionsRunExactlyOnceWhetherRegisteredBeforeOrAfterTheCancellation() {
    for _ in 0..<500 {
      let flag = CancellationFlag()
      let runs = LockedValue(0)
      DispatchQueue.concurrentPerform(iterations: 3) { index in
        if index == 0 {
          flag.cancel()
        } else {
          flag.onCancel { runs.withLock { $0 += 1 } }
        }
      }
      flag.cancel()
      #expect(runs.withLock { $0 } == 2)
      flag.onCancel { runs.withLock { $0 += 1 } }
      #expect(runs.withLock { $0 } == 3)
    }
    let untouched = CancellationFlag()
    let ran = LockedValue(false)
    untouched.onCancel { ran.withLock { $0 = true } }
    #expect(!ran.withLock { $0 })
  }
}
