import EstateModel
import PluginAPI

/// Splits a target's findings and ARM resources by the cloud service they concern, for one collapsible view each.
///
/// A finding belongs to a service when it names the service or its deployment, when its location is one of the
/// deployment's files (its `.csdef`, `.cscfg` or export) and no other service's, or when it names a role only that
/// service has; anything else (the network, shared resources) stays with the target as a whole.
struct ServiceGroups {
  let deployments: [ScopedDeployment]
  /// Each deployment's position by its cloud service's lower-cased name (the last of a repeated name).
  private var byService: [String: Int] = [:]
  /// Each deployment's position by its lower-cased deployment name (the last of a repeated name).
  private var byDeployment: [String: Int] = [:]
  private var byFile: [String: Int?] = [:]
  private var byRole: [String: Int?] = [:]

  init(deployments: [ScopedDeployment]) {
    self.deployments = deployments
    for (index, scoped) in deployments.enumerated() {
      byService[scoped.service.name.lowercased()] = index
      byDeployment[scoped.deploymentName.lowercased()] = index
      let files = [
        scoped.deployment.location?.file, scoped.deployment.definition?.location?.file,
        scoped.deployment.configuration?.location?.file, scoped.service.location?.file,
      ]
      for file in Set(files.compactMap(\.self)) { byFile[file] = byFile[file] == nil ? index : .some(nil) }
      for role in scoped.deployment.roles {
        let key = role.name.lowercased()
        byRole[key] = byRole[key] == nil ? index : .some(nil)
      }
    }
  }

  /// The index of the deployment a validation message concerns, or `nil` for the target as a whole.
  func owner(of message: ValidationMessage) -> Int? {
    // One look-up per message, without building a key string: the report asks this of every finding (60,000 in a
    // network of 10,000 services).
    let type = message.resourceType.lowercased()
    let named: Int? =
      switch type {
      case "hostedservice": byService[message.resourceName.lowercased()]
      case "deployment": byDeployment[message.resourceName.lowercased()]
      default: nil
      }
    if let named { return named }
    if let file = message.location?.file, let index = byFile[file] ?? nil { return index }
    // Roles, and things of a role named `role/thing` (endpoints), belong to the one service with that role.
    guard type == "role" || type == "endpoint" else { return nil }
    let role = message.resourceName.split(separator: "/").first.map { String($0).lowercased() } ?? ""
    return byRole[role] ?? nil
  }

  /// The index of the deployment an ARM resource comes from, or `nil` for shared resources.
  func owner(of resource: ARMResource) -> Int? {
    resource.source.service.flatMap(owner(ofService:))
  }

  /// The index of the deployment of the classic cloud service named `service` (without regard to case).
  func owner(ofService service: String) -> Int? {
    byService[service.lowercased()]
  }
}
