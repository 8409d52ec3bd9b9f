public import EstateModel
public import Foundation
public import PluginAPI
import Synchronization
import WorkerProtocol

/// Loads estates for every method that takes one, and keeps recent ones under handles.
///
/// A handle is derived from what the estate was loaded from (`e-` and the 16 hex digits of the
/// ``ContentDigest`` of the document and every file it names), so the same inputs get the same handle
/// in every run and orchestrators can diff results. The store keeps the most recent `capacity` estates, each with
/// a few values computed from it (``memoized(handle:key:compute:)``: an estate under a handle never changes).
public final class EstateStore: EstateResolving {
  /// The loader, confined to the worker's `--root`.
  public let loader: EstateLoader
  private let capacity: Int
  /// The most values ``memoized(handle:key:compute:)`` keeps per estate (the oldest goes first).
  public let memoCapacity: Int
  private let entries = LockedValue<[Entry]>([])

  /// One kept estate with the values computed from it.
  private struct Entry {
    var handle: String
    var load: EstateLoadResult
    /// Changes when the handle is loaded again, so a value computed before is never stored after.
    var generation: UInt64
    /// The estate's target index, made when a request first needs it and kept with the estate.
    var targets: SharedEstateTargetIndex
    var memo = MemoTable()
  }

  /// A memo key of any type: made only from a `Hashable & Sendable` value, hence sendable itself.
  private struct MemoKey: Hashable, @unchecked Sendable {
    let key: AnyHashable
  }

  /// Values computed from one estate, by key, oldest first.
  private struct MemoTable {
    var values: [MemoKey: any Sendable] = [:]
    var order: [MemoKey] = []

    mutating func insert(_ value: any Sendable, for key: MemoKey, capacity: Int) {
      if values.updateValue(value, forKey: key) == nil { order.append(key) }
      while order.count > capacity { values[order.removeFirst()] = nil }
    }
  }

  private let generations = Atomic<UInt64>(0)

  /// Makes a store rooted at `root`, keeping `capacity` estates and `memoCapacity` computed values for each.
  public init(root: URL, limits: EstateLimits = .default, capacity: Int = 64, memoCapacity: Int = 16) {
    loader = EstateLoader(root: root, limits: limits)
    self.capacity = max(1, capacity)
    self.memoCapacity = max(1, memoCapacity)
  }

  public func resolve(_ reference: EstateReference, field: String) throws(PluginError) -> ResolvedEstate {
    switch reference {
    case .handle(let handle):
      guard let entry = entries.withLock({ list in list.last { $0.handle == handle } }) else {
        throw PluginError(
          code: .notFound, message: "No estate is loaded under this handle",
          data: ["field": .string(field + ".handle"), "handle": .string(handle)])
      }
      return ResolvedEstate(handle: handle, load: entry.load, targets: entry.targets)
    case .path(let path):
      try PluginError.requireXMLParser()
      let load: EstateLoadResult
      do {
        load = try loader.loadDocument(at: path, field: field + ".path", steps: Self.loadSteps())
      } catch {
        throw PluginError(refusedInput: error, field: field + ".path")
      }
      return try remember(load)
    case .document(let document):
      try PluginError.requireXMLParser()
      return try remember(loader.load(documentText: document.jsonText, baseDirectory: nil, steps: Self.loadSteps()))
    }
  }

  /// The load's steps as the progress of the request whose loops run in the current task
  /// (``RequestContext/reportingSteps(_:)``), stopped by its cancellation; nil outside such a request (the load
  /// then still stops when its task is cancelled).
  private static func loadSteps() -> EstateLoadSteps? {
    // Read here, in the request's task: services are assembled on threads outside any task.
    guard let request = WorkSteps.current else { return nil }
    return EstateLoadSteps(
      report: { done, total, message in
        request.reportProgress(Double(done), total: Double(total), message: message)
      },
      isCancelled: { request.isCancelled })
  }

  public var loadedHandles: [String] { entries.withLock { list in list.map(\.handle) } }

  /// The value kept for `key` with the estate under `handle`, or `compute`'s, kept with the estate when `keep`
  /// says so and it is still the one loaded under `handle` (it goes when the estate is evicted or loaded again).
  /// A failure is not kept.
  public func memoized<Key: Hashable & Sendable, Value: Sendable>(
    handle: String, key: Key, keep: (Value) -> Bool, compute: () throws(PluginError) -> Value
  ) throws(PluginError) -> Value {
    let key = MemoKey(key: AnyHashable(key))
    let (kept, generation) = entries.withLock { list -> ((any Sendable)?, UInt64?) in
      guard let entry = list.last(where: { $0.handle == handle }) else { return (nil, nil) }
      return (entry.memo.values[key], entry.generation)
    }
    if let value = kept as? Value { return value }
    let value = try compute()
    guard let generation, keep(value) else { return value }
    entries.withLock { list in
      guard let index = list.lastIndex(where: { $0.handle == handle && $0.generation == generation }) else { return }
      list[index].memo.insert(value, for: key, capacity: memoCapacity)
    }
    return value
  }

  /// Stores a loaded estate under its content handle, evicting the oldest beyond capacity. A load the request's
  /// cancellation cut short is refused, never stored.
  private func remember(_ load: EstateLoadResult) throws(PluginError) -> ResolvedEstate {
    if load.stoppedEarly || Task.isCancelled {
      throw PluginError(code: .requestCancelled, message: "The request was cancelled while the estate was loading")
    }
    let handle = Self.handle(for: load)
    let generation = generations.add(1, ordering: .relaxed).newValue
    let targets = SharedEstateTargetIndex(load.estate)
    entries.withLock { list in
      list.removeAll { $0.handle == handle }
      list.append(Entry(handle: handle, load: load, generation: generation, targets: targets))
      if list.count > capacity { list.removeFirst(list.count - capacity) }
    }
    return ResolvedEstate(handle: handle, load: load, targets: targets)
  }

  /// The content-derived handle of a loaded estate.
  static func handle(for load: EstateLoadResult) -> String {
    if let digest = load.sourceDigest { return "e-" + digest }
    var digest = ContentDigest()
    digest.add((try? stableJSON(load)) ?? Data())
    return "e-" + digest.hex
  }
}
