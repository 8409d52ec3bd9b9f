import Foundation

extension EstateAssembler {
  /// Builds a cloud service from its document entry.
  mutating func assembleService(_ entry: ServiceEntry, field: String) -> CloudService {
    var service = CloudService(
      name: entry.name, region: entry.region, affinityGroup: entry.affinityGroup, label: entry.label,
      autoscaleRules: entry.autoscaleRules, alerts: entry.alerts)
    let slots: [(DeploymentSlot, DeploymentEntry?, String)] = [
      (.production, entry.deployments.production, "production"), (.staging, entry.deployments.staging, "staging"),
    ]
    for (slot, deploymentEntry, key) in slots {
      guard let deploymentEntry else { continue }
      let first = problems.count
      service.deployments.append(assembleDeployment(deploymentEntry, slot: slot, field: "\(field).deployments.\(key)"))
      for index in first..<problems.count {
        problems[index].subject = .deployment(service: entry.name, slot: slot)
      }
    }
    return service
  }

  private mutating func assembleDeployment(_ entry: DeploymentEntry, slot: DeploymentSlot, field: String) -> Deployment
  {
    var definition: ServiceDefinition?
    var configuration: ServiceConfiguration?
    if let reference = entry.csdef,
      case .serviceDefinition(let value)? = parse(
        reference, kind: .csdef,
        field: "\(field).csdef")
    {
      definition = value
    }
    if let reference = entry.cscfg,
      case .serviceConfiguration(let value)? = parse(
        reference, kind: .cscfg,
        field: "\(field).cscfg")
    {
      configuration = value
    }
    var merger = DeploymentMerger()
    var deployment = Deployment(slot: slot)
    deployment.roles = merger.merge(definition: definition, configuration: configuration)
    problems += merger.problems
    deployment.definition = definition?.header
    deployment.configuration = configuration?.header
    if let path = entry.asmExport, case .deployment(let live)? = parseASM(path, field: "\(field).asmExport") {
      deployment = merged(deployment, withLive: live)
    }
    let network = configuration?.header.network
    deployment.name = entry.name ?? deployment.name
    deployment.status = entry.status ?? deployment.status
    deployment.label = entry.label ?? deployment.label
    deployment.reservedIPName = entry.reservedIP ?? network?.reservedIPs.first?.name ?? deployment.reservedIPName
    deployment.virtualNetwork =
      entry.virtualNetwork ?? network?.virtualNetworkSite.map(VirtualNetworkMembership.named)
      ?? deployment.virtualNetwork
    for (index, extensionEntry) in entry.extensions.enumerated() {
      attach(extensionEntry, to: &deployment, field: "\(field).extensions[\(index)]")
    }
    return deployment
  }

  /// Adds what ASM knows (status, instances, VIPs, extensions) to a deployment; values already set win.
  func merged(_ deployment: Deployment, withLive live: Deployment) -> Deployment {
    var result = deployment
    result.name = deployment.name ?? live.name
    result.status = deployment.status ?? live.status
    result.label = deployment.label ?? live.label
    result.url = deployment.url ?? live.url
    result.reservedIPName = deployment.reservedIPName ?? live.reservedIPName
    result.virtualNetwork = deployment.virtualNetwork ?? live.virtualNetwork
    result.virtualIPs = deployment.virtualIPs + live.virtualIPs
    result.allRoleExtensions = deployment.allRoleExtensions + live.allRoleExtensions
    result.upgradeDomainCount = deployment.upgradeDomainCount ?? live.upgradeDomainCount
    result.location = deployment.location ?? live.location
    if result.configuration == nil { result.configuration = live.configuration }
    for liveRole in live.roles {
      if let index = result.roles.firstIndex(where: { $0.name == liveRole.name }) {
        result.roles[index].instances = liveRole.instances
        result.roles[index].extensions += liveRole.extensions
        if result.roles[index].subnets.isEmpty { result.roles[index].subnets = liveRole.subnets }
        if result.roles[index].configuration == nil { result.roles[index].configuration = liveRole.configuration }
      } else {
        result.roles.append(liveRole)
      }
    }
    return result
  }

  /// Merges two descriptions of the same service (an ASM export and a document entry); the entry wins.
  func merged(_ existing: CloudService, with entry: CloudService) -> CloudService {
    var result = existing
    result.region = entry.region ?? existing.region
    result.affinityGroup = entry.affinityGroup ?? existing.affinityGroup
    result.label = entry.label ?? existing.label
    result.autoscaleRules += entry.autoscaleRules
    result.alerts += entry.alerts
    for deployment in entry.deployments {
      if let index = result.deployments.firstIndex(where: { $0.slot == deployment.slot }) {
        result.deployments[index] = merged(deployment, withLive: result.deployments[index])
      } else {
        result.deployments.append(deployment)
      }
    }
    return result
  }

  private mutating func attach(_ entry: ExtensionEntry, to deployment: inout Deployment, field: String) {
    var protectedSettings: ConfigValue?
    if let secret = entry.protectedSettings, let data = try? stableJSON(secret) {
      protectedSettings = ConfigValue(String(decoding: data, as: UTF8.self), isSecret: true)
    }
    let value = RoleExtension(
      name: entry.name, type: entry.type, publisher: entry.publisher, version: entry.version, enabled: entry.enabled,
      publicSettings: entry.publicSettings, protectedSettings: protectedSettings)
    guard let roles = entry.roles else {
      deployment.allRoleExtensions.append(value)
      return
    }
    for role in roles {
      if let index = deployment.roles.firstIndex(where: { $0.name == role }) {
        deployment.roles[index].extensions.append(value)
      } else {
        problems.append(
          Problem(
            .warning, "estate.unknown-role",
            "extension '\(entry.name)' names role '\(role)', which the "
              + "deployment does not have", file: documentFile, path: "\(field).roles"))
      }
    }
  }
}
