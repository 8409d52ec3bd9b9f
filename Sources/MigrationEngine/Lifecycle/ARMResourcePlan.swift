import EstateModel
import PluginAPI
import WorkerProtocol

/// The ARM resources a mapper planned for a target, checked and grouped by the cloud service they belong to.
struct ARMResourcePlan {
  private var byOwner: [String: [ARMResourceRecord]] = [:]
  private var shared: [ARMResourceRecord] = []

  /// How many resources there are.
  var count: Int { byOwner.values.reduce(shared.count) { $0 + $1.count } }

  /// Reads the mapper's JSON; a resource belongs to a service when its group is `<service>-migrated` (any case),
  /// fitted to the resource group rule as the mapper fits it.
  init(fragments: [JSONFragment], scope: TargetScope, subscription: String) throws {
    var seen = Set<String>()
    for (index, fragment) in fragments.enumerated() {
      guard case .object(let object) = fragment, case .string(let type)? = object["type"],
        case .string(let name)? = object["name"]
      else {
        throw PluginError(
          wrapping: .internalError("ARM resource \(index) from the mapper has no type or name"))
      }
      let group: String
      if case .string(let given)? = object["resourceGroup"] {
        group = given
      } else {
        group = (scope.members.first?.service ?? scope.virtualNetwork ?? "migration") + "-migrated"
      }
      let id = "/subscriptions/\(subscription)/resourceGroups/\(group)/providers/\(type)/\(name)"
      guard seen.insert(id.lowercased()).inserted else { continue }
      let owner = scope.members.first { member in
        ARMNameRule.fitted(
          PlatformNames.serviceResourceGroup(member.service), type: "Microsoft.Resources/resourceGroups"
        )
        .lowercased() == group.lowercased()
      }?.service
      let record = ARMResourceRecord(
        id: id, type: type, name: name, resourceGroup: group, owner: owner ?? scope.virtualNetwork ?? group,
        targetKey: scope.key, body: fragment)
      if let owner {
        byOwner[owner, default: []].append(record)
      } else {
        shared.append(record)
      }
    }
  }

  /// The resources of one service, or (for `nil`) those shared by the whole target.
  func resources(owner: String?) -> [ARMResourceRecord] {
    guard let owner else { return shared }
    return byOwner[owner] ?? []
  }
}
