/// Reads the `NetworkConfiguration` section of a `.cscfg`.
enum CscfgNetworkParser {
  static func parse(_ node: XMLNode, _ context: inout XMLReadContext) -> ConfigurationNetwork {
    var network = ConfigurationNetwork(location: context.location(node))
    network.accessControls = node.grandchildren("AccessControls", "AccessControl").map { acl in
      let rules = acl.children("Rule").map {
        AccessControlRule(
          order: context.integer("order", of: $0), action: $0.attributes["action"],
          remoteSubnet: $0.attributes["remoteSubnet"], description: $0.attributes["description"],
          location: context.location($0))
      }
      return AccessControl(name: context.name(of: acl), rules: rules, location: context.location(acl))
    }
    network.endpointAcls = node.grandchildren("EndpointAcls", "EndpointAcl").map {
      let endpoint = $0.attributes["endpoint"] ?? $0.attributes["endPoint"]
      if endpoint == nil {
        context.report(.error, "missing-attribute", "<EndpointAcl> has no 'endpoint' attribute", at: $0)
      }
      return EndpointAcl(
        role: context.name(of: $0, attribute: "role"), endpoint: endpoint ?? "",
        accessControl: context.name(of: $0, attribute: "accessControl"), location: context.location($0))
    }
    network.dnsServers = (node.child("Dns")?.grandchildren("DnsServers", "DnsServer") ?? []).map {
      DnsServer(
        name: context.name(of: $0), address: context.attribute("IPAddress", of: $0, required: true),
        location: context.location($0))
    }
    if let site = node.child("VirtualNetworkSite") {
      network.virtualNetworkSite = context.name(of: site)
    }
    let assignments = node.child("AddressAssignments")
    network.instanceAddresses = (assignments?.children("InstanceAddress") ?? []).map {
      InstanceAddress(
        roleName: context.name(of: $0, attribute: "roleName"),
        subnets: $0.grandchildren("Subnets", "Subnet").map { context.name(of: $0) },
        publicIPs: $0.grandchildren("PublicIPs", "PublicIP").map { context.name(of: $0) },
        location: context.location($0))
    }
    network.reservedIPs = (assignments?.grandchildren("ReservedIPs", "ReservedIP") ?? []).map {
      ReservedIPAssignment(
        name: context.name(of: $0), virtualIPName: $0.attributes["virtualIpName"], location: context.location($0))
    }
    network.virtualIPs = (assignments?.grandchildren("VirtualIPs", "VirtualIP") ?? []).map { vip in
      let endpoints = vip.grandchildren("Endpoints", "Endpoint").map {
        RoleEndpointRef(roleName: context.name(of: $0, attribute: "role"), endpointName: context.name(of: $0))
      }
      return VirtualIPDeclaration(
        name: context.name(of: vip), ipVersion: vip.attributes["ipVersion"], endpoints: endpoints,
        location: context.location(vip))
    }
    network.loadBalancers = node.grandchildren("LoadBalancers", "LoadBalancer").map {
      let frontend = $0.child("FrontendIPConfiguration")
      return InternalLoadBalancer(
        name: context.name(of: $0), frontendType: frontend?.attributes["type"],
        subnet: frontend?.attributes["subnet"], staticAddress: frontend?.attributes["staticVirtualNetworkIPAddress"],
        location: context.location($0))
    }
    return network
  }
}
