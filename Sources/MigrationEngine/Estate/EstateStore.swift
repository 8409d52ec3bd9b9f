public import EstateModel
public import Foundation
public import PluginAPI
import Synchronization
import WorkerProtocol

/// Loads estates for every method that takes one, and keeps recent ones under handles.
///
/// A handle is derived from what the estate was loaded from (`e-` and the 16 hex digits of the
/// ``ContentDigest`` of the document and every file it names), so the same inputs get the same handle
/// in every run and orchestrators can diff results. The store keeps the most recent `capacity` estates.
public final class EstateStore: EstateResolving {
  /// The loader, confined to the worker's `--root`.
  public let loader: EstateLoader
  private let capacity: Int
  private let entries = Mutex<[(handle: String, load: EstateLoadResult)]>([])

  /// Makes a store rooted at `root`.
  public init(root: URL, limits: EstateLimits = .default, capacity: Int = 64) {
    loader = EstateLoader(root: root, limits: limits)
    self.capacity = max(1, capacity)
  }

  public func resolve(_ reference: EstateReference, field: String) throws(PluginError) -> ResolvedEstate {
    switch reference {
    case .handle(let handle):
      guard let load = entries.withLock({ list in list.first { $0.handle == handle }?.load }) else {
        throw PluginError(
          code: .notFound, message: "No estate is loaded under this handle",
          data: ["field": .string(field + ".handle"), "handle": .string(handle)])
      }
      return ResolvedEstate(handle: handle, load: load)
    case .path(let path):
      let load: EstateLoadResult
      do {
        load = try loader.loadDocument(at: path, field: field + ".path")
      } catch {
        throw PluginError(refusedInput: error, field: field + ".path")
      }
      return try remember(load)
    case .document(let document):
      return try remember(loader.load(documentText: document.jsonText, baseDirectory: nil))
    }
  }

  public var loadedHandles: [String] { entries.withLock { list in list.map(\.handle) } }

  /// Stores a loaded estate under its content handle, evicting the oldest beyond capacity. A load the request's
  /// cancellation cut short is refused, never stored.
  private func remember(_ load: EstateLoadResult) throws(PluginError) -> ResolvedEstate {
    if Task.isCancelled {
      throw PluginError(code: .requestCancelled, message: "The request was cancelled while the estate was loading")
    }
    let handle = Self.handle(for: load)
    entries.withLock { list in
      list.removeAll { $0.handle == handle }
      list.append((handle, load))
      if list.count > capacity { list.removeFirst(list.count - capacity) }
    }
    return ResolvedEstate(handle: handle, load: load)
  }

  /// The content-derived handle of a loaded estate.
  static func handle(for load: EstateLoadResult) -> String {
    if let digest = load.sourceDigest { return "e-" + digest }
    var digest = ContentDigest()
    digest.add((try? stableJSON(load)) ?? Data())
    return "e-" + digest.hex
  }
}
