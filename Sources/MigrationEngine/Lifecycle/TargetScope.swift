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
    let match = try target.match(in: estate)
    let members = match.deployments.map { member(service: $0.service, deployment: $0.deployment) }
    switch target {
    case .deployment:
      guard let scoped = match.deployments.first, let member = members.first else {
        throw LifecycleErrors.notFound("The target has no deployment.", field: "target")
      }
      let (service, deployment) = (scoped.service, scoped.deployment)
      if case .named(let network) = MigrationTarget.membership(of: deployment) {
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
    case .virtualNetwork(let requested):
      let network = match.virtualNetwork?.name ?? requested
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
