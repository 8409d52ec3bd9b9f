import EstateModel
import PluginAPI

/// Resources and features not available for migration (§4.4).
enum UnsupportedResourceRules {
  static func gatewayRule(id: String, type: GatewayType, label: String, fix: String, source: String) -> ValidationRule {
    ValidationRule(
      id: id, scope: .gateway, severity: .error, summary: "\(label)s block migration of their virtual network.",
      messageTemplate: "Virtual network {vnet} has \(indefiniteArticle(for: label)) \(label), which isn't available "
        + "for migration.",
      fix: fix, docs: Docs.unsupportedResources, sources: [source],
      example: "<Gateway> of type \(type.rawValue) in the .netcfg VirtualNetworkSite."
    ) { input in
      input.virtualNetworks.compactMap { network in
        guard let gateway = network.gateways.first(where: { $0.type == type }) else { return nil }
        var hit = Hit.network(network)
        hit.resourceType = "Gateway"
        hit.location = gateway.location ?? network.location
        return hit
      }
    }
  }

  /// "an" before a label that starts with a vowel ("an ExpressRoute gateway"), "a" otherwise ("a VPN gateway").
  static func indefiniteArticle(for label: String) -> String {
    label.first.map { "AEIOUaeiou".contains($0) } == true ? "an" : "a"
  }

  static let all: [ValidationRule] = [
    ValidationRule(
      id: "CS-UNSUP-AUTOSCALE", scope: .cloudService, severity: .warning,
      summary: "Autoscale rules are dropped by migration.",
      messageTemplate:
        "Cloud service {service} has {count} autoscale rule(s); migration goes through but rules are dropped.",
      fix: "Recreate the rules after migration on Cloud Services (extended support).",
      docs: Docs.unsupportedResources, sources: ["4.4: Auto Scale Rules"],
      example: "autoscaleRules [{\"role\": \"Web\", \"metric\": \"Percentage CPU\"}]"
    ) { input in
      input.services.filter { !$0.autoscaleRules.isEmpty }.map {
        Hit.service($0, ["count": String($0.autoscaleRules.count)])
      }
    },
    ValidationRule(
      id: "CS-UNSUP-ALERTS", scope: .cloudService, severity: .warning, summary: "Alerts are dropped by migration.",
      messageTemplate:
        "Cloud service {service} has {count} alert rule(s); migration goes through but alerts are dropped.",
      fix: "Recreate the alert rules after migration on Cloud Services (extended support).",
      docs: Docs.unsupportedResources, sources: ["4.4: Alerts"],
      example: "alerts [{\"name\": \"cpu-high\", \"metric\": \"Percentage CPU\"}]"
    ) { input in
      input.services.filter { !$0.alerts.isEmpty }.map { Hit.service($0, ["count": String($0.alerts.count)]) }
    },
    gatewayRule(
      id: "CS-UNSUP-VPN-GATEWAY", type: .vpn, label: "VPN gateway",
      fix: "Remove the VPN Gateway before beginning migration and then recreate the VPN Gateway once migration is "
        + "complete.",
      source: "4.4: VPN Gateway"),
    gatewayRule(
      id: "CS-UNSUP-EXPRESSROUTE-GATEWAY", type: .expressRoute, label: "ExpressRoute gateway",
      fix: "Remove the Express Route Gateway before beginning migration and then recreate the Gateway once migration "
        + "is complete.",
      source: "4.4: Express Route Gateway"),
    ValidationRule(
      id: "CS-UNSUP-QUOTA-UNKNOWN", scope: .estate, severity: .warning,
      summary: "No ARM core quota is known for the region; quota isn't migrated.",
      messageTemplate: "No Azure Resource Manager core quota is known for region {region}. Quota isn't migrated.",
      fix: "Request new quota on Azure Resource Manager prior to migration for the validation to be successful, or "
        + "record it in the estate's quotas.",
      docs: "https://learn.microsoft.com/azure/azure-resource-manager/templates/error-resource-quota#solution",
      sources: ["4.4: Quota"], example: "An estate without quotas for the service's region."
    ) { input in
      let regions = Set(input.services.compactMap { input.region(of: $0) })
      return regions.sorted().filter { region in
        !input.estate.quotas.contains {
          $0.region.lowercased() == region.lowercased() && $0.resource.lowercased() == "cores"
        }
      }.map { ValidationHit(resourceType: "Quota", resourceName: "\($0)/cores", values: ["region": $0]) }
    },
    ValidationRule(
      id: "CS-UNSUP-AFFINITY-GROUP", scope: .cloudService, severity: .error,
      summary: "Affinity groups are not supported.",
      messageTemplate: "{kind} {name} is in affinity group {group}, which isn't supported for migration.",
      fix: "Not supported. Remove any affinity groups before migration.", docs: Docs.unsupportedResources,
      sources: ["4.4: Affinity Groups"], example: "A cloud service or VNet site with AffinityGroup=\"ag1\"."
    ) { input in
      let services = input.services.compactMap { service in
        service.affinityGroup.map {
          Hit.service(service, ["kind": "Cloud service", "name": service.name, "group": $0])
        }
      }
      let networks = input.virtualNetworks.compactMap { network in
        network.affinityGroup.map {
          Hit.network(network, ["kind": "Virtual network", "name": network.name, "group": $0])
        }
      }
      return services + networks
    },
    ValidationRule(
      id: "CS-UNSUP-PEERING", scope: .virtualNetwork, severity: .error,
      summary: "Peered virtual networks must drop the peering first.",
      messageTemplate: "Virtual network {vnet} is peered with {remote} (peering {peering}).",
      fix: "Before migrating a virtual network that is peered to another virtual network, delete the peering, migrate "
        + "the virtual network to Resource Manager and re-create peering. This can cause downtime depending on the "
        + "architecture.",
      docs: Docs.unsupportedResources, sources: ["4.4: Virtual networks using virtual network peering"],
      example: "peerings [{\"name\": \"p1\", \"virtualNetwork\": \"vnet1\", \"remoteVirtualNetwork\": \"hub\"}]"
    ) { input in
      input.scopedNetworkNames.flatMap { name in
        input.estate.virtualNetworkPeerings.filter {
          $0.virtualNetwork.lowercased() == name.lowercased()
            || $0.remoteVirtualNetwork.lowercased() == name.lowercased()
        }.map { peering in
          let remote =
            peering.virtualNetwork.lowercased() == name.lowercased()
            ? peering.remoteVirtualNetwork : peering.virtualNetwork
          return ValidationHit(
            resourceType: "VirtualNetwork", resourceName: name,
            values: ["vnet": name, "remote": remote, "peering": peering.name],
            location: input.virtualNetwork(named: name)?.location)
        }
      }
    },
    UnsupportedRules.tenantRule(
      id: "CS-UNSUP-APP-SERVICE-ENVIRONMENT", kind: .appServiceEnvironment, what: "an App Service environment",
      fix: "Not supported.", source: "4.4: Virtual networks that contain App Service environments"),
    UnsupportedRules.tenantRule(
      id: "CS-UNSUP-BATCH", kind: .batch, what: "an Azure Batch deployment", fix: "Not supported.",
      revisions: [.current2024], source: "4.4: Virtual networks with Azure Batch Deployments"),
    UnsupportedRules.tenantRule(
      id: "CS-UNSUP-HDINSIGHT", kind: .hdInsight, what: "an HDInsight service", fix: "Not supported.",
      source: "4.4: Virtual networks that contain HDInsight services"),
    UnsupportedRules.tenantRule(
      id: "CS-UNSUP-API-MANAGEMENT", kind: .apiManagement, what: "an Azure API Management deployment",
      fix: "Not supported. To migrate the virtual network, change the virtual network of the API Management "
        + "deployment. This is a no downtime operation.",
      source: "4.4: Virtual networks that contain Azure API Management deployments",
      platformMessage: UnsupportedRules.nonGatewayPaaSMessage),
    UnsupportedRules.tenantRule(
      id: "CS-UNSUP-APPLICATION-GATEWAY", kind: .applicationGateway, what: "an Application Gateway",
      fix: "Not Supported. Remove the Application Gateway before beginning migration and then recreate the "
        + "Application Gateway once migration is completed to Azure Resource Manager",
      source: "4.4: Application Gateway", platformMessage: UnsupportedRules.nonGatewayPaaSMessage),
    ValidationRule(
      id: "CS-UNSUP-EXPRESSROUTE-CIRCUIT", scope: .virtualNetwork, severity: .error,
      summary: "Classic ExpressRoute circuits linked to the network must be migrated first.",
      messageTemplate: "Virtual network {vnet} is linked to the classic ExpressRoute circuit {circuit}.",
      fix:
        "Not supported. These circuits need to be migrated to Azure Resource Manager before beginning PaaS migration.",
      docs: Docs.unsupportedResources, phase: .prepare,
      sources: ["4.4: Classic Express Route circuits", "1.2: checked by Prepare, not by Validate"],
      example: "expressRouteCircuits [{\"name\": \"er1\", \"linkedVirtualNetworks\": [\"vnet1\"]}]"
    ) { input in
      input.scopedNetworkNames.flatMap { name in
        input.estate.expressRouteCircuits.filter { circuit in
          circuit.resourceManagerId == nil  // already moved to Azure Resource Manager
            && circuit.linkedVirtualNetworks.contains { $0.lowercased() == name.lowercased() }
        }.map { circuit in
          ValidationHit(
            resourceType: "VirtualNetwork", resourceName: name, values: ["vnet": name, "circuit": circuit.name],
            location: input.virtualNetwork(named: name)?.location)
        }
      }
    },
    ValidationRule(
      id: "CS-UNSUP-RBAC", scope: .cloudService, severity: .warning,
      summary: "Role assignments on classic resources must be updated after migration.",
      messageTemplate: "Role assignment {role} for {principal} on {scope} refers to a classic resource; its URI "
        + "changes from Microsoft.ClassicCompute to Microsoft.Compute.",
      fix: "Post migration, the URI of the resource changes from Microsoft.ClassicCompute to Microsoft.Compute; RBAC "
        + "policies need to be updated after migration.",
      docs: Docs.unsupportedResources, sources: ["4.4: Role-Based Access Control"],
      example: "rbacAssignments [{\"principal\": \"ops@contoso\", \"role\": \"Reader\", \"scope\": \".../contoso\"}]"
    ) { input in
      input.services.flatMap { service in
        input.estate.rbacAssignments.filter { assignment in
          let scope = assignment.scope.lowercased()
          return scope.hasSuffix("/" + service.name.lowercased())
            || scope.contains("/" + service.name.lowercased() + "/")
        }.map { assignment in
          Hit.service(service, ["role": assignment.role, "principal": assignment.principal, "scope": assignment.scope])
        }
      }
    },
  ]
}
