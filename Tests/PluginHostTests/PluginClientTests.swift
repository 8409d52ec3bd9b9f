import Dispatch
import Logging
import PluginAPI
import Testing
import WorkerProtocol

@testable import PluginHost

/// A plugin process in memory: a function from each request to the lines it answers with.
final class InMemoryChannel: PluginChannel {
  let events: @Sendable (PluginChannelEvent) -> Void
  let behaviour: @Sendable (JSONValue) -> [String]
  let seen = LockedValue<[JSONValue]>([])
  let delivery = DispatchQueue(label: "in-memory plugin")

  init(events: @escaping @Sendable (PluginChannelEvent) -> Void, behaviour: @escaping @Sendable (JSONValue) -> [String])
  {
    self.events = events
    self.behaviour = behaviour
  }

  func send(_ line: [UInt8]) -> Bool {
    guard let message = try? JSONParser.parse(line) else { return false }
    seen.withLock { $0.append(message) }
    let answers = behaviour(message)
    let events = events
    // Like the real transport: events come from a thread of their own, never from inside `send`, and never
    // wait for a task of the concurrency pool (which a busy test run may keep occupied).
    delivery.async { for answer in answers { events(.line(Array(answer.utf8))) } }
    return true
  }

  func closeInput() {}
  func signal(_ signal: PluginSignal) {}
}

/// Launches ``InMemoryChannel``s and keeps the last one.
final class InMemoryLauncher: PluginLauncher {
  let behaviour: @Sendable (JSONValue) -> [String]
  let launched = LockedValue<[InMemoryChannel]>([])

  init(behaviour: @escaping @Sendable (JSONValue) -> [String]) { self.behaviour = behaviour }

  func launch(_ entry: PluginEntry, events: @escaping @Sendable (PluginChannelEvent) -> Void) -> any PluginChannel {
    let channel = InMemoryChannel(events: events, behaviour: behaviour)
    launched.withLock { $0.append(channel) }
    return channel
  }
}

/// The answer of a well-behaved plugin: the handshake, then each call's params back.
@Sendable func echoing(_ message: JSONValue) -> [String] {
  guard let id = message["id"], message["method"] != "notifications/cancelled" else { return [] }
  if message["method"] == "plugin/initialize" {
    return [
      #"{"jsonrpc":"2.0","id":\#(id.jsonText),"result":{"name":"mem","version":"1","protocolVersion":1,"methods":[{"name":"mem/echo"}]}}"#
    ]
  }
  return [#"{"jsonrpc":"2.0","id":\#(id.jsonText),"result":\#(message["params"]?.jsonText ?? "null")}"#]
}

@Suite struct PluginClientTests {
  let entry = PluginEntry(name: "mem", command: "mem", directory: "/", source: "test")

  /// A client; the handshake deadline is far away, as these tests are not about it.
  func client(_ launcher: InMemoryLauncher, settings: PluginSettings = PluginSettings()) -> PluginClient {
    var settings = settings
    settings.handshakeTimeout = .seconds(600)
    return PluginClient(entry: entry, launcher: launcher, settings: settings, logger: Logger(label: "test"))
  }

  @Test func callsGetTheWorkersOwnIdsAndTheirOwnAnswers() async throws {
    let launcher = InMemoryLauncher(behaviour: echoing)
    let client = client(launcher)
    let description = try await client.start()
    #expect(description.methods.map(\.name) == ["mem/echo"])
    async let first = client.call("mem/echo", params: ["n": 1])
    async let second = client.call("mem/echo", params: ["n": 2])
    let results = try await [first, second]
    #expect(results.map { $0["n"] } == [1, 2])
    let ids = launcher.launched.withLock { $0[0].seen.withLock { $0.compactMap { $0["id"]?.intValue } } }
    #expect(Set(ids).count == 3)  // the handshake and both calls, each with an id of its own
    let tokens = launcher.launched.withLock {
      $0[0].seen.withLock { $0.compactMap { $0["params"]?["_meta"]?["progressToken"]?.intValue } }
    }
    #expect(Set(tokens).isSubset(of: Set(ids)))
  }

  /// Calls share one deadline timer: a call with a short timeout still ends on time while a call with a long one
  /// waits (the timer moves earlier for it, and is armed again for the next short call after it fired), and each
  /// timed-out call is cancelled at the plugin.
  @Test(.timeLimit(.minutes(2))) func shortTimeoutsEndOnTimeBesideALongOne() async throws {
    let launcher = InMemoryLauncher { message in
      message["method"] == "mem/hang" ? [] : echoing(message)
    }
    let client = client(launcher)
    try await client.start()
    let long = Task { try await client.call("mem/hang", params: ["long": true], timeout: .seconds(600)) }
    let sentLong = {
      launcher.launched.withLock { $0[0].seen.withLock { $0.contains { $0["params"]?["long"] == true } } }
    }
    while !sentLong() { await Task.yield() }
    for _ in 1...2 {
      do {
        _ = try await client.call("mem/hang", params: [:], timeout: .milliseconds(50))
        Issue.record("a hanging call answered")
      } catch let failure as PluginFailure {
        #expect(failure.reason == .timeout)
      }
    }
    #expect(try await client.call("mem/echo", params: ["n": 3], timeout: .seconds(60))["n"] == 3)
    long.cancel()
    await #expect(throws: CancellationError.self) { try await long.value }
    let cancelled = launcher.launched.withLock {
      $0[0].seen.withLock { $0.filter { $0["method"] == "notifications/cancelled" }.count }
    }
    #expect(cancelled == 3)
  }

  @Test func anAnswerToAnUnknownIdIsolatesThePluginUntilItIsBroken() async throws {
    let launcher = InMemoryLauncher { message in
      guard message["method"] != "plugin/initialize" else { return echoing(message) }
      return message["id"] == nil ? [] : [#"{"jsonrpc":"2.0","id":999999,"result":{}}"#]
    }
    var settings = PluginSettings()
    settings.maxFailures = 2
    settings.baseRestartDelay = .zero
    // Both failures must count however slow the machine is (under ThreadSanitizer on a loaded machine the two
    // calls once took over 300 s, past the default 180 s window, and the plugin was restarted instead).
    settings.failureWindow = .seconds(24 * 3600)
    let client = client(launcher, settings: settings)
    for _ in 1...2 {
      await #expect(throws: PluginFailure.self) { try await client.call("mem/echo", params: [:]) }
    }
    #expect(client.phase == .broken)
    do {
      _ = try await client.call("mem/echo", params: [:])
      Issue.record("a broken plugin answered")
    } catch let failure as PluginFailure {
      #expect(failure.reason == .broken)
      #expect(failure.responseError.code == .pluginFailed)
      #expect(failure.responseError.data?["plugin"] == "mem")
    }
    #expect(launcher.launched.withLock(\.count) == 2)
  }

  @Test func restartDelayGrowsAndStaysUnderItsCap() {
    var settings = PluginSettings()
    settings.baseRestartDelay = .milliseconds(100)
    settings.maxRestartDelay = .milliseconds(400)
    #expect(settings.restartDelay(failures: 0) == .zero)
    for failures in 1...10 {
      let delay = settings.restartDelay(failures: failures)
      #expect(delay >= .zero && delay <= .milliseconds(400))
    }
  }
}
