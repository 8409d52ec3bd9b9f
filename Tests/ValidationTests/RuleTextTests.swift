import MigrationEngine
import PluginAPI
import Testing

/// For every rule of `validation/rules`: the smallest case that fires it gives exactly this category and text
/// (the platform's words where it defines them, names filled in). The clean case is checked by
/// ``CataloguePairTests``.
struct RuleTextTests {
  static let expected: [String: (category: ValidationCategory, messages: [String])] = [
    "CS-ERR-BELONGS-TO-VNET": (
      .error,
      [
        "Deployment contoso-prod in HostedService contoso  belongs to Virtual Network vnet1. Migrate Virtual Network vnet1 to migrate this HostedService contoso."
      ]
    ),
    "CS-ERR-DEST-DEFAULT": (
      .error,
      [
        "Default virtual network destination option not implemented."
      ]
    ),
    "CS-ERR-DEST-INVALID": (
      .error,
      [
        "DestinationVirtualNetwork must be set to one of the following values: Default, New, or Existing."
      ]
    ),
    "CS-ERR-DEST-SUBNET-EMPTY": (
      .error,
      [
        "The Subnet Name can't be null or empty."
      ]
    ),
    "CS-ERR-DEST-VNET-EMPTY": (
      .error,
      [
        "The virtual network name can't be null or empty."
      ]
    ),
    "CS-ERR-INTERMEDIATE-STATE": (
      .error,
      [
        "Deployment contoso-prod in HostedService contoso is in intermediate state: RunningTransitioning. Migration not allowed."
      ]
    ),
    "CS-ERR-NO-SUBNET": (
      .error,
      [
        "The Deployment contoso-prod in cloud service contoso can't be migrated because there are no subnets associated with the role(s) Web. Associate all roles with a subnet, then retry the migration of the cloud service."
      ]
    ),
    "CS-ERR-NONVNET-FEATURE": (
      .error,
      [
        "Migration isn't supported for Deployment contoso-prod in HostedService contoso because it uses following features not yet supported for migration: Nonvnet deployment."
      ]
    ),
    "CS-ERR-NOT-IN-VNET": (
      .error,
      [
        "Deployment contoso-prod in cloud service contoso must be within a virtual network to be migrated."
      ]
    ),
    "CS-ERR-NOT-REGISTERED": (
      .error,
      [
        "BadRequest : Subscription is not registered for migration."
      ]
    ),
    "CS-ERR-QUOTA": (
      .error,
      [
        "The current quota for cores in Azure Resource Manager is insufficient to complete migration. Current quota is 100, additional needed is 1. File a support request to raise the quota and retry migration once the quota raises."
      ]
    ),
    "CS-ERR-RESERVED-IP-NO-ENDPOINT": (
      .error,
      [
        "The deployment contoso-prod in hosted service contoso has reserved IP(s) ip1 but no endpoint on the reserved IP. To resolve this issue, add at least one endpoint to the reserved IP."
      ]
    ),
    "CS-ERR-RESERVED-IP-NO-NAME": (
      .error,
      [
        "The deployment contoso-prod in hosted service contoso has reserved IP(s) but no reserved IP name. To resolve this issue, update reserved IP name or contact the Microsoft Azure service desk."
      ]
    ),
    "CS-ERR-SERVICE-NAME-MISMATCH": (
      .error,
      [
        "XrpPaaSMigrationCscfgCsdefValidationMismatch: Migration couldn't be completed on deployment contoso-prod in hosted service contoso because the deployment's metadata is stale. Abort the migration and upgrade the deployment before retrying migration. Validation Message: The service name 'contoso'in the service definition file doesn't match the name 'other' in the service configuration file"
      ]
    ),
    "CS-ERR-SERVICE-NAMED-LIKE-ROLE": (
      .warning,
      [
        "NetworkingInternalOperationError when deploying Cloud Service (extended support) resource"
      ]
    ),
    "CS-ERR-SUBNET-REGION": (
      .error,
      [
        "The subnet with ID 'vnet1/subnets/web' is in a different location than deployment 'contoso-prod' in hosted service 'contoso'. The location for the subnet is 'North Europe' and the location for the hosted service is 'West Europe'. Specify a subnet in the same location as the deployment."
      ]
    ),
    "CS-ERR-TWO-SLOTS": (
      .error,
      [
        "The deployment can't be migrated because the deployment's cloud service has two occupied slots. Migration of cloud services is only supported for deployments that are the only deployment in their cloud service. To proceed with the migration of this deployment, delete the other deployment in the cloud service.",
        "The deployment can't be migrated because the deployment's cloud service has two occupied slots. Migration of cloud services is only supported for deployments that are the only deployment in their cloud service. To proceed with the migration of this deployment, delete the other deployment in the cloud service.",
      ]
    ),
    "CS-ERR-VM-UPDATING": (
      .error,
      [
        "One or more VMs in Deployment contoso-prod in HostedService contoso is undergoing an update operation. It can't be migrated until the previous operation completes successfully. Retry after sometime."
      ]
    ),
    "CS-INFO-REGISTRATION-UNKNOWN": (
      .information,
      [
        "The estate does not say whether subscription sub has the feature CloudServices of Microsoft.Compute registered; migration needs both registrations."
      ]
    ),
    "CS-PREP-LOAD-BALANCER-RULES": (
      .error,
      [
        "Load balancer rule Web/again of deployment contoso-prod in HostedService contoso is not valid: it uses public port 80, which Web/http already uses."
      ]
    ),
    "CS-PREP-NETWORK-QUOTA": (
      .error,
      [
        "The current quota for publicIPAddresses in Azure Resource Manager is insufficient to complete migration. Current quota is 10, additional needed is 1. File a support request to raise the quota and retry migration once the quota raises."
      ]
    ),
    "CS-PREP-PRIVATE-IP-CONFLICT": (
      .error,
      [
        "The private IP address 10.0.0.4 in virtual network vnet1 is held by both contoso-prod/Web_IN_0 and contoso-prod/Web_IN_1."
      ]
    ),
    "CS-SUP-ACCELERATED-NETWORKING": (
      .information,
      [
        "Role Web uses size Standard_D2_v2, which supports accelerated networking; deployments with accelerated networking are supported."
      ]
    ),
    "CS-SUP-CERTIFICATES": (
      .information,
      [
        "Certificate ssl of role Web is moved to the Key Vault KV-contoso as a secret."
      ]
    ),
    "CS-SUP-DEFAULT-VNET": (
      .information,
      [
        "Deployment contoso-prod is in the platform's default virtual network; it is migrated under a virtual network whose name starts with DefaultNetwork, in resource group contoso-migrated."
      ]
    ),
    "CS-SUP-DEPLOYMENT": (
      .information,
      [
        "Deployment contoso-prod of cloud service contoso with 1 role(s) (Web) is migrated to Cloud Service (extended support) contoso in resource group contoso-migrated."
      ]
    ),
    "CS-SUP-DNS-NAME": (
      .information,
      [
        "The DNS name contoso.cloudapp.net of deployment contoso-prod remains the same after migration."
      ]
    ),
    "CS-SUP-DYNAMIC-IP": (
      .information,
      [
        "Deployment contoso-prod gets the dynamic Basic public IP address contosoContractContract."
      ]
    ),
    "CS-SUP-ENDPOINT": (
      .information,
      [
        "InputEndpoint http of role Web is migrated unchanged; it stays defined in the .csdef."
      ]
    ),
    "CS-SUP-ENDPOINT-ACL": (
      .information,
      [
        "Access control office on endpoint http of role Web is migrated."
      ]
    ),
    "CS-SUP-ENTRA-DOMAIN-SERVICES": (
      .information,
      [
        "Virtual network vnet1 contains Microsoft Entra Domain Services t1; migrate it separately first, then the virtual network with the Cloud Service deployment."
      ]
    ),
    "CS-SUP-INTERNAL-LOAD-BALANCER": (
      .information,
      [
        "Internal load balancer ilb of deployment contoso-prod is migrated."
      ]
    ),
    "CS-SUP-LOAD-BALANCER": (
      .information,
      [
        "The load balancer of deployment contoso-prod is exposed as Basic load balancer LB-contoso."
      ]
    ),
    "CS-SUP-MULTIPLE-SERVICES": (
      .information,
      [
        "Virtual network vnet1 contains 2 cloud services (contoso, fabrikam); they migrate together, one after the other."
      ]
    ),
    "CS-SUP-NETWORK-TRAFFIC-RULES": (
      .information,
      [
        "The 1 network traffic rule(s) of deployment contoso-prod are migrated."
      ]
    ),
    "CS-SUP-NSG": (
      .information,
      [
        "Network security group nsg1 on subnet web of virtual network vnet1 is cloned to Azure Resource Manager."
      ]
    ),
    "CS-SUP-PLUGINS-EXTENSIONS": (
      .information,
      [
        "Role Web has 1 plugin(s) and 0 enabled extension(s); they are migrated (plugins are legacy and should be removed)."
      ]
    ),
    "CS-SUP-PORTAL-VNET": (
      .information,
      [
        "Virtual network Group rg1 vnet1 was created in the portal; after migration the .cscfg must name it by its Azure Resource Manager ID."
      ]
    ),
    "CS-SUP-RESERVED-IP": (
      .information,
      [
        "Reserved IP ip1 of deployment contoso-prod is migrated as a static Basic public IP address ip1."
      ]
    ),
    "CS-SUP-ROLES-IN-SUBNETS": (
      .information,
      [
        "Deployment contoso-prod places its roles in 2 subnets (app, web)."
      ]
    ),
    "CS-SUP-ROUTE-TABLE": (
      .information,
      [
        "Route table rt1 on subnet web of virtual network vnet1 is cloned to Azure Resource Manager."
      ]
    ),
    "CS-SUP-SINGLE-SLOT": (
      .information,
      [
        "Deployment contoso-prod is the only deployment of cloud service contoso (Production slot)."
      ]
    ),
    "CS-SUP-STAGING-ONLY": (
      .warning,
      [
        "Deployment contoso-prod of cloud service contoso is in the Staging slot; migrating the staging slot can result in issues with retaining the service FQDN."
      ]
    ),
    "CS-SUP-STARTUP-TASKS": (
      .information,
      [
        "The 1 startup task(s) of role Web are migrated unchanged."
      ]
    ),
    "CS-SUP-STORAGE-ACCOUNT": (
      .information,
      [
        "Role Web setting Storage refers to storage account acct, which is migrated on its own (Move-AzureStorageAccount)."
      ]
    ),
    "CS-SUP-VIRTUAL-NETWORK": (
      .information,
      [
        "Virtual network vnet1 is migrated with its 1 subnet(s) to resource group vnet1-migrated."
      ]
    ),
    "CS-SUP-XML-EXTENSIONS": (
      .information,
      [
        "XML extension BGInfo of role Web is migrated."
      ]
    ),
    "CS-UNSUP-AFFINITY-GROUP": (
      .error,
      [
        "Cloud service contoso is in affinity group ag1, which isn't supported for migration."
      ]
    ),
    "CS-UNSUP-ALERTS": (
      .warning,
      [
        "Cloud service contoso has 1 alert rule(s); migration goes through but alerts are dropped."
      ]
    ),
    "CS-UNSUP-API-MANAGEMENT": (
      .error,
      [
        "Migration isn't supported for Virtual Network vnet1 because it has non-gateway PaaS deployments."
      ]
    ),
    "CS-UNSUP-APP-SERVICE-ENVIRONMENT": (
      .error,
      [
        "Virtual network vnet1 contains an App Service environment t1, which isn't supported for migration."
      ]
    ),
    "CS-UNSUP-APPLICATION-GATEWAY": (
      .error,
      [
        "Migration isn't supported for Virtual Network vnet1 because it has non-gateway PaaS deployments."
      ]
    ),
    "CS-UNSUP-AUTOSCALE": (
      .warning,
      [
        "Cloud service contoso has 1 autoscale rule(s); migration goes through but rules are dropped."
      ]
    ),
    "CS-UNSUP-BATCH": (
      .error,
      [
        "Virtual network vnet1 contains an Azure Batch deployment t1, which isn't supported for migration."
      ]
    ),
    "CS-UNSUP-DEPRECATED-SIZE": (
      .error,
      [
        "Role Web uses the size A8, which is deprecated in Azure Resource Manager and has no successor."
      ]
    ),
    "CS-UNSUP-DIFFERENT-VNET": (
      .error,
      [
        "Deployment contoso-prod in cloud service contoso is in virtual network vnet1; migrating it to a different virtual network (other) isn't supported."
      ]
    ),
    "CS-UNSUP-EMPTY-SERVICE": (
      .error,
      [
        "Cloud service empty has no deployment; migration of an empty cloud service isn't supported."
      ]
    ),
    "CS-UNSUP-EXPRESSROUTE-CIRCUIT": (
      .error,
      [
        "Virtual network vnet1 is linked to the classic ExpressRoute circuit er."
      ]
    ),
    "CS-UNSUP-EXPRESSROUTE-GATEWAY": (
      .error,
      [
        "Virtual network vnet1 has an ExpressRoute gateway, which isn't available for migration."
      ]
    ),
    "CS-UNSUP-HDINSIGHT": (
      .error,
      [
        "Virtual network vnet1 contains an HDInsight service t1, which isn't supported for migration."
      ]
    ),
    "CS-UNSUP-JIT-POLICIES": (
      .warning,
      [
        "Cloud service contoso has 1 JIT policy(ies): not supported; existing rules are dropped after migration."
      ]
    ),
    "CS-UNSUP-LEGACY-SIZE": (
      .error,
      [
        "Role Web uses the legacy size Small, which Cloud Services (extended support) doesn't support. Change it to Standard_A1_v2 before migration."
      ]
    ),
    "CS-UNSUP-LEGACY-SIZE-RENAMED": (
      .warning,
      [
        "Role Web uses the legacy size Small. The migration will complete, but the role size will be updated to Standard_A1_v2. There is no change in cost or SKU properties and the virtual machine will not be rebooted for this change."
      ]
    ),
    "CS-UNSUP-NONVNET-UNKNOWN": (
      .warning,
      [
        "Deployment contoso-prod in cloud service contoso names no virtual network. Deployments created before late 2018 aren't in any virtual network and can't be migrated; newer ones are in a hidden default virtual network and move to Azure Resource Manager under a virtual network with prefix of \"DefaultNetwork\"."
      ]
    ),
    "CS-UNSUP-PAAS-AND-IAAS": (
      .error,
      [
        "Virtual network vnet1 contains both PaaS and IaaS deployments (virtual machines t1)."
      ]
    ),
    "CS-UNSUP-PEERING": (
      .error,
      [
        "Virtual network vnet1 is peered with hub (peering p)."
      ]
    ),
    "CS-UNSUP-QUOTA-UNKNOWN": (
      .warning,
      [
        "No Azure Resource Manager core quota is known for region West Europe. Quota isn't migrated."
      ]
    ),
    "CS-UNSUP-RBAC": (
      .warning,
      [
        "Role assignment Reader for p on /x/contoso refers to a classic resource; its URI changes from Microsoft.ClassicCompute to Microsoft.Compute."
      ]
    ),
    "CS-UNSUP-RDP-PLUGIN-AND-EXTENSION": (
      .error,
      [
        "Role Web imports the remote desktop plugin and has the remote desktop extension RDP-web."
      ]
    ),
    "CS-UNSUP-TWO-SLOTS-DIFFERENT-VNET": (
      .error,
      [
        "The production and staging deployments of cloud service contoso are in different virtual networks (vnet1, vnet2)."
      ]
    ),
    "CS-UNSUP-TWO-SLOTS-RESERVED-IP": (
      .error,
      [
        "Cloud service contoso has production and staging deployments using reserved IP addresses; migrating such a cloud service isn't supported.",
        "Cloud service contoso has production and staging deployments using reserved IP addresses; migrating such a cloud service isn't supported.",
      ]
    ),
    "CS-UNSUP-VPN-GATEWAY": (
      .error,
      [
        "Virtual network vnet1 has a VPN gateway, which isn't available for migration."
      ]
    ),
  ]

  @Test func everyRuleHasItsText() {
    #expect(Set(Self.expected.keys) == Set(Catalogue.engine.rules.map(\.id)))
  }

  @Test(arguments: RuleTextTests.expected.keys.sorted())
  func triggerGivesTheFullText(ruleID: String) throws {
    let expected = try #require(Self.expected[ruleID])
    let pair = try #require(CataloguePairTests.allPairs[ruleID])
    let messages = try pair.trigger.report().validationMessages.filter { $0.ruleId == ruleID }
    #expect(messages.map(\.message) == expected.messages)
    #expect(messages.allSatisfy { $0.category == expected.category })
  }
}
