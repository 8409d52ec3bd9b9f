import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

struct EstateStoreTests {
  let store = EstateStore(root: packageRoot)

  /// A path, an inline document and a handle all give the same estate and the same handle.
  @Test func threeWaysToNameAnEstate() throws {
    let byPath = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate")
    #expect(byPath.load.succeeded)
    #expect(byPath.load.summary.roles == 2)
    let byHandle = try store.resolve(.handle(byPath.handle), field: "estate")
    #expect(byHandle.load == byPath.load)
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent("examples/sample-estate/estate.json"), encoding: .utf8)
    let document = try JSONParser.parse(text)
    let inline = try store.resolve(.document(document), field: "estate")
    // Inline documents resolve relative paths against the root, so the sample's files are not found there.
    #expect(inline.load.problems.contains { $0.code == "input.file-not-found" })
    #expect(inline.handle != byPath.handle)
  }

  /// Handles are stable across stores: the same estate gives the same handle.
  @Test func handlesAreContentDerived() throws {
    let first = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate").handle
    let second = try EstateStore(root: packageRoot).resolve(
      .path("examples/sample-estate/estate.json"), field: "estate")
    #expect(first == second.handle)
    #expect(first.hasPrefix("e-") && first.count == 18)
  }

  /// Bad references are errors naming the field: unknown handle, path outside the root, missing file.
  @Test func badReferences() {
    #expect(throws: PluginError.self) { try store.resolve(.handle("e-0000000000000000"), field: "estate") }
    do {
      _ = try store.resolve(.path("../outside.json"), field: "estate")
      Issue.record("a path outside the root was accepted")
    } catch {
      #expect(error.responseError.code == .pathOutsideRoot)
      #expect(error.responseError.data?["field"] == "estate.path")
    }
    do {
      _ = try store.resolve(.path("no-such-estate.json"), field: "estate")
      Issue.record("a missing file was accepted")
    } catch {
      #expect(error.responseError.code == .invalidInput)
      #expect(error.responseError.data?["file"] == "no-such-estate.json")
    }
  }

  /// The store keeps only its most recent estates.
  @Test func evictsOldest() throws {
    let small = EstateStore(root: packageRoot, capacity: 1)
    let first = try small.resolve(.document(["subscription": ["id": "a"]]), field: "estate")
    _ = try small.resolve(.document(["subscription": ["id": "b"]]), field: "estate")
    #expect(throws: PluginError.self) { try small.resolve(.handle(first.handle), field: "estate") }
  }
}

/// A load cut short by the request's cancellation is refused and never kept under a handle.
struct CancelledLoadTests {
  @Test func aCancelledLoadIsNotStored() async throws {
    let store = EstateStore(root: packageRoot)
    let outcome = await Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return Result { () throws(PluginError) in
        try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate")
      }
    }.value
    guard case .failure(let error) = outcome else {
      Issue.record("a cancelled load answered")
      return
    }
    #expect(error.responseError.code == .requestCancelled)
    let loaded = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate")
    #expect(loaded.load.summary.roles == 2)
  }
}

/// Values kept with an estate (`EstateStore.memoized`): computed once per key, gone with the estate.
struct EstateStoreMemoTests {
  /// Counts the computations.
  final class Counter: Sendable {
    let count = LockedValue(0)
    func next() -> Int {
      count.withLock { value in
        value += 1; return value
      }
    }
  }

  static let sample = EstateReference.path("examples/sample-estate/estate.json")

  @Test func sameKeyIsComputedOnceAndKeysStayApart() throws {
    let store = EstateStore(root: packageRoot)
    let handle = try store.resolve(Self.sample, field: "estate").handle
    let counter = Counter()
    let first = try store.memoized(handle: handle, key: "a") { counter.next() }
    #expect(try store.memoized(handle: handle, key: "a") { counter.next() } == first)
    #expect(try store.memoized(handle: handle, key: "b") { counter.next() } == first + 1)
    #expect(try store.memoized(handle: handle, key: 1) { counter.next() } == first + 2)
    #expect(counter.count.withLock { $0 } == 3)
  }

  @Test func failuresAreNotKept() throws {
    let store = EstateStore(root: packageRoot)
    let handle = try store.resolve(Self.sample, field: "estate").handle
    #expect(throws: PluginError.self) {
      try store.memoized(handle: handle, key: "k") { () throws(PluginError) -> Int in
        throw PluginError(code: .invalidInput, message: "no")
      }
    }
    #expect(try store.memoized(handle: handle, key: "k") { 7 } == 7)
  }

  /// A value `keep` refuses is computed every time.
  @Test func refusedValuesAreNotKept() throws {
    let store = EstateStore(root: packageRoot)
    let handle = try store.resolve(Self.sample, field: "estate").handle
    #expect(try store.memoized(handle: handle, key: "k", keep: { $0 < 2 }) { 2 } == 2)
    #expect(try store.memoized(handle: handle, key: "k", keep: { $0 < 2 }) { 1 } == 1)
    #expect(try store.memoized(handle: handle, key: "k", keep: { $0 < 2 }) { 0 } == 1)
  }

  /// Evicted or loaded again, the estate's values are computed afresh; an unknown handle keeps nothing.
  @Test func evictionAndReloadDropTheValues() throws {
    let store = EstateStore(root: packageRoot, capacity: 1)
    let handle = try store.resolve(Self.sample, field: "estate").handle
    #expect(try store.memoized(handle: handle, key: "k") { 1 } == 1)
    _ = try store.resolve(Self.sample, field: "estate")
    #expect(try store.memoized(handle: handle, key: "k") { 2 } == 2)
    _ = try store.resolve(.document(["version": 1, "services": []]), field: "estate")
    #expect(!store.loadedHandles.contains(handle))
    #expect(try store.memoized(handle: handle, key: "k") { 3 } == 3)
    #expect(try store.memoized(handle: handle, key: "k") { 4 } == 4)
    _ = try store.resolve(Self.sample, field: "estate")
    #expect(try store.memoized(handle: handle, key: "k") { 5 } == 5)
    #expect(try store.memoized(handle: handle, key: "k") { 6 } == 5)
  }

  /// Each estate keeps at most `memoCapacity` values, the oldest going first.
  @Test func valuesPerEstateAreBounded() throws {
    let store = EstateStore(root: packageRoot, memoCapacity: 2)
    let handle = try store.resolve(Self.sample, field: "estate").handle
    for key in 0..<3 { _ = try store.memoized(handle: handle, key: key) { key } }
    #expect(try store.memoized(handle: handle, key: 2) { -1 } == 2)
    #expect(try store.memoized(handle: handle, key: 0) { -1 } == -1)
  }
}
