import Foundation

/// How ARM resources are named: the platform's documented names, or names the caller supplies.
public enum ARMNamingProfile: String, Codable, Sendable, Hashable, CaseIterable {
  /// The names the platform gives (`<service>-migrated`, `KV-<service>`, `<service>ContractContract`...).
  case platform
  /// Caller-supplied names, keyed by the platform name they replace; validated against ARM naming rules.
  case custom
}

/// The platform's naming conventions after migration (`platform-behaviour.md` §4.6).
public enum PlatformNames {
  /// The resource group of a cloud service's deployment: `<service>-migrated`.
  public static func serviceResourceGroup(_ service: String) -> String { service + "-migrated" }

  /// The ARM name of a classic VNet: `group-<rg>-<vnet>` for portal-created `Group <rg> <vnet>`, else as is.
  public static func virtualNetwork(_ classicName: String) -> String {
    guard let parts = portalCreatedParts(classicName) else { return classicName }
    return "group-\(parts.group)-\(parts.name)"
  }

  /// The resource group of a VNet: `<vnet>-migrated` or `group-<rg>-<vnet>-migrated`.
  public static func virtualNetworkResourceGroup(_ classicName: String) -> String {
    virtualNetwork(classicName) + "-migrated"
  }

  /// The hidden default VNet of a service: `VNet-<service>`.
  public static func defaultVirtualNetwork(_ service: String) -> String { "VNet-" + service }

  /// The VNet of an old deployment in no VNet: prefix `DefaultRdfeVnet` (the rest is [UNCONFIRMED]).
  public static func rdfeVirtualNetwork(_ service: String) -> String { "DefaultRdfeVnet-" + service }

  /// The Key Vault holding a service's certificates: `KV-<service>`.
  public static func keyVault(_ service: String) -> String { "KV-" + service }

  /// The public IP of a dynamic VIP: `<service>ContractContract`, printed so by the platform.
  public static func dynamicPublicIP(_ service: String) -> String { service + "ContractContract" }

  /// The public IP of a reserved IP: its name, or `group-<rg>-<name>` for portal-created ones.
  public static func reservedPublicIP(_ classicName: String) -> String { virtualNetwork(classicName) }

  /// The load balancer of a service: `LB-<service>`.
  public static func loadBalancer(_ service: String) -> String { "LB-" + service }

  /// Splits a portal-created classic name `Group <rg> <name>` into its parts.
  public static func portalCreatedParts(_ classicName: String) -> (group: String, name: String)? {
    let words = classicName.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard words.count == 3, words[0] == "Group" else { return nil }
    return (words[1], words[2])
  }
}

/// ARM's length and character rules for the names the mapper produces.
public struct ARMNameRule: Sendable, Hashable {
  /// The resource type the rule is for.
  public var type: String
  /// The shortest allowed length.
  public var minLength: Int
  /// The longest allowed length.
  public var maxLength: Int
  /// Characters allowed anywhere, besides ASCII letters and digits.
  public var extraCharacters: Set<Character>
  /// Whether the first character must be a letter.
  public var startsWithLetter: Bool
  /// Whether the first character must be a letter or digit.
  public var startsAlphanumeric: Bool
  /// Characters the name may not end with.
  public var forbiddenLast: Set<Character>
  /// Whether two hyphens in a row are refused.
  public var noDoubleHyphen: Bool

  /// The rules by type, from Microsoft's "Naming rules and restrictions for Azure resources"
  /// (`azure-resource-manager/management/resource-name-rules`). That page has no row for
  /// `Microsoft.Compute/cloudServices`; its row follows the classic cloud service's DNS-name-sized limit with the
  /// network resources' characters.
  public static let table: [ARMNameRule] = [
    ARMNameRule(
      type: "Microsoft.Resources/resourceGroups", minLength: 1, maxLength: 90,
      extraCharacters: ["-", "_", ".", "(", ")"],
      startsWithLetter: false, startsAlphanumeric: false, forbiddenLast: ["."], noDoubleHyphen: false),
    ARMNameRule(
      type: "Microsoft.Resources/deployments", minLength: 1, maxLength: 64, extraCharacters: ["-", "_", ".", "(", ")"],
      startsWithLetter: false, startsAlphanumeric: false, forbiddenLast: [], noDoubleHyphen: false),
    ARMNameRule(
      type: "Microsoft.Network/virtualNetworks", minLength: 2, maxLength: 64, extraCharacters: ["-", "_", "."],
      startsWithLetter: false, startsAlphanumeric: true, forbiddenLast: ["-", "."], noDoubleHyphen: false),
    .network("Microsoft.Network/publicIPAddresses"),
    .network("Microsoft.Network/networkSecurityGroups"),
    .network("Microsoft.Network/routeTables"),
    .network("Microsoft.Network/loadBalancers"),
    .network("Microsoft.Network/loadBalancers/frontendIPConfigurations"),
    .network("Microsoft.Network/virtualNetworkGateways"),
    .network("Microsoft.Network/localNetworkGateways"),
    .network("Microsoft.Network/connections"),
    ARMNameRule(
      type: "Microsoft.KeyVault/vaults", minLength: 3, maxLength: 24, extraCharacters: ["-"],
      startsWithLetter: true, startsAlphanumeric: true, forbiddenLast: ["-"], noDoubleHyphen: true),
    ARMNameRule(
      type: "Microsoft.KeyVault/vaults/secrets", minLength: 1, maxLength: 127, extraCharacters: ["-"],
      startsWithLetter: false, startsAlphanumeric: false, forbiddenLast: [], noDoubleHyphen: false),
    ARMNameRule(
      type: "Microsoft.Compute/cloudServices", minLength: 1, maxLength: 64, extraCharacters: ["-", "_", "."],
      startsWithLetter: false, startsAlphanumeric: true, forbiddenLast: ["-", "."], noDoubleHyphen: false),
  ]

  /// The rule most `Microsoft.Network` types share: 1 to 80 letters, digits, `_`, `.` and `-`, starting with a
  /// letter or digit and ending with a letter, digit or `_`.
  static func network(_ type: String) -> ARMNameRule {
    ARMNameRule(
      type: type, minLength: 1, maxLength: 80, extraCharacters: ["-", "_", "."],
      startsWithLetter: false, startsAlphanumeric: true, forbiddenLast: ["-", "."], noDoubleHyphen: false)
  }

  /// `name` fitted to the rule of `type`, or `name` itself when the table has no rule for it.
  public static func fitted(_ name: String, type: String) -> String {
    rule(for: type)?.fitted(name) ?? name
  }

  /// The rule for a type, if the table has one (types compare without case).
  public static func rule(for type: String) -> ARMNameRule? {
    byExactType[type] ?? byLowercasedType[type.lowercased()]
  }

  /// The table by lowercased type, the first rule of a type winning.
  private static let byLowercasedType = Dictionary(
    table.map { ($0.type.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
  /// The same rules under the types as the table spells them, so the usual lookup lowercases nothing.
  private static let byExactType = Dictionary(
    table.map { ($0.type, byLowercasedType[$0.type.lowercased()] ?? $0) }, uniquingKeysWith: { first, _ in first })

  /// `name` when it is valid, else a valid name made from it deterministically: characters the rule refuses become
  /// `-` (or are dropped where `-` is refused), repeated hyphens fold when refused, leading characters that may not
  /// start a name are dropped (`x` is put first where a letter must be), and the name is cut to leave
  /// room for `-` and six hex digits of the FNV-1a hash of the original name, so two cut names stay apart.
  public func fitted(_ name: String) -> String {
    guard violation(of: name) != nil else { return name }
    let hyphen = extraCharacters.contains("-")
    let isAlphanumeric: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
    var cleaned = String(
      name.compactMap { character -> Character? in
        isAlphanumeric(character) || extraCharacters.contains(character) ? character : (hyphen ? "-" : nil)
      })
    if noDoubleHyphen {
      while cleaned.contains("--") { cleaned = cleaned.replacingOccurrences(of: "--", with: "-") }
    }
    if startsAlphanumeric || startsWithLetter {
      cleaned = String(cleaned.drop { !isAlphanumeric($0) })
    }
    if startsWithLetter, !(cleaned.first.map { $0.isASCII && $0.isLetter } ?? false) { cleaned = "x" + cleaned }
    let hash = ARMNameRule.fnv1a(name)
    let digits = String(hash & 0xFF_FFFF, radix: 16)
    let hex = String(repeating: "0", count: 6 - digits.count) + digits
    var base = String(cleaned.prefix(max(0, maxLength - hex.count - (hyphen ? 1 : 0))))
    while let last = base.last, forbiddenLast.contains(last) || last == "-" { base.removeLast() }
    return base.isEmpty ? hex : base + (hyphen ? "-" : "") + hex
  }

  /// The 64-bit FNV-1a hash of a text's UTF-8 bytes.
  static func fnv1a(_ text: String) -> UInt64 {
    text.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { hash, byte in (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
  }

  /// Why `name` breaks the rule, or `nil` when it is valid.
  ///
  /// An ASCII name the rule accepts is recognised byte by byte (a plan checks every name it makes, tens of
  /// thousands on a large estate); anything else is judged, and its reason worded, by ``generalViolation(of:)``.
  public func violation(of name: String) -> String? {
    if name.utf8.withContiguousStorageIfAvailable({ acceptsASCII($0) }) == true { return nil }
    return generalViolation(of: name)
  }

  /// Whether `bytes` are ASCII without a carriage return (so each byte is one `Character`) and make a name the
  /// rule accepts; `false` also when the answer needs ``generalViolation(of:)``.
  func acceptsASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count >= minLength, bytes.count <= maxLength, let first = bytes.first, let last = bytes.last else {
      return false
    }
    var previous: UInt8 = 0
    for byte in bytes {
      guard byte < 0x80, byte != 0x0D else { return false }
      if !Self.isASCIIAlphanumeric(byte) && !extraCharacters.contains(Character(Unicode.Scalar(byte))) {
        return false
      }
      if noDoubleHyphen && byte == UInt8(ascii: "-") && previous == UInt8(ascii: "-") { return false }
      previous = byte
    }
    if startsWithLetter && !Self.isASCIILetter(first) { return false }
    if startsAlphanumeric && !Self.isASCIIAlphanumeric(first) { return false }
    return !forbiddenLast.contains(Character(Unicode.Scalar(last)))
  }

  static func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }

  static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
  }

  /// Why `name` breaks the rule, or `nil` when it is valid, judged character by character (any text).
  func generalViolation(of name: String) -> String? {
    guard name.count >= minLength, name.count <= maxLength else {
      return "must be \(minLength) to \(maxLength) characters long (is \(name.count))"
    }
    let isAlphanumeric: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
    if let bad = name.first(where: { !isAlphanumeric($0) && !extraCharacters.contains($0) }) {
      return "may not contain '\(bad)'"
    }
    if let first = name.first {
      if startsWithLetter && !(first.isASCII && first.isLetter) { return "must start with a letter" }
      if startsAlphanumeric && !isAlphanumeric(first) { return "must start with a letter or digit" }
    }
    if let last = name.last, forbiddenLast.contains(last) { return "may not end with '\(last)'" }
    if noDoubleHyphen && name.contains("--") { return "may not contain consecutive hyphens" }
    return nil
  }
}
