/// Which revision of the platform documentation the mapper follows where revisions differ.
/// The ARM mapper's name for the platform's rule revision (one type: ``RulesRevision``).
public typealias PlatformRevision = RulesRevision

/// Caller options for `arm/plan`, `arm/template` and `artifacts/rewrite`.
public struct ARMPlanOptions: Codable, Sendable, Hashable {
  /// `platform` (default) or `custom`.
  public var naming: ARMNamingProfile?
  /// With `custom`: platform name → caller name, for any resource or resource group.
  public var names: [String: String]?
  /// The rules revision (default `2021-02`, as for validation).
  public var revision: PlatformRevision?
  /// `Auto` (default), `Manual` or `Simultaneous`.
  public var upgradeMode: String?
  /// The ARM location when the estate names none (default `westeurope` is never assumed: `estate` regions win).
  public var location: String?

  /// Creates options.
  public init(
    naming: ARMNamingProfile? = nil, names: [String: String]? = nil, revision: PlatformRevision? = nil,
    upgradeMode: String? = nil, location: String? = nil
  ) {
    self.naming = naming
    self.names = names
    self.revision = revision
    self.upgradeMode = upgradeMode
    self.location = location
  }

  /// The profile in effect.
  public var effectiveNaming: ARMNamingProfile { naming ?? .platform }
  /// The revision in effect.
  public var effectiveRevision: PlatformRevision { revision ?? .defaultRevision }
  /// The upgrade mode in effect.
  public var effectiveUpgradeMode: String { upgradeMode ?? "Auto" }

  /// The name to use for a resource the platform would call `platformName`.
  public func name(for platformName: String) -> String {
    guard effectiveNaming == .custom, let custom = names?[platformName] else { return platformName }
    return custom
  }

  /// ARM location form of a classic region (`West Europe` → `westeurope`).
  public static func armLocation(_ region: String) -> String {
    region.lowercased().filter { !$0.isWhitespace }
  }
}
