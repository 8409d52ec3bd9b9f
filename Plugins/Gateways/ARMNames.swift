import EstateModel

/// Names of the ARM resources `gateways/recreate` creates; the runbook uses the same names.
enum ARMNames {
  /// Keeps letters, digits, `-`, `_` and `.`; anything else becomes `-`; at most 80 characters.
  static func safe(_ text: String) -> String {
    let mapped = text.map { character -> Character in
      character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character)) ? character : "-"
    }
    return String(String(mapped).prefix(80))
  }

  /// A template parameter name: letters and digits only, camel-cased from the pieces.
  static func parameter(_ pieces: String...) -> String {
    let words = pieces.flatMap { $0.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) } }.map(String.init)
    guard let first = words.first else { return "value" }
    return first.prefix(1).lowercased() + first.dropFirst()
      + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  static func vpnGateway(_ vnet: String) -> String { safe(PlatformNames.virtualNetwork(vnet) + "-vpngw") }
  static func expressRouteGateway(_ vnet: String) -> String { safe(PlatformNames.virtualNetwork(vnet) + "-ergw") }
  static func publicIP(ofGateway gateway: String) -> String { safe(gateway + "-pip") }
  static func localNetworkGateway(_ site: String) -> String { safe(site) }
  static func connection(_ vnet: String, _ target: String) -> String {
    safe(PlatformNames.virtualNetwork(vnet) + "-to-" + target)
  }
}
