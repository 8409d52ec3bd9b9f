import EstateModel

/// Names of the ARM resources `gateways/recreate` creates; the runbook uses the same names.
///
/// Each name is the one csmigrate derives from the platform's naming (reference §4.6), fitted to its type's rule by
/// ``ARMNameRule`` exactly as `arm/template` fits it, so the migrated VNet and its group match across both outputs.
enum ARMNames {
  /// A name as derived from the platform's naming, with the type whose rule it must fit.
  struct Derived {
    /// The derived name, before fitting.
    var platformName: String
    /// The resource type.
    var type: String
    /// The name to emit.
    var name: String { ARMNameRule.fitted(platformName, type: type) }
  }

  /// A template parameter name: letters and digits only, camel-cased from the pieces.
  static func parameter(_ pieces: String...) -> String {
    let words = pieces.flatMap { $0.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) } }.map(String.init)
    guard let first = words.first else { return "value" }
    return first.prefix(1).lowercased() + first.dropFirst()
      + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  static func resourceGroup(_ vnet: String) -> Derived {
    Derived(platformName: PlatformNames.virtualNetworkResourceGroup(vnet), type: "Microsoft.Resources/resourceGroups")
  }
  static func virtualNetwork(_ vnet: String) -> Derived {
    Derived(platformName: PlatformNames.virtualNetwork(vnet), type: "Microsoft.Network/virtualNetworks")
  }
  static func vpnGateway(_ vnet: String) -> Derived {
    Derived(platformName: PlatformNames.virtualNetwork(vnet) + "-vpngw", type: GatewayTemplate.Kind.gateway)
  }
  static func expressRouteGateway(_ vnet: String) -> Derived {
    Derived(platformName: PlatformNames.virtualNetwork(vnet) + "-ergw", type: GatewayTemplate.Kind.gateway)
  }
  static func publicIP(ofGateway gateway: String) -> Derived {
    Derived(platformName: gateway + "-pip", type: GatewayTemplate.Kind.publicIP)
  }
  static func localNetworkGateway(_ site: String) -> Derived {
    Derived(platformName: site, type: GatewayTemplate.Kind.localGateway)
  }
  static func connection(_ vnet: String, _ target: String) -> Derived {
    Derived(platformName: PlatformNames.virtualNetwork(vnet) + "-to-" + target, type: GatewayTemplate.Kind.connection)
  }
  static func sharedKeySecret(_ vnet: String, _ site: String) -> Derived {
    Derived(
      platformName: "\(PlatformNames.virtualNetwork(vnet))-\(site)-sharedkey", type: "Microsoft.KeyVault/vaults/secrets"
    )
  }
}
