/// A `Certificates/Certificate` declaration in a `.csdef`.
public struct CertificateDeclaration: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `@storeLocation` (`LocalMachine` or `CurrentUser`).
  public var storeLocation: String?
  /// `@storeName` (`My`, `Root`, `CA`...).
  public var storeName: String?
  /// `@permissionLevel`.
  public var permissionLevel: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a declaration.
  public init(
    name: String, storeLocation: String? = nil, storeName: String? = nil, permissionLevel: String? = nil,
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.storeLocation = storeLocation
    self.storeName = storeName
    self.permissionLevel = permissionLevel
    self.location = location
  }
}

/// An `Imports/Import` of a legacy plugin module (RemoteAccess, RemoteForwarder, Diagnostics, Caching...).
public struct PluginImport: Codable, Sendable, Hashable {
  /// `@moduleName`, exactly as written.
  public var moduleName: String
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates an import.
  public init(moduleName: String, location: SourceLocation? = nil) {
    self.moduleName = moduleName
    self.location = location
  }
}

/// A `Startup/Task`.
public struct StartupTask: Codable, Sendable, Hashable {
  /// `@commandLine`.
  public var commandLine: String
  /// `@executionContext` (`limited` or `elevated`), when present.
  public var executionContext: String?
  /// `@taskType` (`simple`, `background`, `foreground`), when present.
  public var taskType: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a task.
  public init(
    commandLine: String, executionContext: String? = nil, taskType: String? = nil,
    location: SourceLocation? = nil
  ) {
    self.commandLine = commandLine
    self.executionContext = executionContext
    self.taskType = taskType
    self.location = location
  }
}

/// A `LocalResources/LocalStorage`.
public struct LocalResource: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `@sizeInMB`.
  public var sizeInMB: Int?
  /// `@cleanOnRoleRecycle`.
  public var cleanOnRoleRecycle: Bool?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a local resource.
  public init(name: String, sizeInMB: Int? = nil, cleanOnRoleRecycle: Bool? = nil, location: SourceLocation? = nil) {
    self.name = name
    self.sizeInMB = sizeInMB
    self.cleanOnRoleRecycle = cleanOnRoleRecycle
    self.location = location
  }
}

/// A `ConfigurationSettings/Setting` declaration (a name without a value) in a `.csdef`.
public struct SettingDeclaration: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a declaration.
  public init(name: String, location: SourceLocation? = nil) {
    self.name = name
    self.location = location
  }
}

/// A `Sites/Site` of a web role with its bindings.
public struct Site: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `@physicalDirectory`, when present.
  public var physicalDirectory: String?
  /// `Bindings/Binding`.
  public var bindings: [SiteBinding]
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a site.
  public init(
    name: String, physicalDirectory: String? = nil, bindings: [SiteBinding] = [],
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.physicalDirectory = physicalDirectory
    self.bindings = bindings
    self.location = location
  }
}

/// A `Binding` of a site to an endpoint.
public struct SiteBinding: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `@endpointName`.
  public var endpointName: String
  /// `@hostHeader`, when present.
  public var hostHeader: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a binding.
  public init(name: String, endpointName: String, hostHeader: String? = nil, location: SourceLocation? = nil) {
    self.name = name
    self.endpointName = endpointName
    self.hostHeader = hostHeader
    self.location = location
  }
}

/// A `LoadBalancerProbes/LoadBalancerProbe`.
public struct LoadBalancerProbe: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `@protocol` (`http` or `tcp`).
  public var `protocol`: String?
  /// `@path` (HTTP probes).
  public var path: String?
  /// `@port`.
  public var port: Int?
  /// `@intervalInSeconds` (default 15).
  public var intervalInSeconds: Int?
  /// `@timeoutInSeconds` (default 31).
  public var timeoutInSeconds: Int?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a probe.
  public init(
    name: String, protocol: String? = nil, path: String? = nil, port: Int? = nil,
    intervalInSeconds: Int? = nil, timeoutInSeconds: Int? = nil, location: SourceLocation? = nil
  ) {
    self.name = name
    self.protocol = `protocol`
    self.path = path
    self.port = port
    self.intervalInSeconds = intervalInSeconds
    self.timeoutInSeconds = timeoutInSeconds
    self.location = location
  }
}

/// A role endpoint named by a traffic rule.
public struct RoleEndpointRef: Codable, Sendable, Hashable {
  /// `@roleName`.
  public var roleName: String
  /// `@endpointName`.
  public var endpointName: String

  /// Creates a reference.
  public init(roleName: String, endpointName: String) {
    self.roleName = roleName
    self.endpointName = endpointName
  }
}

/// A `NetworkTrafficRules/OnlyAllowTrafficTo` rule.
public struct NetworkTrafficRule: Codable, Sendable, Hashable {
  /// `Destinations/RoleEndpoint` entries.
  public var destinations: [RoleEndpointRef]
  /// Whether the rule says `AllowAllTraffic`.
  public var allowAllTraffic: Bool
  /// `WhenSource/FromRole@roleName` entries.
  public var fromRoles: [String]
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a rule.
  public init(
    destinations: [RoleEndpointRef], allowAllTraffic: Bool, fromRoles: [String],
    location: SourceLocation? = nil
  ) {
    self.destinations = destinations
    self.allowAllTraffic = allowAllTraffic
    self.fromRoles = fromRoles
    self.location = location
  }
}
