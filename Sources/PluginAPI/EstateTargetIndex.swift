public import EstateModel
import Synchronization
import WorkerProtocol

/// Where the targets of one estate are, found once: cloud services and classic virtual networks by name without
/// regard to case, and the deployments in each named network, in the order a network target lists them.
///
/// ``match(_:allowingEmptyService:)`` answers a target with a dictionary look-up (a network target: plus the copy of
/// its lists), so matching every target of an estate is linear in the estate instead of a scan of every cloud
/// service per target. The answers are ``MigrationTarget/match(in:allowingEmptyService:)``'s: names compare as
/// `String.equalsIgnoringCase` does (equal, or equal once lower-cased), and the first of several equal names wins.
public struct EstateTargetIndex: Sendable {
  /// The estate indexed.
  public let estate: Estate
  /// Each cloud service's position in `estate.cloudServices` by ``key(_:)``, the first of equal names.
  private let services: [String: Int]
  /// The positions of the cloud services of each exact name (as `==` compares), in estate order.
  private let servicesByExactName: [String: [Int]]
  /// Each classic virtual network's position in `estate.virtualNetworks` by ``key(_:)``, the first of equal names.
  private let networks: [String: Int]
  /// The cloud services and deployments in each named network by ``key(_:)``: services in name order, each
  /// service's deployments in its order.
  private let members: [String: Members]

  /// The part of the estate one network target covers.
  private struct Members: Sendable {
    var services: [CloudService] = []
    var deployments: [ScopedDeployment] = []
  }

  /// Indexes `estate`: one pass over its services, deployments and networks, and one sort of the services.
  public init(_ estate: Estate) {
    self.estate = estate
    var services: [String: Int] = [:]
    var servicesByExactName: [String: [Int]] = [:]
    for (position, service) in estate.cloudServices.enumerated() {
      let key = Self.key(service.name)
      if services[key] == nil { services[key] = position }
      servicesByExactName[service.name, default: []].append(position)
    }
    var networks: [String: Int] = [:]
    for (position, network) in estate.virtualNetworks.enumerated() {
      let key = Self.key(network.name)
      if networks[key] == nil { networks[key] = position }
    }
    var members: [String: Members] = [:]
    for service in estate.cloudServices.sorted(by: { $0.name < $1.name }) {
      var listed: Set<String> = []
      for deployment in service.deployments {
        guard case .named(let name) = MigrationTarget.membership(of: deployment) else { continue }
        let key = Self.key(name)
        if listed.insert(key).inserted { members[key, default: Members()].services.append(service) }
        members[key, default: Members()].deployments.append(ScopedDeployment(service: service, deployment: deployment))
      }
    }
    self.services = services
    self.servicesByExactName = servicesByExactName
    self.networks = networks
    self.members = members
  }

  /// The form of a name the index files it under: lower-cased, so that two names are filed together exactly when
  /// `String.equalsIgnoringCase` finds them equal.
  static func key(_ name: String) -> String { name.lowercased() }

  /// The first cloud service named `name`, without regard to case.
  public func service(named name: String) -> CloudService? {
    services[Self.key(name)].map { estate.cloudServices[$0] }
  }

  /// The first cloud service named exactly `name` (as `==` compares strings): the first of its case-insensitive
  /// equals when that one is spelled the same, else a scan (only names differing in case alone get there).
  public func service(exactlyNamed name: String) -> CloudService? {
    guard let candidate = service(named: name) else { return nil }
    return candidate.name == name ? candidate : estate.cloudServices.first { $0.name == name }
  }

  /// Every cloud service whose exact name is one of `names`, in estate order: what
  /// `estate.cloudServices.filter { names.contains($0.name) }` gives, in time that grows with the services named.
  public func services(exactlyNamedIn names: Set<String>) -> [CloudService] {
    names.flatMap { servicesByExactName[$0] ?? [] }.sorted().map { estate.cloudServices[$0] }
  }

  /// The first classic virtual network named `name`, without regard to case.
  public func virtualNetwork(named name: String) -> VirtualNetwork? {
    networks[Self.key(name)].map { estate.virtualNetworks[$0] }
  }

  /// What `target` covers in the indexed estate; see ``MigrationTarget/match(in:allowingEmptyService:)``.
  ///
  /// - Throws: `1002` with the platform's not-found text, naming the field.
  public func match(_ target: MigrationTarget, allowingEmptyService: Bool = false) throws(PluginError)
    -> TargetMatch
  {
    switch target {
    case .deployment(let serviceName, let slot, let deploymentName):
      guard let service = service(named: serviceName) else {
        throw PluginError(
          code: .notFound, message: "HostedService \(serviceName) was not found.",
          data: ["field": "target.service", "service": .string(serviceName)])
      }
      if allowingEmptyService && service.deployments.isEmpty {
        return TargetMatch(services: [service], deployments: [], virtualNetwork: nil)
      }
      guard let deployment = MigrationTarget.pick(in: service, slot: slot, name: deploymentName) else {
        throw PluginError(
          code: .notFound,
          message: "HostedService \(service.name) has no deployment \(deploymentName ?? slot ?? "Production").",
          data: [
            "field": .string(deploymentName == nil ? "target.slot" : "target.deployment"),
            "service": .string(service.name),
          ])
      }
      let network: VirtualNetwork? =
        if case .named(let name) = MigrationTarget.membership(of: deployment) {
          virtualNetwork(named: name)
        } else {
          nil
        }
      return TargetMatch(
        services: [service], deployments: [ScopedDeployment(service: service, deployment: deployment)],
        virtualNetwork: network)
    case .virtualNetwork(let name):
      let inside = members[Self.key(name)] ?? Members()
      let network = virtualNetwork(named: name)
      guard network != nil || !inside.deployments.isEmpty else {
        throw PluginError(
          code: .notFound, message: "Virtual Network \(name) was not found.",
          data: ["field": "target.virtualNetwork", "virtualNetwork": .string(name)])
      }
      return TargetMatch(services: inside.services, deployments: inside.deployments, virtualNetwork: network)
    }
  }
}

/// An estate's ``EstateTargetIndex``, made on first use and shared by every copy of what holds it (a
/// ``ResolvedEstate`` serves one request's validation, ARM plan and report from one index).
public final class SharedEstateTargetIndex: Sendable {
  private let estate: Estate
  private let made = Mutex<EstateTargetIndex?>(nil)

  /// Will index `estate` when first asked.
  public init(_ estate: Estate) {
    self.estate = estate
  }

  /// The index, made now if it was not yet.
  public var index: EstateTargetIndex {
    made.withLock { made in
      if let made { return made }
      let index = EstateTargetIndex(estate)
      made = index
      return index
    }
  }
}
