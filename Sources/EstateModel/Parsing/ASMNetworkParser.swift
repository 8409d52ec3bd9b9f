/// Reads ASM reserved IP and virtual network site listings.
enum ASMNetworkParser {
  static func reservedIP(_ node: XMLNode, _ context: inout XMLReadContext) -> ReservedIP {
    let name = node.childText("Name") ?? ""
    if name.isEmpty {
      context.report(.error, "missing-element", "<ReservedIP> has no <Name>", at: node)
    }
    return ReservedIP(
      name: name, address: node.childText("Address"), id: node.childText("Id"), region: node.childText("Location"),
      state: node.childText("State"), label: node.childText("Label"),
      inUse: node.childText("InUse")?.lowercased() == "true", serviceName: node.childText("ServiceName"),
      deploymentName: node.childText("DeploymentName"), virtualIPName: node.childText("VirtualIPName"),
      location: context.location(node))
  }

  static func sites(_ root: XMLNode, _ context: inout XMLReadContext) -> NetworkConfiguration {
    var configuration = NetworkConfiguration(location: context.location(root))
    for node in root.children("VirtualNetworkSite") {
      var network = VirtualNetwork(name: node.childText("Name") ?? "", location: context.location(node))
      network.id = node.childText("Id")
      network.state = node.childText("State")
      network.region = node.childText("Location")
      network.affinityGroup = node.childText("AffinityGroup")
      network.addressPrefixes = prefixes(node.child("AddressSpace"))
      network.subnets = node.grandchildren("Subnets", "Subnet").map {
        Subnet(
          name: $0.childText("Name") ?? "", addressPrefix: $0.childText("AddressPrefix"),
          networkSecurityGroup: $0.childText("NetworkSecurityGroup"), location: context.location($0))
      }
      network.dnsServers = (node.child("Dns")?.grandchildren("DnsServers", "DnsServer") ?? []).map {
        DnsServer(name: $0.childText("Name") ?? "", address: $0.childText("Address"), location: context.location($0))
      }
      if let gatewayNode = node.child("Gateway") {
        let sites = gatewayNode.grandchildren("Sites", "LocalNetworkSite")
        configuration.localNetworkSites += sites.map {
          LocalNetworkSite(
            name: $0.childText("Name") ?? "", addressPrefixes: prefixes($0.child("AddressSpace")),
            vpnGatewayAddress: $0.childText("VpnGatewayAddress"), location: context.location($0))
        }
        let connections = sites.map {
          GatewayConnection(
            target: $0.childText("Name") ?? "", connectionType: $0.text(at: ["Connections", "Connection", "Type"]),
            location: context.location($0))
        }
        let dedicated = connections.contains { $0.connectionType?.lowercased() == "dedicated" }
        network.gateway = Gateway(
          type: dedicated ? .expressRoute : (connections.isEmpty ? .unknown : .vpn),
          sku: gatewayNode.childText("Profile"), connections: connections, location: context.location(gatewayNode))
      }
      configuration.virtualNetworks.append(network)
    }
    return configuration
  }

  private static func prefixes(_ addressSpace: XMLNode?) -> [String] {
    (addressSpace?.grandchildren("AddressPrefixes", "AddressPrefix") ?? []).map(\.trimmedText)
  }
}
