import Foundation

extension EstateAssembler {
  /// Loads the `.netcfg` named by the document.
  mutating func loadNetwork(_ document: EstateDocument, into estate: inout Estate) {
    guard let reference = document.netcfg,
      case .asm(.networkConfiguration(let network))? = parse(reference, kind: .netcfg, field: "netcfg")
    else { return }
    add(network, to: &estate)
  }

  /// Loads one ASM export and merges what it holds.
  mutating func loadASMExport(_ path: String, field: String, into estate: inout Estate) {
    switch parseASM(path, field: field) {
    case .deployment(let deployment)?:
      let serviceName = Self.serviceName(fromURL: deployment.url) ?? deployment.name ?? "unknown"
      add([CloudService(name: serviceName, deployments: [deployment])], to: &estate)
    case .cloudServices(let services)?:
      add(services, to: &estate)
    case .reservedIPs(let reservedIPs)?:
      Self.appendNew(reservedIPs, to: &estate.reservedIPs, name: \.name)
    case .networkConfiguration(let network)?:
      add(network, to: &estate)
    case .notLoaded?, nil:
      break
    }
  }

  /// The DNS prefix of a `http://<service>.cloudapp.net/` URL.
  static func serviceName(fromURL url: String?) -> String? {
    guard let url, let host = URL(string: url)?.host, host.hasSuffix(".cloudapp.net") else { return nil }
    return host.split(separator: ".").first.map(String.init)
  }

  /// Adds services, merging each into the service of its name when there is one (found by hash lookup).
  private func add(_ services: [CloudService], to estate: inout Estate) {
    var positions = Self.positions(of: estate.cloudServices, name: \.name)
    for service in services {
      if let index = positions[service.name] {
        estate.cloudServices[index] = merged(estate.cloudServices[index], with: service)
      } else {
        positions[service.name] = estate.cloudServices.count
        estate.cloudServices.append(service)
      }
    }
  }

  /// The position of the first element of each name.
  static func positions<Element>(of list: [Element], name: (Element) -> String) -> [String: Int] {
    Dictionary(list.indices.map { (name(list[$0]), $0) }, uniquingKeysWith: { first, _ in first })
  }

  private func add(_ network: NetworkConfiguration, to estate: inout Estate) {
    Self.appendNew(network.dnsServers, to: &estate.dnsServers, name: \.name)
    Self.appendNew(network.localNetworkSites, to: &estate.localNetworkSites, name: \.name)
    Self.appendNew(network.virtualNetworks, to: &estate.virtualNetworks, name: \.name)
  }

  /// Appends the elements whose name neither `list` nor an earlier element holds: one hash lookup per element, so
  /// merging stays linear however many there are.
  static func appendNew<Element>(_ elements: [Element], to list: inout [Element], name: (Element) -> String) {
    var names = Set(list.map(name))
    for element in elements where names.insert(name(element)).inserted {
      list.append(element)
    }
  }

  /// Applies the document's facts: reserved IPs, gateways, NSGs, route tables, tenants and the rest.
  mutating func applyFacts(_ document: EstateDocument, to estate: inout Estate) {
    var reservedIPPositions = Self.positions(of: estate.reservedIPs, name: \.name)
    for reservedIP in document.reservedIPs {
      if let index = reservedIPPositions[reservedIP.name] {
        estate.reservedIPs[index] = reservedIP
      } else {
        reservedIPPositions[reservedIP.name] = estate.reservedIPs.count
        estate.reservedIPs.append(reservedIP)
      }
    }
    let vnets = Self.positions(of: estate.virtualNetworks, name: \.name)
    for (index, gateway) in document.gateways.enumerated() {
      guard let vnet = vnetIndex(gateway.virtualNetwork, in: vnets, field: "gateways[\(index)].virtualNetwork") else {
        continue
      }
      addGateway(gateway, to: &estate.virtualNetworks[vnet])
    }
    for (index, tenant) in document.vnetTenants.enumerated() {
      guard let vnet = vnetIndex(tenant.virtualNetwork, in: vnets, field: "vnetTenants[\(index)].virtualNetwork")
      else {
        continue
      }
      estate.virtualNetworks[vnet].tenants.append(
        VirtualNetworkTenant(kind: tenant.kind, name: tenant.name, subnet: tenant.subnet))
    }
    let subnets = estate.virtualNetworks.map { Self.positions(of: $0.subnets, name: \.name) }
    for group in document.networkSecurityGroups {
      for binding in group.bindings {
        bindSubnet(binding, in: &estate, vnets: vnets, subnets: subnets) { $0.networkSecurityGroup = group.name }
      }
    }
    for table in document.routeTables {
      for binding in table.bindings {
        bindSubnet(binding, in: &estate, vnets: vnets, subnets: subnets) { $0.routeTable = table.name }
      }
    }
    estate.networkSecurityGroups = document.networkSecurityGroups
    estate.routeTables = document.routeTables
    estate.expressRouteCircuits = document.expressRouteCircuits
    estate.nameConnectionsByCircuit()
    estate.virtualNetworkPeerings = document.peerings
    estate.quotas = document.quotas
    estate.jitPolicies = document.jitPolicies
    estate.rbacAssignments = document.rbacAssignments
    bindReservedIPs(in: &estate)
  }

  /// Gives each deployment that names no reserved IP the one a reserved IP fact (the document's list or an ASM
  /// export) says it uses, so that every rule and the ARM mapper see the reserved IP whichever fact told of it.
  ///
  /// A fact names the service and, optionally, the deployment; without a deployment name it means the production
  /// deployment. Names compare without regard to case, as the platform compares them.
  private func bindReservedIPs(in estate: inout Estate) {
    guard !estate.reservedIPs.isEmpty else { return }
    // The first service of each name, as a linear search would find it: one lookup per reserved IP.
    let servicesByName = Dictionary(
      estate.cloudServices.indices.map { (estate.cloudServices[$0].name.lowercased(), $0) },
      uniquingKeysWith: { first, _ in first })
    for reservedIP in estate.reservedIPs {
      guard let serviceName = reservedIP.serviceName?.lowercased(), let service = servicesByName[serviceName]
      else { continue }
      let deployments = estate.cloudServices[service].deployments
      let chosen =
        if let wanted = reservedIP.deploymentName?.lowercased() {
          deployments.firstIndex { $0.name?.lowercased() == wanted }
        } else {
          deployments.firstIndex { $0.slot == .production }
        }
      guard let chosen, estate.cloudServices[service].deployments[chosen].reservedIPName == nil else { continue }
      estate.cloudServices[service].deployments[chosen].reservedIPName = reservedIP.name
    }
  }

  /// Merges a gateway fact into the network: into the gateway of the same type (or of a type not yet known),
  /// else as an additional gateway, so that a VPN and an ExpressRoute gateway on one network are both kept.
  private func addGateway(_ entry: GatewayEntry, to network: inout VirtualNetwork) {
    guard let existing = network.gateway, existing.type != .unknown, entry.type != .unknown, existing.type != entry.type
    else {
      network.gateway = merged(network.gateway, with: entry)
      return
    }
    var others = network.additionalGateways ?? []
    if let index = others.firstIndex(where: { $0.type == entry.type }) {
      others[index] = merged(others[index], with: entry)
    } else {
      others.append(merged(nil, with: entry))
    }
    network.additionalGateways = others
  }

  private func merged(_ gateway: Gateway?, with entry: GatewayEntry) -> Gateway {
    var result = gateway ?? Gateway(type: entry.type)
    result.type = entry.type
    result.sku = entry.sku ?? result.sku
    result.vpnType = entry.vpnType ?? result.vpnType
    result.bgpSettings = entry.bgpSettings ?? result.bgpSettings
    result.publicIPAddress = entry.publicIPAddress ?? result.publicIPAddress
    for connection in entry.connections {
      if let index = result.connections.firstIndex(where: { $0.target == connection.target }) {
        result.connections[index].state = connection.state
        result.connections[index].connectionType = connection.connectionType ?? result.connections[index].connectionType
        result.connections[index].sharedKey = connection.sharedKey ?? result.connections[index].sharedKey
      } else {
        result.connections.append(connection)
      }
    }
    return result
  }

  private mutating func vnetIndex(_ name: String, in vnets: [String: Int], field: String) -> Int? {
    if let index = vnets[name] { return index }
    var problem = Problem(
      .warning, "estate.unknown-virtual-network",
      "virtual network '\(name)' is not in the network configuration; the fact is ignored", file: documentFile,
      path: field)
    problem.subject = .virtualNetwork(name)
    problems.append(problem)
    return nil
  }

  /// Updates the subnet a binding names, found through `vnets` (positions by name) and `subnets` (by VNet position).
  private func bindSubnet(
    _ binding: NetworkBinding, in estate: inout Estate, vnets: [String: Int], subnets: [[String: Int]],
    _ update: (inout Subnet) -> Void
  ) {
    guard let vnetName = binding.virtualNetwork, let subnetName = binding.subnet, let vnet = vnets[vnetName],
      let subnet = subnets[vnet][subnetName]
    else { return }
    update(&estate.virtualNetworks[vnet].subnets[subnet])
  }

  /// Reports references between loaded pieces that lead nowhere (only when the referenced list is known).
  mutating func checkReferences(_ estate: Estate) {
    let vnets = Dictionary(estate.virtualNetworks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let reservedIPs = Set(estate.reservedIPs.map(\.name))
    let subnetsByVNet = vnets.mapValues { Set($0.subnets.map(\.name)) }
    for service in estate.cloudServices {
      for deployment in service.deployments {
        let first = problems.count
        defer {
          for index in first..<problems.count {
            problems[index].subject = .deployment(service: service.name, slot: deployment.slot)
          }
        }
        let place = deployment.configuration?.network?.location ?? deployment.configuration?.location
        if case .named(let name)? = deployment.virtualNetwork, !vnets.isEmpty {
          if let subnets = subnetsByVNet[name] {
            for role in deployment.roles {
              for subnet in role.subnets where !subnets.contains(subnet) {
                problems.append(
                  Problem(
                    .warning, "estate.unknown-subnet",
                    "role '\(role.name)' of '\(service.name)' "
                      + "is placed in subnet '\(subnet)', which VNet '\(name)' does not have", at: place))
              }
            }
          } else {
            problems.append(
              Problem(
                .warning, "estate.unknown-virtual-network",
                "service '\(service.name)' is in VNet "
                  + "'\(name)', which the network configuration does not define", at: place))
          }
        }
        if let reservedIP = deployment.reservedIPName, !reservedIPs.isEmpty, !reservedIPs.contains(reservedIP) {
          problems.append(
            Problem(
              .warning, "estate.unknown-reserved-ip",
              "service '\(service.name)' uses reserved "
                + "IP '\(reservedIP)', which the estate does not list", at: place))
        }
      }
    }
  }
}
