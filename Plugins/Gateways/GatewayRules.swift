import EstateModel
import PluginAPI

/// The gateway rules this plugin adds to the validation pass.
///
/// The general catalogue (`Plugins/Validation`) already has `CS-UNSUP-VPN-GATEWAY`, `CS-UNSUP-EXPRESSROUTE-GATEWAY`,
/// `CS-UNSUP-EXPRESSROUTE-CIRCUIT`, `CS-UNSUP-PEERING`, `CS-UNSUP-APPLICATION-GATEWAY` and
/// `CS-UNSUP-API-MANAGEMENT`; these rules cover only what it does not, so no finding is reported twice.
enum GatewayRules {
  static let docsBase = "https://learn.microsoft.com/azure/"
  static let deepDive = docsBase + "virtual-machines/migration-classic-resource-manager-deep-dive"
  static let unsupported =
    docsBase
    + "cloud-services-extended-support/in-place-migration-technical-details#resources-and-features-not-available-for-migration"

  /// Every rule, in catalogue order.
  static let all: [ValidationRule] = [unknownType, bothGateways, disconnected]

  /// A `<Gateway>` whose type neither the file nor the estate document tells: the VPN/ExpressRoute rules miss it.
  static let unknownType = ValidationRule(
    id: "CS-GW-GATEWAY-TYPE-UNKNOWN", scope: .gateway, severity: .error,
    summary: "A gateway of unknown type (VPN or ExpressRoute) blocks migration of its virtual network.",
    messageTemplate: "Virtual network {vnet} declares a gateway (profile {sku}) whose type isn't known; VPN and "
      + "Express Route gateways aren't available for migration.",
    fix: "Remove the VPN Gateway or Express Route Gateway before beginning migration and then recreate the Gateway "
      + "once migration is complete. Record the gateway's type in the estate document's gateways to get the exact "
      + "runbook (gateways/plan).",
    docs: unsupported, sources: ["4.4: VPN Gateway", "4.4: Express Route Gateway"],
    example: "<Gateway><Profile>Small</Profile></Gateway> with no connections and no estate document entry."
  ) { input in
    input.virtualNetworks.compactMap { network in
      guard let gateway = network.gateway, gateway.type == .unknown else { return nil }
      return ValidationHit(
        resourceType: "Gateway", resourceName: network.name,
        values: ["vnet": network.name, "sku": gateway.sku ?? "unknown"], location: gateway.location ?? network.location)
    }
  }

  /// Prepare-time: a VNet with both an ExpressRoute and a VPN gateway.
  static let bothGateways = ValidationRule(
    id: "CS-GW-VPN-AND-EXPRESSROUTE", scope: .gateway, severity: .error,
    summary: "A virtual network having both ER and VPN gateways (checked by Prepare, not Validate).",
    messageTemplate: "Virtual network {vnet} has both ER and VPN gateways (VPN connections: {sites}; ExpressRoute "
      + "circuits: {circuits}).",
    fix: "Remove the VPN Gateway and the Express Route Gateway before beginning migration and then recreate both "
      + "once migration is complete (gateways/plan gives the order; gateways/recreate the ARM template).",
    docs: deepDive, phase: .prepare,
    sources: [
      "1.2: A virtual network having both ER and VPN gateways.", "4.4: VPN Gateway", "4.4: Express Route Gateway",
    ],
    example: "gateways [{\"virtualNetwork\": \"vnet1\", \"type\": \"VPN\", \"connections\": [{\"target\": \"site1\"}, "
      + "{\"target\": \"er1\", \"connectionType\": \"Dedicated\"}]}]"
  ) { input in
    input.virtualNetworks.compactMap { network in
      let facts = GatewayFacts(network: network, estate: input.estate)
      guard facts.hasVPN, facts.hasExpressRoute else { return nil }
      let sites = facts.vpnConnections.map(\.target)
      let circuits =
        facts.circuits.map(\.name)
        + facts.expressRouteConnections.map(\.target).filter { target in
          !facts.circuits.contains { $0.name == target || $0.serviceKey?.text == target }
        }
      return ValidationHit(
        resourceType: "Gateway", resourceName: network.name,
        values: [
          "vnet": network.name, "sites": sites.isEmpty ? "none" : sites.joined(separator: ", "),
          "circuits": circuits.isEmpty ? "none" : circuits.joined(separator: ", "),
        ], location: facts.gateway?.location ?? network.location)
    }
  }

  /// Prepare-time: a gateway connection in a disconnected state.
  static let disconnected = ValidationRule(
    id: "CS-GW-CONNECTION-DISCONNECTED", scope: .gateway, severity: .error,
    summary: "A virtual network gateway connection in a disconnected state (checked by Prepare, not Validate).",
    messageTemplate: "The gateway connection of virtual network {vnet} to {target} is in a disconnected state "
      + "({state}).",
    fix: "Reconnect the connection (check the on-premises device and the shared key) or remove it from the gateway's "
      + "ConnectionsToLocalNetwork before Prepare; it is recreated with the gateway after migration.",
    docs: deepDive, phase: .prepare, sources: ["1.2: A virtual network gateway connection in a disconnected state."],
    example: "gateways [{\"virtualNetwork\": \"vnet1\", \"type\": \"VPN\", \"connections\": "
      + "[{\"target\": \"site1\", \"state\": \"NotConnected\"}]}]"
  ) { input in
    input.virtualNetworks.flatMap { network in
      GatewayFacts(network: network, estate: input.estate).disconnected.map { connection in
        ValidationHit(
          resourceType: "GatewayConnection", resourceName: "\(network.name)/\(connection.target)",
          values: ["vnet": network.name, "target": connection.target, "state": connection.state.rawValue],
          location: connection.location ?? network.gateway?.location ?? network.location)
      }
    }
  }
}
