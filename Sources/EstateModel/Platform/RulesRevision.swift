/// A revision of the platform's rules; each rule says which revisions it belongs to.
public enum RulesRevision: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
  /// The public-preview behaviour (February 2021): legacy sizes migrate and are renamed.
  case preview2021 = "2021-02"
  /// The documented behaviour since July 2024: legacy sizes block, Azure Batch VNets are unsupported.
  case current2024 = "2024-07"

  /// The default revision when a request names none.
  public static let defaultRevision = RulesRevision.preview2021

  public static func < (lhs: RulesRevision, rhs: RulesRevision) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The name prefix of the VNet a deployment outside a customer VNet lands in.
  public var defaultNetworkPrefix: String { self == .preview2021 ? "DefaultNetwork" : "DefaultRdfeVnet" }
}
