import EstateModel
import PluginAPI

/// Supported configurations and migration scenarios (§4.3).
enum SupportedScenarioRules {
  static let xmlExtensions = ["bginfo", "debugger", "webdeploy", "remotedebug"]

  static let all: [ValidationRule] = [
    SupportedRules.info(
      "CS-SUP-ENTRA-DOMAIN-SERVICES", .virtualNetwork, "A VNet with Entra Domain Services is supported.",
      "Virtual network {vnet} contains Microsoft Entra Domain Services {tenant}; migrate it separately first, then "
        + "the virtual network with the Cloud Service deployment.",
      source: "4.3: Microsoft Entra Domain Services", docs: Docs.supportedConfigurations,
      example: "vnetTenants [{\"kind\": \"entra-domain-services\"}]"
    ) { input in
      input.virtualNetworks.flatMap { network in
        network.tenants.filter { $0.kind == .entraDomainServices }.map { Hit.network(network, ["tenant": $0.name]) }
      }
    },
    SupportedRules.info(
      "CS-SUP-SINGLE-SLOT", .deployment, "A cloud service with a deployment in a single slot is supported.",
      "Deployment {deployment} is the only deployment of cloud service {service} ({slot} slot).",
      source: "4.3: Cloud Service with a deployment in a single slot only", docs: Docs.supportedConfigurations,
      example: "Only a Production deployment."
    ) { input in
      input.deployments.filter { $0.service.deployments.count == 1 && $0.deployment.slot == .production }
        .map { Hit.deployment($0) }
    },
    ValidationRule(
      id: "CS-SUP-STAGING-ONLY", scope: .deployment, severity: .warning,
      summary: "Migrating a staging-slot deployment isn't recommended.",
      messageTemplate: "Deployment {deployment} of cloud service {service} is in the Staging slot; migrating the "
        + "staging slot can result in issues with retaining the service FQDN.",
      fix: "To migrate staging slot, first promote staging deployment to production and then migrate to Azure "
        + "Resource Manager.",
      docs: Docs.supportedConfigurations, sources: ["4.3: Cloud Service with a deployment in a single slot only"],
      example: "Only a Staging deployment."
    ) { input in
      input.deployments.filter { $0.service.deployments.count == 1 && $0.deployment.slot == .staging }
        .map { Hit.deployment($0) }
    },
    SupportedRules.info(
      "CS-SUP-DEFAULT-VNET", .deployment, "A deployment in the hidden default VNet is supported.",
      "Deployment {deployment} is in the platform's default virtual network; it is migrated under a virtual network "
        + "whose name starts with {prefix}, in resource group {resourceGroup}.",
      source: "4.3: Deployment not in a publicly visible virtual network (default virtual network deployment)",
      docs: Docs.nonVNet, example: "virtualNetwork {\"kind\": \"default\"}"
    ) { input in
      input.deployments.filter { $0.deployment.virtualNetwork == .hiddenDefault }
        .map {
          Hit.deployment(
            $0,
            [
              "prefix": input.revision.defaultNetworkPrefix,
              "resourceGroup": PlatformNames.serviceResourceGroup($0.service.name),
            ])
        }
    },
    SupportedRules.info(
      "CS-SUP-XML-EXTENSIONS", .extension, "XML extensions (BGInfo, debugger, Web Deploy) migrate.",
      "XML extension {extension} of role {role} is migrated.",
      source: "4.3: XML extensions (BGInfo, Visual Studio Debugger, Web Deploy, and Remote Debugging)",
      docs: Docs.supportedConfigurations, example: "An enabled BGInfo extension."
    ) { input in
      input.roles.flatMap { pair in
        (pair.role.extensions + pair.deployment.deployment.allRoleExtensions).filter { item in
          let text = ((item.type ?? "") + " " + item.name).lowercased()
          return item.enabled && xmlExtensions.contains { text.contains($0) }
        }.map { Hit.role(pair.deployment, pair.role, ["extension": $0.name]) }
      }
    },
    SupportedRules.info(
      "CS-SUP-MULTIPLE-SERVICES", .virtualNetwork, "A VNet with several cloud services migrates them together.",
      "Virtual network {vnet} contains {count} cloud services ({services}); they migrate together, one after the other.",
      source: "4.3: Virtual network containing multiple Cloud Services", docs: Docs.supportedConfigurations,
      example: "Two services whose .cscfg name the same VirtualNetworkSite."
    ) { input in
      input.virtualNetworks.compactMap { network in
        let names = Set(input.deployments(inVirtualNetwork: network.name).map(\.service.name)).sorted()
        guard names.count > 1 else { return nil }
        return Hit.network(network, ["count": String(names.count), "services": names.joined(separator: ", ")])
      }
    },
    SupportedRules.info(
      "CS-SUP-PORTAL-VNET", .virtualNetwork, "A portal-created VNet (Group rg name) is supported.",
      "Virtual network {vnet} was created in the portal; after migration the .cscfg must name it by its Azure "
        + "Resource Manager ID.",
      source: "4.3: Migration of virtual networks created via Portal", docs: Docs.supportedConfigurations,
      example: "<VirtualNetworkSite name=\"Group rg1 vnet1\"/>"
    ) { input in
      input.virtualNetworks.filter { $0.name.hasPrefix("Group ") }.map { Hit.network($0) }
    },
    SupportedRules.info(
      "CS-SUP-ROLES-IN-SUBNETS", .deployment, "Roles in different subnets are supported.",
      "Deployment {deployment} places its roles in {count} subnets ({subnets}).",
      source: "4.3: Migration of deployment with roles in different subnet", docs: Docs.supportedConfigurations,
      example: "Two InstanceAddress elements with different subnets."
    ) { input in
      input.deployments.compactMap { scoped in
        let subnets = Set(scoped.deployment.roles.flatMap(\.subnets)).sorted()
        guard subnets.count > 1 else { return nil }
        return Hit.deployment(scoped, ["count": String(subnets.count), "subnets": subnets.joined(separator: ", ")])
      }
    },
  ]
}
