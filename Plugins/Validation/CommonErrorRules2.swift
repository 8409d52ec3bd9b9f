import EstateModel
import PluginAPI

/// The rest of the platform's common errors (§3.1): destination fields, region, VNet scope, quota, names.
enum CommonErrorRules2 {
  static func destinationHit(_ input: ValidationRuleInput) -> [ValidationHit] {
    input.deployments.map { Hit.deployment($0) }
  }

  static let all: [ValidationRule] = [
    ValidationRule(
      id: "CS-ERR-DEST-VNET-EMPTY", scope: .estate, severity: .error,
      summary: "Destination Existing without a virtual network name.",
      messageTemplate: "The virtual network name can't be null or empty.", platformDefined: true,
      fix: "Provide virtual network name in the REST request body", docs: Docs.commonErrors, sources: ["3.1"],
      example: "destination {\"kind\": \"Existing\", \"resourceGroup\": \"rg\", \"subnet\": \"web\"}"
    ) { input in
      guard let destination = input.destination, destination.isExisting,
        (destination.virtualNetwork ?? "").allSatisfy(\.isWhitespace)
      else { return [] }
      return destinationHit(input)
    },
    ValidationRule(
      id: "CS-ERR-DEST-SUBNET-EMPTY", scope: .estate, severity: .error,
      summary: "Destination Existing without a subnet name.",
      messageTemplate: "The Subnet Name can't be null or empty.", platformDefined: true,
      fix: "Provide subnet name in the REST request body.", docs: Docs.commonErrors, sources: ["3.1"],
      example: "destination {\"kind\": \"Existing\", \"resourceGroup\": \"rg\", \"virtualNetwork\": \"vnet\"}"
    ) { input in
      guard let destination = input.destination, destination.isExisting,
        (destination.subnet ?? "").allSatisfy(\.isWhitespace)
      else { return [] }
      return destinationHit(input)
    },
    ValidationRule(
      id: "CS-ERR-DEST-INVALID", scope: .estate, severity: .error,
      summary: "The destination kind is missing or not one of Default, New, Existing.",
      messageTemplate:
        "DestinationVirtualNetwork must be set to one of the following values: Default, New, or Existing.",
      platformDefined: true, fix: "Provide DestinationVirtualNetwork property in the REST request body.",
      docs: Docs.commonErrors, sources: ["3.1"], example: "destination {\"kind\": \"Shared\"}"
    ) { input in
      guard let destination = input.destination else { return [] }
      let kind = (destination.kind ?? "").lowercased()
      guard !MigrationDestination.kinds.contains(where: { $0.lowercased() == kind }) else { return [] }
      return destinationHit(input)
    },
    ValidationRule(
      id: "CS-ERR-DEST-DEFAULT", scope: .estate, severity: .error,
      summary: "The Default destination is not implemented by the platform.",
      messageTemplate: "Default virtual network destination option not implemented.", platformDefined: true,
      fix: "\"Default\" value isn't supported for DestinationVirtualNetwork property in the REST request body; use "
        + "New or Existing.",
      docs: Docs.commonErrors, sources: ["3.1"], example: "destination {\"kind\": \"Default\"}"
    ) { input in
      guard input.destination?.kind?.lowercased() == "default" else { return [] }
      return destinationHit(input)
    },
    ValidationRule(
      id: "CS-ERR-SUBNET-REGION", scope: .deployment, severity: .error,
      summary: "The deployment's subnet is in another region than the cloud service.",
      messageTemplate: "The subnet with ID '{subnetId}' is in a different location than deployment '{deployment}' "
        + "in hosted service '{service}'. The location for the subnet is '{subnetRegion}' and the location for the "
        + "hosted service is '{serviceRegion}'. Specify a subnet in the same location as the deployment.",
      platformDefined: true,
      fix: "Update the cloud service to have both subnet and cloud service in the same location before migration.",
      docs: Docs.commonErrors, sources: ["3.1"],
      example: "Service in West Europe, its VNet site (and subnet) in North Europe."
    ) { input in
      input.deployments.compactMap { scoped in
        guard let vnetName = scoped.virtualNetworkName, let network = input.virtualNetwork(named: vnetName),
          let subnetRegion = network.region, let serviceRegion = input.region(of: scoped.service),
          subnetRegion.lowercased() != serviceRegion.lowercased()
        else { return nil }
        let subnet = scoped.deployment.roles.flatMap(\.subnets).first ?? network.subnets.first?.name ?? ""
        return Hit.deployment(
          scoped,
          [
            "subnetId": "\(network.name)/subnets/\(subnet)", "subnetRegion": subnetRegion,
            "serviceRegion": serviceRegion,
          ])
      }
    },
    ValidationRule(
      id: "CS-ERR-BELONGS-TO-VNET", scope: .deployment, severity: .error,
      summary: "A deployment in a virtual network is migrated with its network, not on its own.",
      messageTemplate: "Deployment {deployment} in HostedService {service}  belongs to Virtual Network {vnet}. "
        + "Migrate Virtual Network {vnet} to migrate this HostedService {service}.",
      platformDefined: true,
      fix: "Validate and migrate the virtual network (target {\"virtualNetwork\": ...}); every cloud service in it "
        + "migrates with it.",
      docs: Docs.virtualNetworkMigration, sources: ["3.1", "1.6"],
      example: "target {\"service\": \"contoso\", \"slot\": \"Production\"} for a deployment in vnet1."
    ) { input in
      guard input.targetsDeployment else { return [] }
      return input.deployments.compactMap { scoped in
        scoped.virtualNetworkName.map { Hit.deployment(scoped, ["vnet": $0]) }
      }
    },
    ValidationRule(
      id: "CS-ERR-QUOTA", scope: .estate, severity: .error,
      summary: "The ARM core quota in the region cannot hold the migrated roles.",
      messageTemplate: "The current quota for {resource} in Azure Resource Manager is insufficient to complete "
        + "migration. Current quota is {current}, additional needed is {needed}. File a support request to raise "
        + "the quota and retry migration once the quota raises.",
      platformDefined: true,
      fix: "To request a quota increase, follow the appropriate channels: Quota increase for networking resources, "
        + "Quota increase for compute resources.",
      docs: "https://learn.microsoft.com/azure/azure-portal/supportability/per-vm-quota-requests",
      sources: ["3.1", "4.4: Quota"],
      example:
        "quotas [{\"region\": \"West Europe\", \"resource\": \"cores\", \"limit\": 10, \"used\": 9}] and 4 Medium instances."
    ) { input in
      var needed: [String: Int] = [:]
      for scoped in input.roles {
        let role = scoped.role
        guard let region = input.region(of: scoped.deployment.service) else { continue }
        let size = RoleSizeMap.extendedSupportSize(for: role.vmSize) ?? role.vmSize ?? RoleSizeMap.defaultSize
        needed[region.lowercased(), default: 0].saturatingAdd(
          SizeCores.cores(of: size).saturatingMultiplying(max(role.instanceCount ?? 1, 1)))
      }
      return input.estate.quotas.filter { $0.resource.lowercased() == "cores" }.compactMap { quota in
        let want = needed[quota.region.lowercased()] ?? 0
        let missing = want.saturatingSubtracting(quota.limit.saturatingSubtracting(quota.used))
        guard want > 0, missing > 0 else { return nil }
        return ValidationHit(
          resourceType: "Quota", resourceName: "\(quota.region)/\(quota.resource)",
          values: ["resource": quota.resource, "current": String(quota.limit), "needed": String(missing)])
      }
    },
    ValidationRule(
      id: "CS-ERR-SERVICE-NAME-MISMATCH", scope: .deployment, severity: .error,
      summary: "The service name in the .csdef differs from the one in the .cscfg.",
      messageTemplate: "XrpPaaSMigrationCscfgCsdefValidationMismatch: Migration couldn't be completed on deployment "
        + "{deployment} in hosted service {service} because the deployment's metadata is stale. Abort the migration "
        + "and upgrade the deployment before retrying migration. Validation Message: The service name "
        + "'{definitionName}'in the service definition file doesn't match the name '{configurationName}' in the "
        + "service configuration file",
      platformDefined: true, fix: "Match the service names in both .csdef and .cscfg file.", docs: Docs.commonErrors,
      sources: ["3.1"], example: "<ServiceDefinition name=\"Shop\"> with <ServiceConfiguration serviceName=\"Shop2\">"
    ) { input in
      input.deployments.compactMap { scoped in
        guard let definition = scoped.deployment.definition, let configuration = scoped.deployment.configuration,
          definition.name != configuration.serviceName
        else { return nil }
        return Hit.deployment(
          scoped, ["definitionName": definition.name, "configurationName": configuration.serviceName],
          location: configuration.location)
      }
    },
    ValidationRule(
      id: "CS-ERR-SERVICE-NAMED-LIKE-ROLE", scope: .role, severity: .warning,
      summary: "A role has the same name as its cloud service.",
      messageTemplate: "NetworkingInternalOperationError when deploying Cloud Service (extended support) resource",
      platformDefined: true,
      fix: "The issue may occur if the Service name is same as role name. The recommended remediation is to use "
        + "different names for service and roles",
      docs: Docs.commonErrors, sources: ["3.1"], example: "Cloud service \"shop\" with <WebRole name=\"shop\">."
    ) { input in
      input.roles.filter { $0.role.name.lowercased() == $0.deployment.service.name.lowercased() }
        .map { Hit.role($0.deployment, $0.role) }
    },
  ]
}
