/// A parsed ServiceDefinition (`.csdef`) file.
public struct ServiceDefinition: Codable, Sendable, Hashable {
  /// The service-wide attributes and sections of the definition (everything except the roles).
  public var header: ServiceDefinitionHeader
  /// The roles, in file order.
  public var roles: [RoleDefinition]

  /// Creates a definition.
  public init(header: ServiceDefinitionHeader, roles: [RoleDefinition]) {
    self.header = header
    self.roles = roles
  }
}

/// The service-wide part of a `.csdef`: name, schema version, probes and traffic rules.
public struct ServiceDefinitionHeader: Codable, Sendable, Hashable {
  /// `ServiceDefinition@name`, exactly as written.
  public var name: String
  /// `@schemaVersion`, when present.
  public var schemaVersion: String?
  /// `@upgradeDomainCount`, when present (the platform default is 5).
  public var upgradeDomainCount: Int?
  /// `@topologyChangeDiscovery` (`Blast` or `UpgradeDomainWalk`), when present.
  public var topologyChangeDiscovery: String?
  /// `LoadBalancerProbes/LoadBalancerProbe`.
  public var loadBalancerProbes: [LoadBalancerProbe]
  /// `NetworkTrafficRules/OnlyAllowTrafficTo`.
  public var networkTrafficRules: [NetworkTrafficRule]
  /// Where the root element is.
  public var location: SourceLocation?

  /// Creates a header.
  public init(
    name: String, schemaVersion: String? = nil, upgradeDomainCount: Int? = nil,
    topologyChangeDiscovery: String? = nil, loadBalancerProbes: [LoadBalancerProbe] = [],
    networkTrafficRules: [NetworkTrafficRule] = [], location: SourceLocation? = nil
  ) {
    self.name = name
    self.schemaVersion = schemaVersion
    self.upgradeDomainCount = upgradeDomainCount
    self.topologyChangeDiscovery = topologyChangeDiscovery
    self.loadBalancerProbes = loadBalancerProbes
    self.networkTrafficRules = networkTrafficRules
    self.location = location
  }
}

/// Whether a role is a web role (IIS) or a worker role.
public enum RoleKind: String, Codable, Sendable, Hashable, CaseIterable {
  /// `WebRole`.
  case web = "WebRole"
  /// `WorkerRole`.
  case worker = "WorkerRole"
}

/// A `WebRole` or `WorkerRole` element of a `.csdef`.
public struct RoleDefinition: Codable, Sendable, Hashable {
  /// `@name`, exactly as written.
  public var name: String
  /// Web or worker.
  public var kind: RoleKind
  /// `@vmsize` as written, or nil when absent (the platform then uses `Small`).
  public var vmSizeAttribute: String?
  /// `@enableNativeCodeExecution`, when present.
  public var enableNativeCodeExecution: Bool?
  /// `Runtime@executionContext`, when present.
  public var runtimeExecutionContext: String?
  /// Input, internal and instance input endpoints, in file order.
  public var endpoints: [Endpoint]
  /// `Certificates/Certificate` declarations.
  public var certificates: [CertificateDeclaration]
  /// `Imports/Import` plugin modules.
  public var imports: [PluginImport]
  /// `Startup/Task` entries.
  public var startupTasks: [StartupTask]
  /// `LocalResources/LocalStorage` entries.
  public var localResources: [LocalResource]
  /// `ConfigurationSettings/Setting` declarations (names only).
  public var settings: [SettingDeclaration]
  /// `Sites/Site` entries of a web role.
  public var sites: [Site]
  /// Where the role element is.
  public var location: SourceLocation?

  /// The VM size in effect: the attribute, or `Small` when it is absent.
  public var vmSize: String { vmSizeAttribute ?? "Small" }

  /// Creates a role definition.
  public init(
    name: String, kind: RoleKind, vmSizeAttribute: String? = nil, enableNativeCodeExecution: Bool? = nil,
    runtimeExecutionContext: String? = nil, endpoints: [Endpoint] = [],
    certificates: [CertificateDeclaration] = [], imports: [PluginImport] = [], startupTasks: [StartupTask] = [],
    localResources: [LocalResource] = [], settings: [SettingDeclaration] = [], sites: [Site] = [],
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.kind = kind
    self.vmSizeAttribute = vmSizeAttribute
    self.enableNativeCodeExecution = enableNativeCodeExecution
    self.runtimeExecutionContext = runtimeExecutionContext
    self.endpoints = endpoints
    self.certificates = certificates
    self.imports = imports
    self.startupTasks = startupTasks
    self.localResources = localResources
    self.settings = settings
    self.sites = sites
    self.location = location
  }
}
