import EstateModel

/// Builds the `gateways/recreate` template: the same subscription-scope shape as `arm/template` (a resource group
/// resource and one nested deployment), with every shared key a `securestring` parameter that the parameters file
/// points at a Key Vault secret.
struct GatewayTemplate {
  static let networkAPI = "2023-09-01"

  enum Kind {
    static let gateway = "Microsoft.Network/virtualNetworkGateways"
    static let publicIP = "Microsoft.Network/publicIPAddresses"
    static let localGateway = "Microsoft.Network/localNetworkGateways"
    static let connection = "Microsoft.Network/connections"
    static let subnet = "Microsoft.Network/virtualNetworks/subnets"
    static let vault = "Microsoft.KeyVault/vaults"
  }

  /// Classic VPN profiles mapped to current VPN gateway SKUs (the classic ones can't be created any more).
  static let vpnSKUs: [String: String] = [
    "basic": "VpnGw1", "small": "VpnGw1", "default": "VpnGw1", "standard": "VpnGw1", "medium": "VpnGw1",
    "highperformance": "VpnGw2", "large": "VpnGw2", "ultraperformance": "VpnGw3",
  ]
  /// Classic profiles mapped to ExpressRoute gateway SKUs.
  static let expressRouteSKUs: [String: String] = [
    "basic": "Standard", "small": "Standard", "default": "Standard", "standard": "Standard", "medium": "Standard",
    "highperformance": "HighPerformance", "large": "HighPerformance", "ultraperformance": "UltraPerformance",
  ]

  let facts: GatewayFacts
  let estate: Estate
  var plan: ARMPlan
  /// Values the parameters file can give for non-secure parameters (a moved circuit's ID).
  var knownValues: [String: String] = [:]

  /// The migrated VNet's resource group, as `arm/template` names it.
  let group: String
  /// The migrated VNet's ARM name, as `arm/template` names it.
  let armVNet: String

  init(facts: GatewayFacts, estate: Estate) {
    self.facts = facts
    self.estate = estate
    plan = ARMPlan(subscriptionID: estate.subscription?.id ?? "00000000-0000-0000-0000-000000000000", naming: .platform)
    group = plan.fittedName(ARMNames.resourceGroup(facts.network.name))
    armVNet = plan.fittedName(ARMNames.virtualNetwork(facts.network.name))
  }

  var vnet: String { facts.network.name }
  var location: String {
    ARMPlanOptions.armLocation(facts.network.region ?? estate.subscription?.defaultRegion ?? "westeurope")
  }
  var source: ARMClassicSource {
    ARMClassicSource(kind: "gateway", name: vnet, location: facts.gateway?.location ?? facts.network.location)
  }

  func id(_ type: String, _ name: String) -> String {
    ARMResource.id(subscriptionID: plan.subscriptionID, resourceGroup: group, type: type, name: name)
  }

  mutating func resource(
    _ type: String, _ name: String, sku: ARMValue? = nil, properties: ARMValue, dependsOn: [String] = []
  ) {
    plan.upsert(
      ARMResource(
        subscriptionID: plan.subscriptionID, type: type, apiVersion: Self.networkAPI, name: name, resourceGroup: group,
        location: location, sku: sku, properties: properties, dependsOn: dependsOn, source: source))
  }

  /// Plans the resources; `normalize()` sorts everything for byte-identical output.
  mutating func build() -> ARMPlan {
    guard plan.resourceGroups.isEmpty else { return plan }
    plan.addResourceGroup(ARMResourceGroup(name: group, location: location, source: source))
    if estate.subscription?.id == nil {
      plan.findings.append(
        ARMFinding(.warning, "gateways.placeholder-subscription", "The estate names no subscription; IDs use zeros."))
    }
    let subnetID = gatewaySubnet()
    var expressRouteID: String?
    if facts.hasExpressRoute {
      let name = plan.fittedName(ARMNames.expressRouteGateway(vnet))
      let sku = Self.expressRouteSKUs[(facts.gateway?.sku ?? "standard").lowercased()] ?? "Standard"
      gateway(name, type: "ExpressRoute", sku: sku, subnetID: subnetID, extra: [:], after: [])
      expressRouteID = id(Kind.gateway, name)
      for circuit in facts.circuits { circuitConnection(circuit, gatewayID: id(Kind.gateway, name)) }
    }
    if facts.hasVPN { vpn(subnetID: subnetID, after: expressRouteID.map { [$0] } ?? []) }
    if !facts.peerings.isEmpty || !facts.applicationGateways.isEmpty {
      plan.findings.append(
        ARMFinding(
          .info, "gateways.not-templated",
          "Peerings and Application Gateways are not in this template; recreate them as the runbook says."))
    }
    plan.normalize()
    return plan
  }

  private mutating func gatewaySubnet() -> String {
    let subnetID = id(Kind.subnet, "\(armVNet)/GatewaySubnet")
    if facts.gatewaySubnet?.addressPrefix == nil {
      plan.addParameter(
        ARMParameter(
          name: "gatewaySubnetPrefix", type: "string",
          description: "address prefix for GatewaySubnet (the classic VNet declares none)", resourceGroup: group))
      resource(
        Kind.subnet, "\(armVNet)/GatewaySubnet", properties: ["addressPrefix": "[parameters('gatewaySubnetPrefix')]"])
      plan.findings.append(
        ARMFinding(
          .warning, "gateways.no-gateway-subnet",
          "Virtual network \(vnet) declares no GatewaySubnet; the template creates one from a parameter.",
          resource: subnetID))
      return subnetID
    }
    return subnetID
  }

  private mutating func gateway(
    _ name: String, type: String, sku: String, subnetID: String, extra: [String: ARMValue], after: [String]
  ) {
    let pip = plan.fittedName(ARMNames.publicIP(ofGateway: name))
    resource(
      Kind.publicIP, pip, sku: ["name": "Standard", "tier": "Regional"],
      properties: ["publicIPAllocationMethod": "Static", "publicIPAddressVersion": "IPv4"])
    var properties: [String: ARMValue] = [
      "gatewayType": .string(type), "sku": ["name": .string(sku), "tier": .string(sku)],
      "ipConfigurations": [
        [
          "name": "default",
          "properties": [
            "privateIPAllocationMethod": "Dynamic", "subnet": ["id": .string(subnetID)],
            "publicIPAddress": ["id": .string(id(Kind.publicIP, pip))],
          ],
        ]
      ],
    ]
    properties.merge(extra) { _, new in new }
    var dependsOn = [id(Kind.publicIP, pip)] + after
    if plan.index(ofType: Kind.subnet, named: "\(armVNet)/GatewaySubnet") != nil {
      dependsOn.append(subnetID)
    }
    resource(Kind.gateway, name, properties: .object(properties), dependsOn: dependsOn)
    if let classic = facts.gateway?.sku, sku.lowercased() != classic.lowercased() {
      plan.findings.append(
        ARMFinding(
          .info, "gateways.sku-mapped", "Classic gateway SKU \(classic) becomes \(sku); review before deploying.",
          resource: id(Kind.gateway, name)))
    }
  }

  private mutating func vpn(subnetID: String, after: [String]) {
    let name = plan.fittedName(ARMNames.vpnGateway(vnet))
    let gateway = facts.gateway
    let sku = Self.vpnSKUs[(gateway?.sku ?? "basic").lowercased()] ?? "VpnGw1"
    let policy = gateway?.vpnType?.lowercased().contains("static") ?? false
    var extra: [String: ARMValue] = ["vpnType": policy ? "PolicyBased" : "RouteBased", "enableBgp": false]
    if let bgp = gateway?.bgpSettings {
      extra["enableBgp"] = true
      var settings: [String: ARMValue] = [:]
      if let asn = bgp.asn { settings["asn"] = .int(asn) }
      if let weight = bgp.peerWeight { settings["peerWeight"] = .int(weight) }
      extra["bgpSettings"] = .object(settings)
    }
    let pool = gateway?.vpnClientAddressPrefixes.sorted() ?? []
    if !pool.isEmpty {
      extra["vpnClientConfiguration"] = ["vpnClientAddressPool": ["addressPrefixes": .array(pool.map { .string($0) })]]
    }
    self.gateway(name, type: "Vpn", sku: sku, subnetID: subnetID, extra: extra, after: after)
    for connection in facts.vpnConnections {
      siteConnection(connection, gatewayID: id(Kind.gateway, name))
    }
  }

  private mutating func siteConnection(_ connection: GatewayConnection, gatewayID: String) {
    let site = facts.localSites.first { $0.name == connection.target }
    let localName = plan.fittedName(ARMNames.localNetworkGateway(connection.target))
    var localProperties: [String: ARMValue] = [
      "localNetworkAddressSpace": ["addressPrefixes": .array((site?.addressPrefixes ?? []).map { .string($0) })]
    ]
    if let address = site?.vpnGatewayAddress {
      localProperties["gatewayIpAddress"] = .string(address)
    } else {
      let parameter = ARMNames.parameter(connection.target, "gatewayIpAddress")
      plan.addParameter(
        ARMParameter(
          name: parameter, type: "string", description: "VPN device address of \(connection.target)",
          resourceGroup: group))
      localProperties["gatewayIpAddress"] = .string("[parameters('\(parameter)')]")
    }
    resource(Kind.localGateway, localName, properties: .object(localProperties))
    let keyParameter = ARMNames.parameter(connection.target, "sharedKey")
    plan.addParameter(
      ARMParameter(
        name: keyParameter, type: "securestring",
        description: "IPsec shared key of the connection to "
          + connection.target, resourceGroup: group,
        keyVaultSecretName: plan.fittedName(ARMNames.sharedKeySecret(vnet, connection.target))))
    resource(
      Kind.connection, plan.fittedName(ARMNames.connection(vnet, connection.target)),
      properties: [
        "connectionType": "IPsec", "virtualNetworkGateway1": ["id": .string(gatewayID), "properties": [:]],
        "localNetworkGateway2": ["id": .string(id(Kind.localGateway, localName)), "properties": [:]],
        "sharedKey": .string("[parameters('\(keyParameter)')]"), "enableBgp": .bool(facts.gateway?.bgpSettings != nil),
      ],
      dependsOn: [gatewayID, id(Kind.localGateway, localName)])
  }

  private mutating func circuitConnection(_ circuit: ExpressRouteCircuit, gatewayID: String) {
    let parameter = ARMNames.parameter(circuit.name, "circuitId")
    plan.addParameter(
      ARMParameter(
        name: parameter, type: "string",
        description: "resource ID of circuit \(circuit.name) in Resource Manager", resourceGroup: group))
    if let armID = circuit.resourceManagerId { knownValues[parameter] = armID }
    resource(
      Kind.connection, plan.fittedName(ARMNames.connection(vnet, circuit.name)),
      properties: [
        "connectionType": "ExpressRoute", "virtualNetworkGateway1": ["id": .string(gatewayID), "properties": [:]],
        "peer": ["id": .string("[parameters('\(parameter)')]")],
      ],
      dependsOn: [gatewayID])
  }
}

extension ARMPlan {
  /// The name to emit for a derived name, fitted (and noted) as ``ARMPlan/fittedName(_:type:)`` does.
  mutating func fittedName(_ derived: ARMNames.Derived) -> String {
    fittedName(derived.platformName, type: derived.type)
  }
}
