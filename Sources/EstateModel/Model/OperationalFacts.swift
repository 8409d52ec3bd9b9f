/// A classic extension (RDP, Diagnostics, Antimalware...) applied to a role or to all roles.
public struct RoleExtension: Codable, Sendable, Hashable {
  /// The extension name or ID as known to ASM.
  public var name: String
  /// The extension type (`RDP`, `PaaSDiagnostics`...), when known.
  public var type: String?
  /// The publisher namespace, when known.
  public var publisher: String?
  /// The version, when known.
  public var version: String?
  /// Whether it is enabled (disabled extensions are not migrated).
  public var enabled: Bool
  /// Public settings.
  public var publicSettings: JSONFragment?
  /// Protected settings: always a secret, never encoded.
  public var protectedSettings: ConfigValue?

  /// Creates an extension.
  public init(
    name: String, type: String? = nil, publisher: String? = nil, version: String? = nil, enabled: Bool = true,
    publicSettings: JSONFragment? = nil, protectedSettings: ConfigValue? = nil
  ) {
    self.name = name
    self.type = type
    self.publisher = publisher
    self.version = version
    self.enabled = enabled
    self.publicSettings = publicSettings
    self.protectedSettings = protectedSettings
  }
}

/// An autoscale rule configured for a role (dropped by migration).
public struct AutoscaleRule: Codable, Sendable, Hashable {
  /// The role it scales.
  public var role: String
  /// The slot, when not production.
  public var slot: DeploymentSlot?
  /// The metric (`Percentage CPU`, a queue length...).
  public var metric: String
  /// The comparison (`GreaterThan`...).
  public var `operator`: String?
  /// The threshold.
  public var threshold: Double?
  /// `Increase` or `Decrease`.
  public var direction: String?
  /// Instances added or removed per action.
  public var changeCount: Int?
  /// Cool-down in minutes.
  public var cooldownMinutes: Int?
  /// Minimum instance count.
  public var minimumInstances: Int?
  /// Maximum instance count.
  public var maximumInstances: Int?
  /// Whether the rule is enabled.
  public var enabled: Bool
}

/// A classic alert rule (dropped by migration).
public struct AlertRule: Codable, Sendable, Hashable {
  /// The alert name.
  public var name: String
  /// The role it watches, when role-specific.
  public var role: String?
  /// The metric.
  public var metric: String
  /// The condition (`GreaterThan`...).
  public var condition: String?
  /// The threshold.
  public var threshold: Double?
  /// The evaluation window in minutes.
  public var windowMinutes: Int?
  /// Whether the alert is enabled.
  public var enabled: Bool
}

/// A just-in-time access policy on a cloud service's roles.
public struct JITPolicy: Codable, Sendable, Hashable {
  /// The policy name.
  public var name: String
  /// The cloud service it covers.
  public var service: String
  /// The roles it covers (empty: all).
  public var roles: [String]
  /// The ports it opens on request.
  public var ports: [Int]
  /// The maximum request duration in hours.
  public var maxRequestHours: Int?
}

/// A role-based access control assignment scoped to classic resources.
public struct RBACAssignment: Codable, Sendable, Hashable {
  /// The principal (object ID or sign-in name).
  public var principal: String
  /// `User`, `Group` or `ServicePrincipal`.
  public var principalType: String?
  /// The role definition name (`Classic Virtual Machine Contributor`...).
  public var role: String
  /// The scope (a classic resource ID).
  public var scope: String
}

/// An ARM quota the migrated resources will consume.
public struct ARMQuota: Codable, Sendable, Hashable {
  /// The region.
  public var region: String
  /// The quota name (`cores`, `standardDv2Family`, `PublicIPAddresses`...).
  public var resource: String
  /// The limit.
  public var limit: Int
  /// The current usage.
  public var used: Int
}
