import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import WorkerProtocol

/// Estates built in code and engines over in-memory ledgers, for the lifecycle tests.
enum LifecycleFixtures {
  /// A deployment with two roles.
  static func deployment(
    _ name: String, slot: DeploymentSlot = .production, network: String?, status: DeploymentStatus = .running
  ) -> Deployment {
    Deployment(
      slot: slot, name: name, status: status, roles: [Role(name: "Web"), Role(name: "Worker")],
      virtualNetwork: network.map { .named($0) } ?? VirtualNetworkMembership.none)
  }

  /// `count` services in VNet `vnet-a` (`svc-000`...), plus standalone services (not in a named VNet).
  static func estate(vnetServices count: Int, standalone: [String] = ["solo"]) -> Estate {
    var estate = Estate(subscription: Subscription(id: "sub-1", defaultRegion: "West Europe"))
    estate.virtualNetworks = [VirtualNetwork(name: "vnet-a")]
    for index in 0..<count {
      let name = String(format: "svc-%03d", index)
      estate.cloudServices.append(
        CloudService(name: name, region: "West Europe", deployments: [deployment(name + "-prod", network: "vnet-a")]))
    }
    for name in standalone {
      estate.cloudServices.append(
        CloudService(name: name, region: "West Europe", deployments: [deployment(name + "-prod", network: nil)]))
    }
    return estate
  }

  /// A resolved estate as the estate store would hand it over.
  static func resolved(_ estate: Estate) -> ResolvedEstate {
    let load = EstateLoadResult(estate: estate, problems: [])
    return ResolvedEstate(handle: "e-test-\(estate.hashValue)", load: load)
  }

  /// An engine over an in-memory ledger with `estate` imported.
  static func engine(
    _ estate: Estate = estate(vnetServices: 3), dependencies: LifecycleDependencies = .builtIn
  ) throws -> LifecycleEngine {
    let engine = LifecycleEngine(location: .memory, dependencies: dependencies)
    _ = try engine.importEstate(resolved(estate))
    return engine
  }

  static let solo = MigrationTarget.deployment(service: "solo", slot: nil, deployment: nil)
  static let vnet = MigrationTarget.virtualNetwork("vnet-a")

  /// The error a call throws, as its JSON-RPC error.
  static func error(_ body: () async throws -> Void) async -> ResponseError? {
    do {
      try await body()
      return nil
    } catch {
      return ResponseError(mapping: error)
    }
  }
}
