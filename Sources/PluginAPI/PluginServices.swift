import WorkerProtocol

/// Services the worker's core offers to every plugin's handlers, looked up by protocol type.
///
/// Plugins depend only on this API and the domain model, never on the engine module, so
/// the engine registers its implementations here at start-up and handlers ask for them:
///
/// ```swift
/// let estates = try context.services.require((any EstateResolving).self)
/// let resolved = try estates.resolve(params.estate)
/// ```
public struct PluginServices: Sendable {
  private var storage: [ObjectIdentifier: any Sendable] = [:]

  /// Makes an empty set of services.
  public init() {}

  /// Registers `service` under the type `type` (usually an existential such as `(any EstateResolving).self`).
  public mutating func register<Service: Sendable>(_ service: Service, as type: Service.Type) {
    storage[ObjectIdentifier(type)] = service
  }

  /// The service registered under `type`, if any.
  public func get<Service>(_ type: Service.Type) -> Service? {
    storage[ObjectIdentifier(type)] as? Service
  }

  /// The service registered under `type`.
  ///
  /// - Throws: `-32603` naming the missing service; a worker built without it cannot serve the method.
  public func require<Service>(_ type: Service.Type) throws(PluginError) -> Service {
    guard let service = get(type) else {
      throw PluginError(wrapping: .internalError("the worker has no \(type) service"))
    }
    return service
  }
}
