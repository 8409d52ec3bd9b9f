import EstateModel

/// Builds the ordered runbook for one VNet from its ``GatewayFacts``.
struct RunbookBuilder {
  let facts: GatewayFacts
  let subscription: String
  private(set) var steps: [RunbookStep] = []

  init(facts: GatewayFacts, subscription: String) {
    self.facts = facts
    self.subscription = subscription
  }

  var vnet: String { facts.network.name }
  var group: String { ARMNames.resourceGroup(vnet).name }
  var armVNet: String { ARMNames.virtualNetwork(vnet).name }
  var classicREST: String { "https://management.core.windows.net/\(subscription)/services/networking" }
  var vnetPrefixes: [String] { facts.network.addressPrefixes.sorted() }

  // swiftlint:disable:next function_parameter_count
  private mutating func add(
    _ id: String, _ stage: String, _ action: String, _ type: String, _ name: String, _ description: String,
    powershell: String, rest: String? = nil, downtime: Bool = false, restores: Bool = false, prefixes: [String] = [],
    record: [String] = [], input: String? = nil, after: [String] = []
  ) {
    steps.append(
      RunbookStep(
        id: id, order: steps.count + 1, stage: stage, action: action, resourceType: type, resourceName: name,
        description: description, powershell: powershell, rest: rest, causesDowntime: downtime,
        restoresConnectivity: restores, affectedAddressPrefixes: Array(Set(prefixes)).sorted(), recordFirst: record,
        needsUserInput: input != nil, userInput: input, after: after.filter { id in steps.contains { $0.id == id } }))
  }

  /// The runbook.
  static func build(_ facts: GatewayFacts, subscription: String) -> GatewayRunbook {
    var builder = RunbookBuilder(facts: facts, subscription: subscription)
    builder.before()
    builder.migration()
    builder.afterCommit()
    let prefixes = builder.steps.filter(\.causesDowntime).flatMap(\.affectedAddressPrefixes)
    return GatewayRunbook(
      virtualNetwork: facts.network.name, resourceGroup: builder.group, downtimePrefixes: Array(Set(prefixes)).sorted(),
      blockers: builder.blockers, steps: builder.steps)
  }

  var blockers: [String] {
    var ids: [String] = []
    if facts.hasVPN { ids.append("CS-UNSUP-VPN-GATEWAY") }
    if facts.network.gateways.contains(where: { $0.type == .expressRoute }) {
      ids.append("CS-UNSUP-EXPRESSROUTE-GATEWAY")
    }
    if facts.gateway?.type == .unknown { ids.append("CS-GW-GATEWAY-TYPE-UNKNOWN") }
    if facts.hasVPN && facts.hasExpressRoute { ids.append("CS-GW-VPN-AND-EXPRESSROUTE") }
    if !facts.disconnected.isEmpty { ids.append("CS-GW-CONNECTION-DISCONNECTED") }
    if !facts.classicCircuits.isEmpty { ids.append("CS-UNSUP-EXPRESSROUTE-CIRCUIT") }
    if !facts.peerings.isEmpty { ids.append("CS-UNSUP-PEERING") }
    if !facts.applicationGateways.isEmpty { ids.append("CS-UNSUP-APPLICATION-GATEWAY") }
    if !facts.apiManagement.isEmpty { ids.append("CS-UNSUP-API-MANAGEMENT") }
    return ids.sorted()
  }

  /// Key Vault secret name suggested for a connection's shared key (the same name `gateways/recreate` uses).
  static func sharedKeySecretName(vnet: String, site: String) -> String {
    ARMNames.sharedKeySecret(vnet, site).name
  }

  private mutating func before() {
    let stage = "before-migration"
    if let gateway = facts.gateway {
      var record = ["gateway type (\(gateway.type.rawValue))", "gateway SKU (\(gateway.sku ?? "unknown"))"]
      if let vpnType = gateway.vpnType { record.append("VPN routing type (\(vpnType))") }
      if let bgp = gateway.bgpSettings {
        record.append(
          "BGP settings (ASN \(bgp.asn.map(String.init) ?? "unknown"), peering address "
            + "\(bgp.bgpPeeringAddress ?? "unknown"), peer weight \(bgp.peerWeight.map(String.init) ?? "0"))")
      } else {
        record.append("BGP settings (none recorded)")
      }
      record.append("gateway public IP \(gateway.publicIPAddress ?? "(unknown)"): it changes when recreated")
      if !gateway.vpnClientAddressPrefixes.isEmpty {
        record.append("point-to-site client pool \(gateway.vpnClientAddressPrefixes.sorted().joined(separator: ", "))")
      }
      record.append("GatewaySubnet prefix \(facts.gatewaySubnet?.addressPrefix ?? "(not declared)")")
      add(
        "record-gateway", stage, "record", "VirtualNetworkGateway", vnet,
        "Write down the gateway's configuration; nothing of it survives the removal.",
        powershell: "Get-AzureVNetGateway -VNetName '\(vnet)'", rest: "GET \(classicREST)/\(vnet)/gateway",
        record: record)
    }
    for connection in facts.vpnConnections {
      let site = facts.localSites.first { $0.name == connection.target }
      let secret = Self.sharedKeySecretName(vnet: vnet, site: connection.target)
      add(
        "record-connection:\(connection.target)", stage, "record", "LocalNetworkSite", connection.target,
        "Read the connection's shared key into Key Vault secret '\(secret)' (never into a file or a ticket) and write "
          + "down the local network site.",
        powershell: "$key = (Get-AzureVNetGatewayKey -VNetName '\(vnet)' -LocalNetworkSiteName '\(connection.target)')"
          + ".Value; Set-AzKeyVaultSecret -VaultName $vaultName -Name '\(secret)' -SecretValue "
          + "(ConvertTo-SecureString $key -AsPlainText -Force)",
        rest: "GET \(classicREST)/\(vnet)/gateway/connection/\(connection.target)/sharedkey",
        record: [
          "shared key: reference Key Vault secret '\(secret)' only",
          "local address space \((site?.addressPrefixes ?? []).joined(separator: ", "))",
          "VPN device address \(site?.vpnGatewayAddress ?? "(unknown)")",
        ], input: "the Key Vault ($vaultName) that keeps the shared key")
    }
    for circuit in facts.circuits {
      if let armID = circuit.resourceManagerId {
        add(
          "verify-circuit:\(circuit.name)", stage, "verify", "ExpressRouteCircuit", circuit.name,
          "The circuit is already in Resource Manager (\(armID)); check it still allows classic operations.",
          powershell: "Get-AzExpressRouteCircuit -ResourceId '\(armID)'",
          rest: "GET https://management.azure.com\(armID)")
      } else {
        add(
          "migrate-circuit:\(circuit.name)", stage, "migrate-circuit", "ExpressRouteCircuit", circuit.name,
          "Move the classic circuit to Resource Manager (it must be pre-migrated before the VNet) and keep classic "
            + "operations allowed until the VNet is committed.",
          powershell: "Move-AzExpressRouteCircuit -Name '\(circuit.name)' -ResourceGroupName $circuitGroup -Location "
            + "$location -ServiceKey $serviceKey",
          record: ["circuit service key (from Get-AzureDedicatedCircuit)", "circuit provider and peering location"],
          input: "the resource group and location the circuit moves to")
      }
    }
    for tenant in facts.apiManagement {
      add(
        "move-api-management:\(tenant.name)", stage, "move", "ApiManagement", tenant.name,
        "Change the virtual network of the API Management deployment (no downtime).",
        powershell: "Update-AzApiManagementRegion / portal: API Management > Network > Virtual network",
        input: "another virtual network and subnet for the API Management service")
    }
    for tenant in facts.applicationGateways {
      add(
        "remove-application-gateway:\(tenant.name)", stage, "remove", "ApplicationGateway", tenant.name,
        "Export the Application Gateway's configuration, then remove it.",
        powershell: "Get-AzureApplicationGatewayConfig -Name '\(tenant.name)' -ExportToFile '\(tenant.name).xml'; "
          + "Remove-AzureApplicationGateway -Name '\(tenant.name)'",
        downtime: true, prefixes: facts.network.subnets.filter { $0.name == tenant.subnet }.compactMap(\.addressPrefix),
        record: ["Application Gateway configuration (exported file)"])
    }
    for peering in facts.peerings {
      let remote =
        peering.virtualNetwork.lowercased() == vnet.lowercased()
        ? peering.remoteVirtualNetwork : peering.virtualNetwork
      add(
        "remove-peering:\(peering.name)", stage, "remove", "VirtualNetworkPeering", peering.name,
        "Delete the peering with \(remote) (it is defined on the Resource Manager side).",
        powershell: "Remove-AzVirtualNetworkPeering -Name '\(peering.name)' -VirtualNetworkName '\(remote)' "
          + "-ResourceGroupName $remoteGroup",
        downtime: true, prefixes: vnetPrefixes, record: ["peering options (forwarded traffic, gateway transit)"],
        input: "the resource group of \(remote)")
    }
    removeGateway(stage)
  }

  private mutating func removeGateway(_ stage: String) {
    guard facts.gateway != nil else { return }
    let records = steps.filter { $0.action == "record" }.map(\.id)
    for circuit in facts.circuits {
      add(
        "unlink-circuit:\(circuit.name)", stage, "remove", "ExpressRouteCircuitLink", circuit.name,
        "Remove the link between the circuit and the VNet.",
        powershell: "Remove-AzureDedicatedCircuitLink -ServiceKey $serviceKey -VNetName '\(vnet)'", downtime: true,
        prefixes: vnetPrefixes, after: records + ["migrate-circuit:\(circuit.name)", "verify-circuit:\(circuit.name)"])
    }
    add(
      "remove-gateway", stage, "remove", "VirtualNetworkGateway", vnet,
      "Delete the gateway; site-to-site, point-to-site and ExpressRoute connectivity stops here.",
      powershell: "Remove-AzureVNetGateway -VNetName '\(vnet)'", rest: "DELETE \(classicREST)/\(vnet)/gateway",
      downtime: true,
      prefixes: vnetPrefixes + facts.onPremisesVPNPrefixes + (facts.gateway?.vpnClientAddressPrefixes ?? []),
      after: records + facts.circuits.map { "unlink-circuit:\($0.name)" })
  }

  private mutating func migration() {
    let stage = "migration"
    let blockers = steps.filter { $0.stage == "before-migration" && $0.action != "record" }.map(\.id)
    let url = "\(classicREST)/virtualnetwork/\(vnet)/migration?comp="
    add(
      "validate", stage, "validate", "VirtualNetwork", vnet, "Validate the VNet's migration.",
      powershell: "Move-AzureVirtualNetwork -Validate -VirtualNetworkName '\(vnet)'", rest: "POST \(url)validate",
      after: blockers)
    add(
      "prepare", stage, "prepare", "VirtualNetwork", vnet, "Prepare the VNet's migration; the VNet is locked.",
      powershell: "Move-AzureVirtualNetwork -Prepare -VirtualNetworkName '\(vnet)'", rest: "POST \(url)prepare",
      after: ["validate"])
    add(
      "commit", stage, "commit", "VirtualNetwork", vnet,
      "Commit the VNet's migration (no roll-back after this); nothing is recreated before it succeeds.",
      powershell: "Move-AzureVirtualNetwork -Commit -VirtualNetworkName '\(vnet)'", rest: "POST \(url)commit",
      after: ["prepare"])
  }

  private mutating func afterCommit() {
    let stage = "after-commit"
    let deploy =
      "New-AzResourceGroupDeployment -ResourceGroupName '\(group)' -TemplateFile gateways.json "
      + "-TemplateParameterFile gateways.parameters.json  # or the step's own cmdlet"
    let gatewayURL =
      "PUT https://management.azure.com/subscriptions/\(subscription)/resourceGroups/\(group)"
      + "/providers/Microsoft.Network"
    if facts.hasExpressRoute {
      add(
        "recreate-expressroute-gateway", stage, "recreate", "Microsoft.Network/virtualNetworkGateways",
        ARMNames.expressRouteGateway(vnet).name,
        "Create the ExpressRoute gateway in GatewaySubnet with a new public IP (gateways/recreate).",
        powershell: deploy + "; New-AzVirtualNetworkGateway -GatewayType ExpressRoute",
        rest: "\(gatewayURL)/virtualNetworkGateways/\(ARMNames.expressRouteGateway(vnet).name)", after: ["commit"])
      for circuit in facts.circuits {
        add(
          "reconnect-circuit:\(circuit.name)", stage, "reconnect", "Microsoft.Network/connections",
          ARMNames.connection(vnet, circuit.name).name, "Connect the gateway to the migrated circuit.",
          powershell: "New-AzVirtualNetworkGatewayConnection -ConnectionType ExpressRoute -PeerId $circuitId",
          rest: "\(gatewayURL)/connections/\(ARMNames.connection(vnet, circuit.name).name)", restores: true,
          prefixes: vnetPrefixes, after: ["recreate-expressroute-gateway"])
      }
    }
    if facts.hasVPN {
      add(
        "recreate-vpn-gateway", stage, "recreate", "Microsoft.Network/virtualNetworkGateways",
        ARMNames.vpnGateway(vnet).name,
        "Create the VPN gateway in GatewaySubnet with a new public IP and the recorded SKU, type and BGP settings.",
        powershell: deploy + "; New-AzVirtualNetworkGateway -GatewayType Vpn",
        rest: "\(gatewayURL)/virtualNetworkGateways/\(ARMNames.vpnGateway(vnet).name)",
        after: ["commit"] + (facts.hasExpressRoute ? ["recreate-expressroute-gateway"] : []))
      for connection in facts.vpnConnections {
        let site = connection.target
        let prefixes = facts.localSites.first { $0.name == site }?.addressPrefixes ?? []
        add(
          "recreate-local-network-gateway:\(site)", stage, "recreate", "Microsoft.Network/localNetworkGateways",
          ARMNames.localNetworkGateway(site).name, "Create the local network gateway from the recorded site.",
          powershell: "New-AzLocalNetworkGateway -Name '\(ARMNames.localNetworkGateway(site).name)'",
          rest: "\(gatewayURL)/localNetworkGateways/\(ARMNames.localNetworkGateway(site).name)", after: ["commit"])
        add(
          "reconnect:\(site)", stage, "reconnect", "Microsoft.Network/connections",
          ARMNames.connection(vnet, site).name,
          "Create the IPsec connection with the shared key read from Key Vault, then point the on-premises device "
            + "at the gateway's new public IP.",
          powershell: "New-AzVirtualNetworkGatewayConnection -ConnectionType IPsec -SharedKey "
            + "(Get-AzKeyVaultSecret -VaultName $vaultName -Name '\(Self.sharedKeySecretName(vnet: vnet, site: site))'"
            + " -AsPlainText)",
          rest: "\(gatewayURL)/connections/\(ARMNames.connection(vnet, site).name)", restores: true,
          prefixes: vnetPrefixes + prefixes,
          input: "reconfigure the on-premises VPN device with the new gateway public IP",
          after: ["recreate-vpn-gateway", "recreate-local-network-gateway:\(site)", "record-connection:\(site)"])
      }
    }
    for peering in facts.peerings {
      add(
        "recreate-peering:\(peering.name)", stage, "recreate",
        "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
        peering.name, "Re-create the peering between the migrated VNet and the remote VNet (both sides).",
        powershell: "Add-AzVirtualNetworkPeering -Name '\(peering.name)' -VirtualNetwork $migratedVNet "
          + "-RemoteVirtualNetworkId $remoteId",
        restores: true, prefixes: vnetPrefixes, input: "the remote VNet's resource ID", after: ["commit"])
    }
    for tenant in facts.applicationGateways {
      add(
        "recreate-application-gateway:\(tenant.name)", stage, "recreate", "Microsoft.Network/applicationGateways",
        tenant.name, "Recreate the Application Gateway in Resource Manager from the exported configuration.",
        powershell: "New-AzApplicationGateway -Name '\(tenant.name)' -ResourceGroupName '\(group)'", restores: true,
        prefixes: facts.network.subnets.filter { $0.name == tenant.subnet }.compactMap(\.addressPrefix),
        input: "the Application Gateway v2 settings (listeners, backends, certificates)", after: ["commit"])
    }
  }
}
