/// Reads classic network configuration (`.netcfg`) files and the body of ASM Get Network Configuration.
enum NetcfgParser {
  /// The NetworkConfiguration namespace.
  static let namespace = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"

  /// The allowed structure.
  static let shape = XMLShape(
    namespace: namespace, root: "NetworkConfiguration",
    children: [
      "NetworkConfiguration": ["VirtualNetworkConfiguration"],
      "VirtualNetworkConfiguration": ["Dns", "LocalNetworkSites", "VirtualNetworkSites"],
      "Dns": ["DnsServers"], "DnsServers": ["DnsServer"], "DnsServer": [],
      "LocalNetworkSites": ["LocalNetworkSite"], "LocalNetworkSite": ["AddressSpace", "VPNGatewayAddress"],
      "AddressSpace": ["AddressPrefix"], "AddressPrefix": [], "VPNGatewayAddress": [],
      "VirtualNetworkSites": ["VirtualNetworkSite"],
      "VirtualNetworkSite": ["AddressSpace", "Subnets", "DnsServersRef", "Gateway"],
      "Subnets": ["Subnet"], "Subnet": ["AddressPrefix"], "DnsServersRef": ["DnsServerRef"], "DnsServerRef": [],
      "Gateway": ["ConnectionsToLocalNetwork", "VPNClientAddressPool", "Profile"],
      "ConnectionsToLocalNetwork": ["LocalNetworkSiteRef"], "LocalNetworkSiteRef": ["Connection"],
      "Connection": [], "VPNClientAddressPool": ["AddressPrefix"], "Profile": [],
    ])

  /// Interprets a parsed tree; nil when the root is not `NetworkConfiguration`.
  static func parse(_ root: XMLNode, context: inout XMLReadContext) -> NetworkConfiguration? {
    guard shape.check(root, into: &context) else { return nil }
    let body = root.child("VirtualNetworkConfiguration")
    var configuration = NetworkConfiguration(location: context.location(root))
    configuration.dnsServers = (body?.child("Dns")?.grandchildren("DnsServers", "DnsServer") ?? []).map {
      DnsServer(
        name: context.name(of: $0), address: context.attribute("IPAddress", of: $0, required: true),
        location: context.location($0))
    }
    configuration.localNetworkSites = (body?.grandchildren("LocalNetworkSites", "LocalNetworkSite") ?? []).map {
      LocalNetworkSite(
        name: context.name(of: $0), addressPrefixes: prefixes($0.child("AddressSpace")),
        vpnGatewayAddress: $0.childText("VPNGatewayAddress"), location: context.location($0))
    }
    let dnsByName = Dictionary(configuration.dnsServers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    configuration.virtualNetworks = (body?.grandchildren("VirtualNetworkSites", "VirtualNetworkSite") ?? []).map {
      site($0, dnsByName: dnsByName, &context)
    }
    return configuration
  }

  private static func prefixes(_ node: XMLNode?) -> [String] {
    (node?.children("AddressPrefix") ?? []).map(\.trimmedText).filter { !$0.isEmpty }
  }

  private static func site(
    _ node: XMLNode, dnsByName: [String: DnsServer], _ context: inout XMLReadContext
  ) -> VirtualNetwork {
    var network = VirtualNetwork(name: context.name(of: node), location: context.location(node))
    network.region = node.attributes["Location"]
    network.affinityGroup = node.attributes["AffinityGroup"]
    network.addressPrefixes = prefixes(node.child("AddressSpace"))
    network.subnets = node.grandchildren("Subnets", "Subnet").map {
      Subnet(name: context.name(of: $0), addressPrefix: $0.childText("AddressPrefix"), location: context.location($0))
    }
    network.dnsServers = node.grandchildren("DnsServersRef", "DnsServerRef").map { reference in
      let name = context.name(of: reference)
      if let known = dnsByName[name] { return known }
      context.report(
        .warning, "unknown-dns-server", "DNS server '\(name)' is not declared in <Dns>", at: reference)
      return DnsServer(name: name, location: context.location(reference))
    }
    network.gateway = node.child("Gateway").map { gateway($0, &context) }
    return network
  }

  private static func gateway(_ node: XMLNode, _ context: inout XMLReadContext) -> Gateway {
    let connections = node.grandchildren("ConnectionsToLocalNetwork", "LocalNetworkSiteRef").map {
      GatewayConnection(
        target: context.name(of: $0), connectionType: $0.child("Connection")?.attributes["type"],
        location: context.location($0))
    }
    let clientPool = prefixes(node.child("VPNClientAddressPool"))
    let type: GatewayType
    if connections.contains(where: { $0.connectionType?.lowercased() == "dedicated" }) {
      type = .expressRoute
    } else if !connections.isEmpty || !clientPool.isEmpty {
      type = .vpn
    } else {
      type = .unknown
    }
    return Gateway(
      type: type, sku: node.childText("Profile"), vpnClientAddressPrefixes: clientPool, connections: connections,
      location: context.location(node))
  }
}
