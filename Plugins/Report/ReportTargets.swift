import EstateModel
import PluginAPI

/// The migration targets a whole-estate report covers, as the platform scopes migrations.
///
/// Every classic virtual network (defined, or named by a deployment) is one target with the deployments in it;
/// every deployment outside a named network is a target of its own.
enum ReportTargets {
  /// The targets of `estate`, networks first, each group sorted by name.
  static func all(in estate: Estate) -> [MigrationTarget] {
    var networks: [String] = estate.virtualNetworks.map(\.name)
    var known = Set(networks.map { $0.lowercased() })
    var deployments: [MigrationTarget] = []
    for service in estate.cloudServices.sorted(by: { $0.name < $1.name }) {
      for deployment in service.deployments {
        if case .named(let network) = MigrationTarget.membership(of: deployment) {
          if known.insert(network.lowercased()).inserted { networks.append(network) }
        } else {
          deployments.append(.deployment(service: service.name, slot: deployment.slot.rawValue, deployment: nil))
        }
      }
    }
    return networks.sorted().map { .virtualNetwork($0) } + deployments
  }
}
