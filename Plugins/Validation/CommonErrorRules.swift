import EstateModel
import PluginAPI

/// The platform's common migration errors that can be decided from the estate (reference §3.1), with the
/// platform's message text verbatim; several also stand for rows of §4.5 and FastTrack's top three (§3.3).
enum CommonErrorRules {
  static let transitionalStatuses: [DeploymentStatus] = [
    .deploying, .runningTransitioning, .suspendedTransitioning, .starting, .suspending, .deleting,
  ]
  static let busyInstanceStatuses: Set<String> = [
    "busyrole", "busy", "provisioning", "restartingrole", "cyclingrole", "creatingvm", "startingvm", "creatingrole",
    "startingrole", "stoppingvm", "stoppingrole", "deletingvm", "preparing",
  ]

  static let all: [ValidationRule] =
    [
      ValidationRule(
        id: "CS-ERR-NOT-IN-VNET", scope: .deployment, severity: .error,
        summary: "The deployment is in no virtual network (FastTrack top three: Cloud Services not in a VNet).",
        messageTemplate:
          "Deployment {deployment} in cloud service {service} must be within a virtual network to be migrated.",
        platformDefined: true,
        fix: "Deployment isn't located in a virtual network. Deploy the service to its Staging slot (which creates a "
          + "default virtual network), swap it into Production, delete the old deployment, then migrate.",
        docs: Docs.nonVNet, sources: ["3.1", "3.3"],
        example: "A deployment created before late 2018 whose ASM record names no VirtualNetworkName."
      ) { input in
        input.deployments.filter { $0.deployment.virtualNetwork == VirtualNetworkMembership.none }.map {
          Hit.deployment($0)
        }
      },
      ValidationRule(
        id: "CS-ERR-NO-SUBNET", scope: .deployment, severity: .error,
        summary: "A deployment in a virtual network has roles without a subnet.",
        messageTemplate: "The Deployment {deployment} in cloud service {service} can't be migrated because there are "
          + "no subnets associated with the role(s) {roles}. Associate all roles with a subnet, then retry the "
          + "migration of the cloud service.",
        platformDefined: true,
        fix: "Update the cloud service (classic) deployment by placing it in a subnet before migration. Not supported "
          + "otherwise: mitigation involves moving the role into a subnet, which requires a role restart (downtime).",
        docs: Docs.commonErrors,
        sources: ["3.1", "4.5: Cloud Service in a virtual network but doesn't have an explicit subnet assigned"],
        example: "<VirtualNetworkSite name=\"vnet1\"/> without <AddressAssignments><InstanceAddress roleName=...>."
      ) { input in
        input.deployments.compactMap { scoped in
          guard scoped.virtualNetworkName != nil else { return nil }
          let bare = scoped.deployment.roles.filter { $0.subnets.isEmpty }.map(\.name)
          guard !bare.isEmpty else { return nil }
          return Hit.deployment(
            scoped, ["roles": bare.joined(separator: ", ")],
            location: scoped.deployment.configuration?.network?.location)
        }
      },
      ValidationRule(
        id: "CS-ERR-TWO-SLOTS", scope: .deployment, severity: .error,
        summary: "The cloud service has both a production and a staging deployment (FastTrack top three).",
        messageTemplate: "The deployment can't be migrated because the deployment's cloud service has two occupied "
          + "slots. Migration of cloud services is only supported for deployments that are the only deployment in "
          + "their cloud service. To proceed with the migration of this deployment, delete the other deployment in "
          + "the cloud service.",
        platformDefined: true,
        fix: "Migration of a two slot Cloud Service requires deletion of the staging slot. Once the staging slot is "
          + "deleted, migrate the production slot as an independent Cloud Service (extended support) in Azure "
          + "Resource Manager. Then redeploy the staging environment as a new Cloud Service (extended support) and "
          + "make it swappable with the first one.",
        docs: Docs.unsupportedConfigurations,
        sources: [
          "3.1", "3.3",
          "4.5: Migration of deployments containing both production and staging slot deployment using dynamic IP addresses",
        ],
        example: "A cloud service with deployments in both the Production and the Staging slot."
      ) { input in
        input.deployments.filter { $0.service.deployments.count > 1 }.map { Hit.deployment($0) }
      },
      ValidationRule(
        id: "CS-ERR-INTERMEDIATE-STATE", scope: .deployment, severity: .error,
        summary: "The deployment is being created, deleted or updated.",
        messageTemplate: "Deployment {deployment} in HostedService {service} is in intermediate state: {state}. "
          + "Migration not allowed.",
        platformDefined: true,
        fix: "Deployment is either being created, deleted, or updated. Wait for the operation to complete and retry.",
        docs: Docs.commonErrors, sources: ["3.1"], example: "A deployment whose ASM Status is RunningTransitioning."
      ) { input in
        input.deployments.compactMap { scoped in
          guard let status = scoped.deployment.status, transitionalStatuses.contains(status) else { return nil }
          return Hit.deployment(scoped, ["state": status.rawValue])
        }
      },
      ValidationRule(
        id: "CS-ERR-VM-UPDATING", scope: .deployment, severity: .error,
        summary: "A role instance is in the middle of an update operation.",
        messageTemplate: "One or more VMs in Deployment {deployment} in HostedService {service} is undergoing an "
          + "update operation. It can't be migrated until the previous operation completes successfully. Retry after "
          + "sometime.",
        platformDefined: true, fix: "Wait for operation to complete.", docs: Docs.commonErrors, sources: ["3.1"],
        example: "A role instance whose ASM InstanceStatus is BusyRole."
      ) { input in
        input.deployments.filter { scoped in
          scoped.deployment.roles.contains { role in
            role.instances.contains { busyInstanceStatuses.contains(($0.status ?? "").lowercased()) }
          }
        }.map { Hit.deployment($0) }
      },
      ValidationRule(
        id: "CS-ERR-RESERVED-IP-NO-NAME", scope: .deployment, severity: .error,
        summary: "The deployment has a reserved IP without a name.",
        messageTemplate: "The deployment {deployment} in hosted service {service} has reserved IP(s) but no reserved "
          + "IP name. To resolve this issue, update reserved IP name or contact the Microsoft Azure service desk.",
        platformDefined: true, fix: "Update cloud service deployment.", docs: Docs.commonErrors, sources: ["3.1"],
        example: "<ReservedIPs><ReservedIP name=\"\"/></ReservedIPs> in the .cscfg."
      ) { input in
        input.deployments.filter { scoped in
          scoped.deployment.reservedIPNames.contains { $0.allSatisfy(\.isWhitespace) }
        }.map { Hit.deployment($0, location: $0.deployment.configuration?.network?.location) }
      },
      ValidationRule(
        id: "CS-ERR-RESERVED-IP-NO-ENDPOINT", scope: .deployment, severity: .error,
        summary: "The deployment has a reserved IP but no public endpoint on it.",
        messageTemplate: "The deployment {deployment} in hosted service {service} has reserved IP(s) {reservedIP} but "
          + "no endpoint on the reserved IP. To resolve this issue, add at least one endpoint to the reserved IP.",
        platformDefined: true, fix: "Add endpoint to reserved IP.", docs: Docs.commonErrors, sources: ["3.1", "4.7"],
        example: "A .cscfg ReservedIP for a deployment whose .csdef declares no InputEndpoint."
      ) { input in
        input.deployments.compactMap { scoped in
          let names = scoped.deployment.reservedIPNames.filter { !$0.allSatisfy(\.isWhitespace) }
          let defined = scoped.deployment.roles.contains { $0.definition != nil }
          guard !names.isEmpty, defined, !scoped.deployment.hasPublicEndpoint else { return nil }
          return Hit.deployment(scoped, ["reservedIP": names.joined(separator: ", ")])
        }
      },
      ValidationRule(
        id: "CS-ERR-NONVNET-FEATURE", scope: .deployment, severity: .error,
        summary: "Prepare refuses a deployment in no virtual network.",
        messageTemplate: "Migration isn't supported for Deployment {deployment} in HostedService {service} because it "
          + "uses following features not yet supported for migration: Nonvnet deployment.",
        platformDefined: true,
        fix: "Deployment isn't located in a virtual network. For more information, see the Migration of deployments "
          + "not in a virtual network section of Technical details of migrating to Azure Cloud Services (extended "
          + "support).",
        docs: Docs.nonVNet, phase: .prepare, sources: ["3.1"],
        example: "Prepare on a deployment whose ASM record names no VirtualNetworkName."
      ) { input in
        input.deployments.filter { $0.deployment.virtualNetwork == VirtualNetworkMembership.none }.map {
          Hit.deployment($0)
        }
      },
    ] + CommonErrorRules2.all
}
