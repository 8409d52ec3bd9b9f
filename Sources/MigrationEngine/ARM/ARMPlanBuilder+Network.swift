import EstateModel
import PluginAPI

/// The network side of a deployment after mapping: where its VNet is and which subnet each role uses.
struct MappedNetwork {
  var virtualNetworkID: String
  var virtualNetworkName: String
  var resourceGroup: String
  var location: String
  var roleSubnets: [String: String]
  var classic: VirtualNetwork?
}

extension ARMPlanBuilder {
  /// Maps the deployment's VNet (named or default), its subnets, NSGs and route tables.
  mutating func mapNetwork(service: CloudService, deployment: Deployment) -> MappedNetwork {
    let membership = MigrationTarget.membership(of: deployment)
    var classic: VirtualNetwork?
    let platformName: String
    let group: String
    let kind: String
    switch membership {
    case .named(let name):
      classic =
        estate.virtualNetworks.first { $0.name == name }
        ?? estate.virtualNetworks.first { PlatformNames.virtualNetwork($0.name) == PlatformNames.virtualNetwork(name) }
      platformName = PlatformNames.virtualNetwork(classic?.name ?? name)
      group = armName(PlatformNames.virtualNetworkResourceGroup(classic?.name ?? name), type: ARMType.resourceGroup)
      kind = "virtualNetwork"
      if classic == nil {
        plan.findings.append(
          ARMFinding(
            .error, "arm.vnet-unknown",
            "The deployment names the virtual network \(name), which neither the estate's .netcfg nor an ASM "
              + "export describes; its address space is unknown, so the template leaves it out. Add the network "
              + "configuration to the estate."))
      }
    case .hiddenDefault, .none:
      let rdfe = membership == .none && options.effectiveRevision == .current2024
      platformName =
        rdfe ? PlatformNames.rdfeVirtualNetwork(service.name) : PlatformNames.defaultVirtualNetwork(service.name)
      group = armName(PlatformNames.serviceResourceGroup(service.name), type: ARMType.resourceGroup)
      kind = "defaultVirtualNetwork"
      classic = VirtualNetwork(
        name: platformName, addressPrefixes: ["10.0.0.0/16"],
        subnets: [Subnet(name: "default", addressPrefix: "10.0.0.0/24")])
      plan.findings.append(
        ARMFinding(
          .info, "arm.default-vnet",
          "The deployment is in the platform's hidden default network; \(platformName) gets placeholder addresses "
            + "10.0.0.0/16 with one subnet named default."))
    }
    let name = armName(platformName, type: ARMType.virtualNetwork)
    let location =
      self.location(service: service, network: kind == "virtualNetwork" ? classic : nil)
      ?? {
        plan.findings.append(
          ARMFinding(.error, "arm.no-location", "No region is known for \(service.name); give options.location."))
        return "unknown"
      }()
    plan.addResourceGroup(
      ARMResourceGroup(
        name: group, location: location,
        source: ARMClassicSource(kind: kind, name: classic?.name ?? platformName, location: classic?.location)))
    let vnetID = id(ARMType.virtualNetwork, name, in: group)
    if classic != nil, plan.index(ofType: ARMType.virtualNetwork, named: name) == nil {
      plan.upsert(virtualNetworkResource(classic: classic, name: name, group: group, location: location, kind: kind))
    }
    var roleSubnets: [String: String] = [:]
    let fallback =
      deployment.roles.lazy.compactMap(\.subnets.first).first
      ?? classic?.subnets.first { $0.name != "GatewaySubnet" }?.name ?? "default"
    for role in deployment.roles {
      roleSubnets[role.name] = role.subnets.first ?? fallback
    }
    return MappedNetwork(
      virtualNetworkID: vnetID, virtualNetworkName: name, resourceGroup: group, location: location,
      roleSubnets: roleSubnets, classic: classic)
  }

  /// The VNet resource with subnets, DNS servers and subnet bindings; NSGs and route tables are added too.
  mutating func virtualNetworkResource(
    classic: VirtualNetwork?, name: String, group: String, location: String, kind: String
  ) -> ARMResource {
    var properties: ARMValue = [
      "addressSpace": ["addressPrefixes": .array((classic?.addressPrefixes ?? []).map { .string($0) })]
    ]
    let dns = (classic?.dnsServers ?? []).compactMap { server in
      server.address ?? estate.dnsServers.first { $0.name == server.name }?.address
    }
    if !dns.isEmpty { properties["dhcpOptions"] = ["dnsServers": .array(dns.map { .string($0) })] }
    var dependsOn: [String] = []
    var subnets: [ARMValue] = []
    for subnet in classic?.subnets ?? [] {
      var subnetProperties: ARMValue = ["addressPrefix": .string(subnet.addressPrefix ?? "")]
      let classicName = classic?.name ?? name
      if let nsg = bound(estate.networkSecurityGroups.map { ($0.name, $0.bindings) }, subnet: subnet, vnet: classicName)
        ?? subnet.networkSecurityGroup
      {
        let nsgID = mapSecurityGroup(nsg, group: group, location: location)
        subnetProperties["networkSecurityGroup"] = ["id": .string(nsgID)]
        dependsOn.append(nsgID)
      }
      if let table = bound(estate.routeTables.map { ($0.name, $0.bindings) }, subnet: subnet, vnet: classicName)
        ?? subnet.routeTable
      {
        let tableID = mapRouteTable(table, group: group, location: location)
        subnetProperties["routeTable"] = ["id": .string(tableID)]
        dependsOn.append(tableID)
      }
      subnets.append(["name": .string(subnet.name), "properties": subnetProperties])
    }
    properties["subnets"] = .array(subnets)
    return ARMResource(
      subscriptionID: subscriptionID, type: ARMType.virtualNetwork,
      apiVersion: ARMType.apiVersion(ARMType.virtualNetwork), name: name, resourceGroup: group, location: location,
      properties: properties, dependsOn: dependsOn,
      source: ARMClassicSource(kind: kind, name: classic?.name ?? name, location: classic?.location))
  }

  /// The name of the NSG or route table bound to a subnet, if any.
  func bound(_ items: [(String, [NetworkBinding])], subnet: Subnet, vnet: String) -> String? {
    items.sorted { $0.0 < $1.0 }.first { _, bindings in
      bindings.contains { $0.virtualNetwork == vnet && $0.subnet == subnet.name }
    }?.0
  }

  /// Adds an NSG (cloned with its rules) and returns its ID.
  mutating func mapSecurityGroup(_ classicName: String, group: String, location: String) -> String {
    let name = armName(classicName, type: ARMType.networkSecurityGroup)
    let nsgID = id(ARMType.networkSecurityGroup, name, in: group)
    let classic = estate.networkSecurityGroups.first { $0.name == classicName }
    let rules: [ARMValue] = (classic?.rules ?? []).map { rule in
      let ruleProperties: ARMValue = [
        "priority": .int(rule.priority ?? 4096),
        "direction": .string(rule.direction ?? "Inbound"),
        "access": .string(rule.action ?? "Allow"),
        "protocol": .string(Self.armProtocol(rule.protocol)),
        "sourceAddressPrefix": .string(rule.sourceAddressPrefix ?? "*"),
        "sourcePortRange": .string(rule.sourcePortRange ?? "*"),
        "destinationAddressPrefix": .string(rule.destinationAddressPrefix ?? "*"),
        "destinationPortRange": .string(rule.destinationPortRange ?? "*"),
      ]
      return ["name": .string(rule.name), "properties": ruleProperties]
    }
    plan.upsert(
      ARMResource(
        subscriptionID: subscriptionID, type: ARMType.networkSecurityGroup,
        apiVersion: ARMType.apiVersion(ARMType.networkSecurityGroup), name: name, resourceGroup: group,
        location: location, properties: ["securityRules": .array(rules)],
        source: ARMClassicSource(kind: "networkSecurityGroup", name: classicName)))
    return nsgID
  }

  /// Adds a route table (cloned with its routes) and returns its ID.
  mutating func mapRouteTable(_ classicName: String, group: String, location: String) -> String {
    let name = armName(classicName, type: ARMType.routeTable)
    let tableID = id(ARMType.routeTable, name, in: group)
    let classic = estate.routeTables.first { $0.name == classicName }
    let routes: [ARMValue] = (classic?.routes ?? []).map { route in
      var routeProperties: ARMValue = [
        "addressPrefix": .string(route.addressPrefix), "nextHopType": .string(route.nextHopType),
      ]
      if let hop = route.nextHopAddress { routeProperties["nextHopIpAddress"] = .string(hop) }
      return ["name": .string(route.name), "properties": routeProperties]
    }
    plan.upsert(
      ARMResource(
        subscriptionID: subscriptionID, type: ARMType.routeTable, apiVersion: ARMType.apiVersion(ARMType.routeTable),
        name: name, resourceGroup: group, location: location, properties: ["routes": .array(routes)],
        source: ARMClassicSource(kind: "routeTable", name: classicName)))
    return tableID
  }

  /// ARM's spelling of a classic rule protocol.
  static func armProtocol(_ text: String?) -> String {
    switch text?.lowercased() {
    case "tcp": "Tcp"
    case "udp": "Udp"
    case "icmp": "Icmp"
    default: "*"
    }
  }
}
