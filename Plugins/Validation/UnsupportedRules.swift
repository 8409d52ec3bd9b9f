import EstateModel
import PluginAPI

/// Unsupported configurations (§4.5, FastTrack §3.3) and unsupported resources (§4.4), as findings whose fix is
/// the documented next step.
enum UnsupportedRules {
  /// The platform's own error for Application Gateway and API Management in a virtual network (section 3.4).
  static let nonGatewayPaaSMessage =
    "Migration isn't supported for Virtual Network {vnet} because it has non-gateway PaaS deployments."

  static func tenantRule(
    id: String, kind: VirtualNetworkTenantKind, what: String, fix: String,
    revisions: [RulesRevision] = RulesRevision.allCases,
    source: String, platformMessage: String? = nil
  ) -> ValidationRule {
    ValidationRule(
      id: id, scope: .virtualNetwork, severity: .error, summary: "Virtual networks that contain \(what) can't migrate.",
      messageTemplate: platformMessage
        ?? "Virtual network {vnet} contains \(what) {tenant}, which isn't supported for migration.",
      platformDefined: platformMessage != nil,
      fix: fix, docs: Docs.unsupportedResources, revisions: revisions,
      sources: platformMessage == nil ? [source] : [source, "3.4"],
      example: "vnetTenants [{\"virtualNetwork\": \"vnet1\", \"kind\": \"\(kind.rawValue)\", \"name\": \"x\"}]"
    ) { input in
      input.virtualNetworks.flatMap { network in
        network.tenants.filter { $0.kind == kind }.map { Hit.network(network, ["tenant": $0.name]) }
      }
    }
  }

  /// Every role in scope with a legacy size, named with its successor (both revisions report the same roles).
  static func legacySizeHits(_ input: ValidationRuleInput) -> [ValidationHit] {
    input.roles.compactMap { pair in
      legacySize(pair.role).map { Hit.role(pair.deployment, pair.role, ["size": $0.size, "successor": $0.successor]) }
    }
  }

  static func legacySize(_ role: Role) -> (size: String, successor: String)? {
    if case .legacy(let size, let successor) = RoleSizeMap.mapping(for: role.vmSize) { return (size, successor) }
    return nil
  }

  static let all: [ValidationRule] =
    [
      ValidationRule(
        id: "CS-UNSUP-LEGACY-SIZE-RENAMED", scope: .role, severity: .warning,
        summary: "A legacy role size migrates and is renamed to its modern size (preview behaviour).",
        messageTemplate: "Role {role} uses the legacy size {size}. The migration will complete, but the role size "
          + "will be updated to {successor}. There is no change in cost or SKU properties and the virtual machine "
          + "will not be rebooted for this change.",
        fix:
          "Update all deployment artifacts to reference the new modern role size: vmsize=\"{successor}\" in the .csdef.",
        docs: Docs.sizes, revisions: [.preview2021],
        sources: ["4.5: Cloud Service deployments using legacy role sizes", "3.3"],
        example: "<WorkerRole name=\"Worker\" vmsize=\"Small\">"
      ) { input in legacySizeHits(input) },
      ValidationRule(
        id: "CS-UNSUP-LEGACY-SIZE", scope: .role, severity: .error,
        summary: "A legacy role size blocks migration until it is changed (FastTrack top three: invalid SKU sizes).",
        messageTemplate: "Role {role} uses the legacy size {size}, which Cloud Services (extended support) doesn't "
          + "support. Change it to {successor} before migration.",
        fix: "The role sizes need to be updated before migration. Update all deployment artifacts to reference these "
          + "new modern role sizes.",
        docs: Docs.sizes, revisions: [.current2024],
        sources: ["4.5: Cloud Service deployments using legacy role sizes", "3.3"],
        example: "<WorkerRole name=\"Worker\" vmsize=\"Small\">"
      ) { input in legacySizeHits(input) },
      ValidationRule(
        id: "CS-UNSUP-DEPRECATED-SIZE", scope: .role, severity: .error,
        summary: "A role size with no extended-support successor (A8–A11, MSODSG5).",
        messageTemplate: "Role {role} uses the size {size}, which is deprecated in Azure Resource Manager and has no "
          + "successor.",
        fix: "Choose an available extended-support size, set it as vmsize in the .csdef and redeploy before migration.",
        docs: Docs.sizes, sources: ["5.1", "4.5: Cloud Service deployments using legacy role sizes"],
        example: "<WorkerRole name=\"Hpc\" vmsize=\"A8\">"
      ) { input in
        input.roles.compactMap { pair in
          guard case .deprecated(let size) = RoleSizeMap.mapping(for: pair.role.vmSize) else { return nil }
          return Hit.role(pair.deployment, pair.role, ["size": size])
        }
      },
      ValidationRule(
        id: "CS-UNSUP-NONVNET-UNKNOWN", scope: .deployment, severity: .warning,
        summary: "Nothing says whether the deployment is in a virtual network; older ones can't migrate.",
        messageTemplate: "Deployment {deployment} in cloud service {service} names no virtual network. Deployments "
          + "created before late 2018 aren't in any virtual network and can't be migrated; newer ones are in a hidden "
          + "default virtual network and move to Azure Resource Manager under a virtual network with prefix of "
          + "\"{prefix}\".",
        fix: "Some Cloud Service deployments not in a virtual network aren't supported for migration. Use the validate "
          + "API to check if the deployment is eligible to migrate, or state the membership in the estate document.",
        docs: Docs.nonVNet, sources: ["4.5: Migration of some older deployments not in a virtual network"],
        example: "A .cscfg without NetworkConfiguration and no ASM export."
      ) { input in
        input.deployments.filter { $0.deployment.virtualNetwork == nil }
          .map { Hit.deployment($0, ["prefix": input.revision.defaultNetworkPrefix]) }
      },
      ValidationRule(
        id: "CS-UNSUP-TWO-SLOTS-RESERVED-IP", scope: .deployment, severity: .error,
        summary: "Both slots are occupied and a reserved IP is used.",
        messageTemplate: "Cloud service {service} has production and staging deployments using reserved IP addresses; "
          + "migrating such a cloud service isn't supported.",
        fix: "Not supported. Delete the other deployment (or release its reserved IP) before migration.",
        docs: Docs.unsupportedConfigurations,
        sources: [
          "4.5: Migration of deployments containing both production and staging slot deployment using Reserved IP addresses"
        ],
        example: "Production and Staging deployments, one with <ReservedIP name=\"ip1\"/>."
      ) { input in
        input.deployments.filter { scoped in
          scoped.service.deployments.count > 1 && scoped.service.deployments.contains { !$0.reservedIPNames.isEmpty }
        }.map { Hit.deployment($0) }
      },
      ValidationRule(
        id: "CS-UNSUP-TWO-SLOTS-DIFFERENT-VNET", scope: .deployment, severity: .error,
        summary: "Production and staging deployments are in different virtual networks.",
        messageTemplate: "The production and staging deployments of cloud service {service} are in different virtual "
          + "networks ({networks}).",
        fix: "Migration of a two slot cloud service requires deleting the staging slot. Once the staging slot is "
          + "deleted, migrate the production slot as an independent cloud service (extended support) in Azure Resource "
          + "Manager. A new Cloud Services (extended support) deployment can then be linked to the migrated deployment "
          + "with swappable property enabled.",
        docs: Docs.unsupportedConfigurations,
        sources: ["4.5: Migration of production and staging deployment in different virtual network"],
        example: "Production in vnet1, Staging in vnet2."
      ) { input in
        input.deployments.compactMap { scoped in
          let names = scoped.service.deployments.compactMap { deployment -> String? in
            if case .named(let name)? = deployment.virtualNetwork { return name.lowercased() }
            return nil
          }
          guard Set(names).count > 1 else { return nil }
          return Hit.deployment(scoped, ["networks": Set(names).sorted().joined(separator: ", ")])
        }
      },
      ValidationRule(
        id: "CS-UNSUP-EMPTY-SERVICE", scope: .cloudService, severity: .error,
        summary: "A cloud service with no deployment.",
        messageTemplate:
          "Cloud service {service} has no deployment; migration of an empty cloud service isn't supported.",
        fix: "Not supported. Deploy to the cloud service or delete it.", docs: Docs.unsupportedConfigurations,
        sources: ["4.5: Migration of empty Cloud Service (Cloud Service with no deployment)"],
        example: "services [{\"name\": \"empty\", \"deployments\": {}}]"
      ) { input in
        input.services.filter { $0.deployments.isEmpty }.map { Hit.service($0) }
      },
      ValidationRule(
        id: "CS-UNSUP-RDP-PLUGIN-AND-EXTENSION", scope: .role, severity: .error,
        summary: "A role has both the RemoteAccess plugin and an enabled remote desktop extension.",
        messageTemplate:
          "Role {role} imports the remote desktop plugin and has the remote desktop extension {extension}.",
        fix:
          "Option 1: Remove the remote desktop plugin before migration. Option 2: Remove remote desktop extension and "
          + "migrate the deployment; post-migration, remove the plugin and install the extension.",
        docs: Docs.unsupportedConfigurations,
        sources: [
          "4.5: Migration of deployment containing the remote desktop plugin and the remote desktop extensions"
        ],
        example: "<Import moduleName=\"RemoteAccess\"/> plus an enabled RDP extension on the role."
      ) { input in
        input.roles.compactMap { pair in
          let imports = pair.role.definition?.imports ?? []
          guard let plugin = imports.first(where: { $0.moduleName.lowercased() == "remoteaccess" }) else { return nil }
          let extensions = pair.role.extensions + pair.deployment.deployment.allRoleExtensions
          guard let rdp = extensions.first(where: { $0.enabled && isRemoteDesktop($0) }) else { return nil }
          return Hit.role(pair.deployment, pair.role, ["extension": rdp.name], location: plugin.location)
        }
      },
      ValidationRule(
        id: "CS-UNSUP-PAAS-AND-IAAS", scope: .virtualNetwork, severity: .error,
        summary: "A virtual network holds both cloud services and classic virtual machines.",
        messageTemplate: "Virtual network {vnet} contains both PaaS and IaaS deployments (virtual machines {tenant}).",
        fix: "Not Supported. Move either the PaaS or IaaS deployments into a different virtual network. This causes "
          + "downtime.",
        docs: Docs.unsupportedConfigurations, sources: ["4.5: Virtual networks with both PaaS and IaaS deployment"],
        example: "vnetTenants [{\"virtualNetwork\": \"vnet1\", \"kind\": \"iaas-vm\", \"name\": \"vm1\"}]"
      ) { input in
        input.virtualNetworks.flatMap { network in
          network.tenants.filter { $0.kind == .iaasVirtualMachines }.map { Hit.network(network, ["tenant": $0.name]) }
        }
      },
      ValidationRule(
        id: "CS-UNSUP-DIFFERENT-VNET", scope: .deployment, severity: .error,
        summary: "The destination names another virtual network than the one the deployment is in.",
        messageTemplate:
          "Deployment {deployment} in cloud service {service} is in virtual network {vnet}; migrating it "
          + "to a different virtual network ({destination}) isn't supported.",
        fix: "Not supported. Move the deployment to a different classic virtual network before migration (downtime), "
          + "then migrate that virtual network; or migrate the virtual network, then move the Cloud Service.",
        docs: Docs.unsupportedConfigurations, sources: ["4.5: Migration of Cloud Service to different virtual network"],
        example: "destination {\"kind\": \"Existing\", \"virtualNetwork\": \"other\"} for a deployment in vnet1."
      ) { input in
        guard let destination = input.destination, destination.isExisting,
          let wanted = destination.virtualNetwork, !wanted.isEmpty
        else { return [] }
        return input.deployments.compactMap { scoped in
          guard let vnet = scoped.virtualNetworkName, vnet.lowercased() != wanted.lowercased() else { return nil }
          return Hit.deployment(scoped, ["vnet": vnet, "destination": wanted])
        }
      },
    ] + UnsupportedResourceRules.all

  static func isRemoteDesktop(_ item: RoleExtension) -> Bool {
    let text = [item.type, item.name].compactMap { $0?.lowercased() }
    return text.contains { $0 == "rdp" || $0.hasPrefix("rdp-") || $0.contains("remotedesktop") }
  }
}
