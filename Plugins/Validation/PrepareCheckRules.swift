import EstateModel
import PluginAPI

/// The checks the platform runs only at Prepare (the deep-dive's "networking checks not in the validate
/// operation"): ARM networking quotas, load-balancer rules across the deployment and the network, and
/// conflicting private IPs. Both ExpressRoute and VPN gateways on one network, and disconnected gateway
/// connections, are the Gateways plugin's; classic ExpressRoute circuits are ``UnsupportedRules``'.
enum PrepareCheckRules {
  static let deepDive =
    "https://learn.microsoft.com/azure/virtual-machines/migration-classic-resource-manager-deep-dive"

  static let all: [ValidationRule] = [networkQuota, loadBalancerRules, privateIPConflicts]

  // MARK: - Networking quota

  /// The ARM networking resources the target creates, by the quota names the estate document uses.
  static func networkingNeeds(_ input: ValidationRuleInput) -> [String: [String: Int]] {
    var needs: [String: [String: Int]] = [:]
    func add(_ region: String?, _ resource: String, _ count: Int) {
      guard let region, count > 0 else { return }
      needs[region.lowercased(), default: [:]][resource.lowercased(), default: 0].saturatingAdd(count)
    }
    for scoped in input.deployments {
      let region = input.region(of: scoped.service)
      let reserved = scoped.deployment.reservedIPNames.filter { !$0.isEmpty }.count
      let declared = scoped.deployment.configuration?.network?.virtualIPs.count ?? 0
      add(region, "publicIPAddresses", max(1, declared))
      add(region, "staticPublicIPAddresses", reserved)
      add(region, "loadBalancers", 1 + (scoped.deployment.configuration?.network?.loadBalancers.count ?? 0))
      add(region, "networkInterfaces", scoped.deployment.roles.saturatingSum { max($0.instanceCount ?? 1, 1) })
    }
    for network in input.virtualNetworks {
      add(network.region, "networkSecurityGroups", Set(network.subnets.compactMap(\.networkSecurityGroup)).count)
      add(network.region, "routeTables", Set(network.subnets.compactMap(\.routeTable)).count)
    }
    return needs
  }

  static let networkQuota = ValidationRule(
    id: "CS-PREP-NETWORK-QUOTA", scope: .estate, severity: .error,
    summary: "The ARM networking quota in the region cannot hold the migrated resources (checked at Prepare).",
    messageTemplate: "The current quota for {resource} in Azure Resource Manager is insufficient to complete "
      + "migration. Current quota is {current}, additional needed is {needed}. File a support request to raise "
      + "the quota and retry migration once the quota raises.",
    platformDefined: true,
    fix: "Abort the migration, request a quota increase for networking resources, and prepare again once the "
      + "quota is raised.",
    docs: deepDive, phase: .prepare,
    sources: ["1.2: Azure Resource Manager quota checks for networking resources", "3.1"],
    example: "quotas [{\"region\": \"West Europe\", \"resource\": \"publicIPAddresses\", \"limit\": 10, \"used\": 10}]"
  ) { input in
    let needs = networkingNeeds(input)
    return input.estate.quotas.compactMap { quota in
      let want = needs[quota.region.lowercased()]?[quota.resource.lowercased()] ?? 0
      let missing = want.saturatingSubtracting(quota.limit.saturatingSubtracting(quota.used))
      guard want > 0, missing > 0 else { return nil }
      return ValidationHit(
        resourceType: "Quota", resourceName: "\(quota.region)/\(quota.resource)",
        values: ["resource": quota.resource, "current": String(quota.limit), "needed": String(missing)])
    }
  }

  // MARK: - Load-balancer rules

  /// Why the load-balancer rules of one deployment are not valid, one reason per problem.
  static func loadBalancerProblems(_ scoped: ScopedDeployment, in input: ValidationRuleInput)
    -> [(rule: String, reason: String, location: SourceLocation?)]
  {
    var problems: [(String, String, SourceLocation?)] = []
    let probes = Set((scoped.deployment.definition?.loadBalancerProbes ?? []).map { $0.name.lowercased() })
    var owners: [String: String] = [:]
    for role in scoped.deployment.roles {
      for endpoint in role.definition?.endpoints ?? [] where endpoint.kind == .input {
        let rule = "\(role.name)/\(endpoint.name)"
        if let port = endpoint.port {
          let key = "\((endpoint.protocol ?? "tcp").lowercased() == "udp" ? "udp" : "tcp"):\(port)"
          if let other = owners[key] {
            problems.append((rule, "it uses public port \(port), which \(other) already uses", endpoint.location))
          } else {
            owners[key] = rule
          }
        }
        if let probe = endpoint.loadBalancerProbe, !probes.contains(probe.lowercased()) {
          problems.append((rule, "its probe \(probe) is not defined in the service definition", endpoint.location))
        }
      }
    }
    let subnets = Set(
      scoped.virtualNetworkName.flatMap { input.virtualNetwork(named: $0) }?.subnets.map { $0.name.lowercased() }
        ?? [])
    for balancer in scoped.deployment.configuration?.network?.loadBalancers ?? [] {
      if let subnet = balancer.subnet, !subnets.contains(subnet.lowercased()) {
        problems.append(
          (balancer.name, "its frontend subnet \(subnet) is not in the deployment's virtual network", balancer.location)
        )
      }
    }
    return problems
  }

  static let loadBalancerRules = ValidationRule(
    id: "CS-PREP-LOAD-BALANCER-RULES", scope: .deployment, severity: .error,
    summary:
      "Every load-balancer rule must be valid across the deployment and the virtual network (checked at Prepare).",
    messageTemplate: "Load balancer rule {rule} of deployment {deployment} in HostedService {service} is not valid: "
      + "{reason}.",
    fix: "Give every input endpoint its own public port per protocol, define every probe an endpoint names, and "
      + "place internal load balancers on a subnet of the deployment's virtual network; then redeploy and retry.",
    docs: deepDive, phase: .prepare,
    sources: ["1.2: All load balancer rules are valid across deployment and the virtual network."],
    example: "two InputEndpoints with protocol tcp and port 443 in one deployment"
  ) { input in
    input.deployments.flatMap { scoped in
      loadBalancerProblems(scoped, in: input).map { problem in
        Hit.deployment(scoped, ["rule": problem.rule, "reason": problem.reason], location: problem.location)
      }
    }
  }

  // MARK: - Private IPs

  static let privateIPConflicts = ValidationRule(
    id: "CS-PREP-PRIVATE-IP-CONFLICT", scope: .virtualNetwork, severity: .error,
    summary: "Two resources in one virtual network hold the same private IP address (checked at Prepare).",
    messageTemplate: "The private IP address {address} in virtual network {vnet} is held by both {first} and "
      + "{second}.",
    fix: "Give each role instance and internal load balancer its own private address (redeploy, or change the "
      + "static address in the .cscfg), then retry the migration.",
    docs: deepDive, phase: .prepare,
    sources: ["1.2: Conflicting private IPs between stop-deallocated VMs in the same virtual network."],
    example: "two internal load balancers with staticVirtualNetworkIPAddress 10.0.0.10 in one network"
  ) { input in
    input.scopedNetworkNames.flatMap { network -> [ValidationHit] in
      var holders: [String: String] = [:]
      var hits: [ValidationHit] = []
      for scoped in input.deployments(inVirtualNetwork: network) {
        var addresses: [(String, String)] = []
        for role in scoped.deployment.roles {
          for instance in role.instances {
            if let address = instance.ipAddress {
              addresses.append((address, "\(scoped.deploymentName)/\(instance.name)"))
            }
          }
        }
        for balancer in scoped.deployment.configuration?.network?.loadBalancers ?? [] {
          if let address = balancer.staticAddress {
            addresses.append((address, "\(scoped.deploymentName)/\(balancer.name)"))
          }
        }
        for (address, holder) in addresses {
          if let first = holders[address] {
            hits.append(
              ValidationHit(
                resourceType: "VirtualNetwork", resourceName: network,
                values: ["address": address, "vnet": network, "first": first, "second": holder],
                location: input.virtualNetwork(named: network)?.location))
          } else {
            holders[address] = holder
          }
        }
      }
      return hits
    }
  }
}
