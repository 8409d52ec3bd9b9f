public import EstateModel
public import PluginAPI
import WorkerProtocol

/// One deployment a target migrates.
public struct ScopeMember: Codable, Sendable, Hashable {
  /// The cloud service name.
  public var service: String
  /// The slot.
  public var slot: DeploymentSlot
  /// The deployment name (the slot's name when the estate gives none).
  public var deployment: String
  /// The role names, sorted.
  public var roles: [String]
}

/// A target resolved against an estate: its key in the ledger, the subject of its messages and its deployments.
public struct TargetScope: Codable, Sendable, Hashable {
  /// The target in canonical form (deployments by slot).
  public var target: MigrationTarget
  /// The ledger key: `deployment:<service>/<slot>` or `virtualNetwork:<name>`.
  public var key: String
  /// The subject of platform messages: `Deployment d in HostedService s` or `Virtual Network v`.
  public var subject: String
  /// The deployments migrated, one cloud service after another (sorted by service name).
  public var members: [ScopeMember]
  /// The classic VNet, for a VNet target.
  public var virtualNetwork: String?

  /// Resolves a target, refusing a deployment that belongs to a VNet with the platform's message.
  ///
  /// - Throws: `PluginError` 1002 when the service, deployment or VNet does not exist; 2000 for a deployment in a
  ///   VNet.
  public static func resolve(_ target: MigrationTarget, in estate: Estate) throws(PluginError) -> TargetScope {
    switch target {
    case .deployment(let serviceName, let slotText, let deploymentName):
      guard let service = estate.cloudServices.first(where: { $0.name == serviceName }) else {
        throw PluginError(
          code: .notFound, message: "HostedService \(serviceName) was not found.",
          data: ["field": "target.service", "service": .string(serviceName)])
      }
      let deployment: Deployment?
      if let deploymentName {
        deployment = service.deployments.first { $0.name == deploymentName }
      } else {
        let slot = DeploymentSlot.allCases.first { $0.rawValue.lowercased() == (slotText ?? "Production").lowercased() }
        deployment = slot.flatMap { service.deployment(in: $0) }
      }
      guard let deployment else {
        throw PluginError(
          code: .notFound,
          message: "HostedService \(serviceName) has no deployment \(deploymentName ?? slotText ?? "Production").",
          data: ["field": deploymentName == nil ? "target.slot" : "target.deployment", "service": .string(serviceName)])
      }
      let member = Self.member(service: service, deployment: deployment)
      if case .named(let network) = deployment.virtualNetwork {
        throw LifecycleErrors.refused(
          "Deployment \(member.deployment) in HostedService \(service.name)  belongs to Virtual Network \(network). "
            + "Migrate Virtual Network \(network) to migrate this HostedService \(service.name).",
          platformCode: "OperationNotAllowed", target: "deployment:\(service.name)/\(deployment.slot.rawValue)")
      }
      return TargetScope(
        target: .deployment(service: service.name, slot: deployment.slot.rawValue, deployment: nil),
        key: "deployment:\(service.name)/\(deployment.slot.rawValue)",
        subject: "Deployment \(member.deployment) in HostedService \(service.name)", members: [member],
        virtualNetwork: nil)
    case .virtualNetwork(let network):
      var members: [ScopeMember] = []
      for service in estate.cloudServices.sorted(by: { $0.name < $1.name }) {
        for deployment in service.deployments where deployment.virtualNetwork == .named(network) {
          members.append(Self.member(service: service, deployment: deployment))
        }
      }
      guard !members.isEmpty || estate.virtualNetworks.contains(where: { $0.name == network }) else {
        throw PluginError(
          code: .notFound, message: "Virtual Network \(network) was not found.",
          data: ["field": "target.virtualNetwork", "virtualNetwork": .string(network)])
      }
      return TargetScope(
        target: .virtualNetwork(network), key: "virtualNetwork:\(network)", subject: "Virtual Network \(network)",
        members: members, virtualNetwork: network)
    }
  }

  private static func member(service: CloudService, deployment: Deployment) -> ScopeMember {
    ScopeMember(
      service: service.name, slot: deployment.slot, deployment: deployment.name ?? deployment.slot.rawValue,
      roles: deployment.roles.map(\.name).sorted())
  }
}

/// The lifecycle's application errors, in one place.
public enum LifecycleErrors {
  /// 2000 `operationNotAllowed`, with the platform's error code string and the target in `data`.
  public static func refused(_ message: String, platformCode: String, target: String) -> PluginError {
    PluginError(
      code: .operationNotAllowed, message: message,
      data: ["platformCode": .string(platformCode), "target": .string(target)])
  }

  /// 2001 `conflict`: another operation holds the target.
  public static func conflict(target: String, holder: String?) -> PluginError {
    var data = JSONObject()
    data["target"] = .string(target)
    if let holder { data["holder"] = .string(holder) }
    return PluginError(
      code: .conflict,
      message: "Another operation is running on \(target); retry when it has finished.", data: .object(data))
  }

  /// 1002 `notFound` for a resource on one side of the ledger.
  public static func notFound(_ message: String, field: String) -> PluginError {
    PluginError(code: .notFound, message: message, data: ["field": .string(field)])
  }
}
