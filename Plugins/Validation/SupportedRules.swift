import EstateModel
import PluginAPI

/// Supported resources (§4.2) and supported scenarios (§4.3), as Information messages naming what will be
/// migrated and how.
enum SupportedRules {
  static func info(
    _ id: String, _ scope: ValidationScope, _ summary: String, _ template: String, source: String,
    docs: String = Docs.technical, example: String, revisions: [RulesRevision] = RulesRevision.allCases,
    evaluate: @escaping @Sendable (ValidationRuleInput) -> [ValidationHit]
  ) -> ValidationRule {
    ValidationRule(
      id: id, scope: scope, severity: .information, summary: summary, messageTemplate: template,
      fix: "No action needed before migration.", docs: docs, revisions: revisions, sources: [source],
      example: example, evaluate: evaluate)
  }

  static let resources: [ValidationRule] = [
    info(
      "CS-SUP-DEPLOYMENT", .deployment, "The deployment and its roles migrate as one Cloud Service (extended support).",
      "Deployment {deployment} of cloud service {service} with {count} role(s) ({roles}) is migrated to Cloud "
        + "Service (extended support) {service} in resource group {resourceGroup}.",
      source: "4.2: Deployments using single or multiple roles", docs: Docs.translation, example: "Any deployment."
    ) { input in
      input.deployments.map { scoped in
        let roles = scoped.deployment.roles.map(\.name)
        return Hit.deployment(
          scoped,
          [
            "count": String(roles.count), "roles": roles.joined(separator: ", "),
            "resourceGroup": PlatformNames.serviceResourceGroup(scoped.service.name),
          ])
      }
    },
    info(
      "CS-SUP-DNS-NAME", .deployment, "The DNS name stays the same.",
      "The DNS name {service}.cloudapp.net of deployment {deployment} remains the same after migration.",
      source: "4.2: DNS Name", example: "Any deployment."
    ) { input in input.deployments.map { Hit.deployment($0) } },
    info(
      "CS-SUP-VIRTUAL-NETWORK", .virtualNetwork, "The classic VNet migrates with its subnets.",
      "Virtual network {vnet} is migrated with its {count} subnet(s) to resource group {resourceGroup}.",
      source: "4.2: Virtual Networks (Azure Batch not supported)", example: "<VirtualNetworkSite name=\"vnet1\">"
    ) { input in
      input.virtualNetworks.map {
        Hit.network(
          $0,
          [
            "count": String($0.subnets.count), "resourceGroup": PlatformNames.virtualNetworkResourceGroup($0.name),
          ])
      }
    },
    info(
      "CS-SUP-NSG", .virtualNetwork, "Network security groups bound to subnets are cloned.",
      "Network security group {nsg} on subnet {subnet} of virtual network {vnet} is cloned to Azure Resource Manager.",
      source: "4.2: Network Security Groups", example: "A subnet bound to an NSG."
    ) { input in
      input.virtualNetworks.flatMap { network in
        network.subnets.compactMap { subnet in
          subnet.networkSecurityGroup.map { Hit.network(network, ["nsg": $0, "subnet": subnet.name]) }
        }
      }
    },
    info(
      "CS-SUP-ROUTE-TABLE", .virtualNetwork, "User-defined routes bound to subnets are cloned.",
      "Route table {table} on subnet {subnet} of virtual network {vnet} is cloned to Azure Resource Manager.",
      source: "4.2: User Defined Routes", example: "A subnet bound to a route table."
    ) { input in
      input.virtualNetworks.flatMap { network in
        network.subnets.compactMap { subnet in
          subnet.routeTable.map { Hit.network(network, ["table": $0, "subnet": subnet.name]) }
        }
      }
    },
    info(
      "CS-SUP-RESERVED-IP", .deployment, "Reserved IPs become static public IPs.",
      "Reserved IP {reservedIP} of deployment {deployment} is migrated as a static Basic public IP address {reservedIP}.",
      source: "4.2: Reserved Public IP addresses", example: "<ReservedIP name=\"ip1\"/>"
    ) { input in
      input.deployments.flatMap { scoped in
        scoped.deployment.reservedIPNames.filter { !$0.allSatisfy(\.isWhitespace) }
          .map { Hit.deployment(scoped, ["reservedIP": $0]) }
      }
    },
    info(
      "CS-SUP-DYNAMIC-IP", .deployment, "A deployment without a reserved IP gets a dynamic public IP.",
      "Deployment {deployment} gets the dynamic Basic public IP address {service}ContractContract.",
      source: "4.2: Dynamic Public IP addresses", docs: Docs.translation, example: "An InputEndpoint, no ReservedIP."
    ) { input in
      input.deployments.filter { $0.deployment.reservedIPNames.isEmpty && $0.deployment.hasPublicEndpoint }
        .map { Hit.deployment($0) }
    },
    info(
      "CS-SUP-LOAD-BALANCER", .deployment, "The platform load balancer becomes a read-only Basic load balancer.",
      "The load balancer of deployment {deployment} is exposed as Basic load balancer LB-{service}.",
      source: "4.2: Basic load balancer", docs: Docs.translation, example: "An InputEndpoint."
    ) { input in input.deployments.filter { $0.deployment.hasPublicEndpoint }.map { Hit.deployment($0) } },
    info(
      "CS-SUP-INTERNAL-LOAD-BALANCER", .deployment, "Internal load balancers migrate.",
      "Internal load balancer {name} of deployment {deployment} is migrated.",
      source: "4.2: Internal load balancer", example: "<LoadBalancers><LoadBalancer name=\"ilb\">"
    ) { input in
      input.deployments.flatMap { scoped in
        (scoped.deployment.configuration?.network?.loadBalancers ?? [])
          .map { Hit.deployment(scoped, ["name": $0.name], location: $0.location) }
      }
    },
    info(
      "CS-SUP-ENDPOINT", .endpoint, "Input, instance input and internal endpoints migrate.",
      "{kind} {endpoint} of role {role} is migrated unchanged; it stays defined in the .csdef.",
      source: "4.2: Input, Instance Input, Internal Endpoints", example: "<InputEndpoint name=\"http\" .../>"
    ) { input in
      input.deployments.flatMap { scoped in
        scoped.endpoints.map { pair in
          var hit = Hit.role(
            scoped, pair.role, ["endpoint": pair.endpoint.name, "kind": pair.endpoint.kind.rawValue],
            location: pair.endpoint.location)
          hit.resourceType = "Endpoint"
          hit.resourceName = "\(pair.role.name)/\(pair.endpoint.name)"
          return hit
        }
      }
    },
    info(
      "CS-SUP-ENDPOINT-ACL", .deployment, "Endpoint access control lists migrate.",
      "Access control {acl} on endpoint {endpoint} of role {role} is migrated.",
      source: "4.2: Endpoint Access Control Lists",
      example: "<EndpointAcl role=\"Web\" endpoint=\"http\" accessControl=\"a\"/>"
    ) { input in
      input.deployments.flatMap { scoped in
        (scoped.deployment.configuration?.network?.endpointAcls ?? []).map {
          Hit.deployment(
            scoped, ["acl": $0.accessControl, "endpoint": $0.endpoint, "role": $0.role], location: $0.location)
        }
      }
    },
    info(
      "CS-SUP-NETWORK-TRAFFIC-RULES", .deployment, "Network traffic rules migrate.",
      "The {count} network traffic rule(s) of deployment {deployment} are migrated.",
      source: "4.2: Network Traffic Rules", example: "<NetworkTrafficRules><OnlyAllowTrafficTo>..."
    ) { input in
      input.deployments.compactMap { scoped in
        guard let rules = scoped.deployment.definition?.networkTrafficRules, !rules.isEmpty else { return nil }
        return Hit.deployment(scoped, ["count": String(rules.count)], location: rules.first?.location)
      }
    },
    info(
      "CS-SUP-CERTIFICATES", .certificate, "Certificates move to a new Key Vault.",
      "Certificate {certificate} of role {role} is moved to the Key Vault KV-{service} as a secret.",
      source: "4.2: Certificate migration to key vault", docs: Docs.translation,
      example: "<Certificate name=\"ssl\" thumbprint=\"...\"/>"
    ) { input in
      input.roles.flatMap { pair in
        (pair.role.configuration?.certificates ?? []).map { certificate in
          var hit = Hit.role(
            pair.deployment, pair.role, ["certificate": certificate.name], location: certificate.location)
          hit.resourceType = "Certificate"
          hit.resourceName = "\(pair.role.name)/\(certificate.name)"
          return hit
        }
      }
    },
    info(
      "CS-SUP-PLUGINS-EXTENSIONS", .extension, "Plugins and enabled extensions migrate.",
      "Role {role} has {plugins} plugin(s) and {extensions} enabled extension(s); they are migrated (plugins are "
        + "legacy and should be removed).",
      source: "4.2: Plugins and Extension (XML and JSON based)", example: "<Import moduleName=\"Diagnostics\"/>"
    ) { input in
      input.roles.compactMap { pair in
        let plugins = pair.role.definition?.imports.count ?? 0
        let extensions = (pair.role.extensions + pair.deployment.deployment.allRoleExtensions).filter(\.enabled).count
        guard plugins + extensions > 0 else { return nil }
        return Hit.role(pair.deployment, pair.role, ["plugins": String(plugins), "extensions": String(extensions)])
      }
    },
    info(
      "CS-SUP-STARTUP-TASKS", .role, "Startup tasks migrate.",
      "The {count} startup task(s) of role {role} are migrated unchanged.",
      source: "4.2: On Start / On Stop Tasks", example: "<Startup><Task commandLine=\"setup.cmd\"/></Startup>"
    ) { input in
      input.roles.compactMap { pair in
        guard let tasks = pair.role.definition?.startupTasks, !tasks.isEmpty else { return nil }
        return Hit.role(pair.deployment, pair.role, ["count": String(tasks.count)], location: tasks.first?.location)
      }
    },
    info(
      "CS-SUP-ACCELERATED-NETWORKING", .role, "Sizes with accelerated networking migrate as they are.",
      "Role {role} uses size {size}, which supports accelerated networking; deployments with accelerated networking "
        + "are supported.",
      source: "4.2: Deployments with Accelerated Networking", example: "<WebRole vmsize=\"Standard_D4_v2\">"
    ) { input in
      input.roles.compactMap { pair in
        guard case .modern(let size) = RoleSizeMap.mapping(for: pair.role.vmSize),
          ["standard_d", "standard_e", "standard_f"].contains(where: { size.lowercased().hasPrefix($0) }),
          SizeCores.cores(of: size) >= 2
        else { return nil }
        return Hit.role(pair.deployment, pair.role, ["size": size])
      }
    },
    info(
      "CS-SUP-STORAGE-ACCOUNT", .role, "Storage accounts referenced by settings are migrated separately.",
      "Role {role} setting {setting} refers to storage account {account}, which is migrated on its own "
        + "(Move-AzureStorageAccount).",
      source: "4.2: Storage Accounts", example: "<Setting name=\"Storage\" value=\"...;AccountName=acct;...\"/>"
    ) { input in
      input.roles.flatMap { pair in
        (pair.role.configuration?.settings ?? []).compactMap { setting in
          guard let account = storageAccount(in: setting.value.text) else { return nil }
          return Hit.role(
            pair.deployment, pair.role, ["setting": setting.name, "account": account],
            location: setting.location)
        }
      }
    },
  ]

  /// The `AccountName=` of a storage connection string, if the text is one.
  static func storageAccount(in text: String) -> String? {
    for part in text.split(separator: ";") {
      let pair = part.split(separator: "=", maxSplits: 1)
      if pair.count == 2, pair[0].lowercased() == "accountname" { return String(pair[1]) }
    }
    return nil
  }
}
