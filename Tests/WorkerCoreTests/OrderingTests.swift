import PluginAPI
import Testing
import WorkerCore
import WorkerProtocol
import WorkerTestSupport

/// A plugin over one shared list: `state/append` writes (after a pause, so a racing read would see the list
/// without it), `state/read` reads, `state/meet` reads and waits until `count` readers are inside at once,
/// `state/hold` writes and waits until `state/release` (independent) lets it go.
private struct StatePlugin: WorkerPlugin {
  final class Store: Sendable {
    let values = LockedValue<[Int]>([])
    let meeting = Rendezvous()
    let release = Rendezvous()
  }

  /// Suspends callers (without spinning) until `count` of them have arrived.
  actor Rendezvous {
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func arrive(expecting count: Int) async {
      arrived += 1
      if arrived >= count {
        for continuation in waiting { continuation.resume() }
        waiting = []
        return
      }
      await withCheckedContinuation { waiting.append($0) }
    }
  }

  let name = "state"
  let version = "1.0.0"
  let summary = "Shared state for ordering tests."
  let store = Store()

  var methods: [MethodSpec] {
    let store = self.store
    let object: JSONValue = ["type": "object"]
    return [
      MethodSpec(name: "state/append", summary: "Appends.", paramsSchema: object, resultSchema: object) {
        params, _ in
        try await Task.sleep(for: .milliseconds(30))
        let value = params?["value"]?.intValue ?? 0
        store.values.withLock { $0.append(value) }
        return [:]
      }.accessing(.writes(.additive)),
      MethodSpec(name: "state/read", summary: "Reads.", paramsSchema: object, resultSchema: object) { _, _ in
        ["values": .array(store.values.withLock { $0 }.map { .number(JSONNumber($0)) })]
      },
      MethodSpec(name: "state/meet", summary: "Meets.", paramsSchema: object, resultSchema: object) {
        params, _ in
        await store.meeting.arrive(expecting: params?["count"]?.intValue ?? 2)
        return [:]
      },
      MethodSpec(name: "state/hold", summary: "Holds.", paramsSchema: object, resultSchema: object) {
        _, _ in
        await store.release.arrive(expecting: 2)
        return [:]
      }.accessing(.writes(.destructiveIdempotent)),
      MethodSpec(name: "state/release", summary: "Releases.", paramsSchema: object, resultSchema: object) { _, _ in
        await store.release.arrive(expecting: 2)
        return [:]
      }.accessing(.independent),
    ]
  }
}

private func makeStateHarness() throws -> SessionHarness {
  SessionHarness(registry: try MethodRegistry(plugins: [StatePlugin()], enabled: ["state"]))
}

private func values(_ reply: JSONValue?) -> [Int] {
  reply?["result"]?["values"]?.arrayValue?.compactMap(\.intValue) ?? []
}

/// Requests that share state run in arrival order; reads run side by side; `ping` and cancellation never wait.
struct OrderingTests {
  /// A batch of dependent requests gives the replies of the same requests sent one by one.
  @Test func dependentBatchBehavesLikeOneByOne() async throws {
    let harness = try makeStateHarness()
    harness.send(
      #"[{"jsonrpc":"2.0","id":1,"method":"state/append","params":{"value":1}},{"jsonrpc":"2.0","id":2,"method":"state/read"},{"jsonrpc":"2.0","id":3,"method":"state/append","params":{"value":2}},{"jsonrpc":"2.0","id":4,"method":"state/read"}]"#
    )
    let batch = try #require(await harness.waitForMessages(1).first?.arrayValue)
    #expect(values(batch[1]) == [1])
    #expect(values(batch[3]) == [1, 2])
  }

  /// Lines of dependent requests, as from a file, behave the same way.
  @Test func dependentLinesBehaveLikeOneByOne() async throws {
    let harness = try makeStateHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"state/read"}"#)
    harness.send(#"{"jsonrpc":"2.0","id":2,"method":"state/append","params":{"value":7}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":3,"method":"state/read"}"#)
    let replies = await harness.waitForMessages(3)
    let byID = Dictionary(uniqueKeysWithValues: replies.map { ($0["id"]?.intValue ?? 0, $0) })
    #expect(values(byID[1]) == [])
    #expect(values(byID[3]) == [7])
  }

  /// Two reads with no write between them run at the same time: each waits until both are inside.
  @Test func readsRunSideBySide() async throws {
    let harness = try makeStateHarness()
    harness.send(#"{"jsonrpc":"2.0","id":1,"method":"state/meet","params":{"count":2}}"#)
    harness.send(#"{"jsonrpc":"2.0","id":2,"method":"state/meet","params":{"count":2}}"#)
    let replies = await harness.waitForMessages(2, timeout: 120)
    #expect(replies.count == 2 && replies.allSatisfy { $0["result"] != nil })
  }

  /// While a write runs, a later read waits; `ping` and an independent request are answered meanwhile, and a
  /// waiting read can be cancelled.
  @Test func pingAndCancellationNeverWaitForAWrite() async throws {
    let harness = try makeStateHarness()
    harness.send(#"{"jsonrpc":"2.0","id":"w","method":"state/hold"}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"r1","method":"state/read"}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"r2","method":"state/read"}"#)
    harness.send(#"{"jsonrpc":"2.0","id":"p","method":"ping"}"#)
    harness.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"r1"}}"#)
    let early = await harness.waitForMessages(2)
    #expect(early.map { $0["id"]?.stringValue } == ["p", "r1"])
    #expect(early.last?.errorCode == -32800)
    harness.send(#"{"jsonrpc":"2.0","id":"go","method":"state/release"}"#)
    let rest = await harness.waitForMessages(5)
    #expect(Set(rest.dropFirst(2).compactMap { $0["id"]?.stringValue }) == ["go", "w", "r2"])
    let order = rest.compactMap { $0["id"]?.stringValue }
    #expect(try #require(order.firstIndex(of: "w")) < (try #require(order.firstIndex(of: "r2"))))
  }
}
