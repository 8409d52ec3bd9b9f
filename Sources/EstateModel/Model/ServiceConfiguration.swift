/// A parsed ServiceConfiguration (`.cscfg`) file.
public struct ServiceConfiguration: Codable, Sendable, Hashable {
  /// The service-wide attributes and the network configuration.
  public var header: ServiceConfigurationHeader
  /// The `Role` elements, in file order.
  public var roles: [RoleConfiguration]

  /// Creates a configuration.
  public init(header: ServiceConfigurationHeader, roles: [RoleConfiguration]) {
    self.header = header
    self.roles = roles
  }
}

/// The service-wide part of a `.cscfg`.
public struct ServiceConfigurationHeader: Codable, Sendable, Hashable {
  /// `@serviceName`, exactly as written.
  public var serviceName: String
  /// `@osFamily`, when present.
  public var osFamily: String?
  /// `@osVersion`, when present.
  public var osVersion: String?
  /// `@schemaVersion`, when present.
  public var schemaVersion: String?
  /// The `NetworkConfiguration` section, when present.
  public var network: ConfigurationNetwork?
  /// Where the root element is.
  public var location: SourceLocation?

  /// Creates a header.
  public init(
    serviceName: String, osFamily: String? = nil, osVersion: String? = nil, schemaVersion: String? = nil,
    network: ConfigurationNetwork? = nil, location: SourceLocation? = nil
  ) {
    self.serviceName = serviceName
    self.osFamily = osFamily
    self.osVersion = osVersion
    self.schemaVersion = schemaVersion
    self.network = network
    self.location = location
  }
}

/// A `Role` element of a `.cscfg`.
public struct RoleConfiguration: Codable, Sendable, Hashable {
  /// `@name`, exactly as written.
  public var name: String
  /// `@vmName`, when present.
  public var vmName: String?
  /// `Instances@count`, or nil when missing or not a number (a problem is reported then).
  public var instanceCount: Int?
  /// `ConfigurationSettings/Setting` with their values (secrets flagged).
  public var settings: [ConfiguredSetting]
  /// `Certificates/Certificate` with their thumbprints.
  public var certificates: [ConfiguredCertificate]
  /// Where the role element is.
  public var location: SourceLocation?

  /// Creates a role configuration.
  public init(
    name: String, vmName: String? = nil, instanceCount: Int? = nil, settings: [ConfiguredSetting] = [],
    certificates: [ConfiguredCertificate] = [], location: SourceLocation? = nil
  ) {
    self.name = name
    self.vmName = vmName
    self.instanceCount = instanceCount
    self.settings = settings
    self.certificates = certificates
    self.location = location
  }
}

/// A setting with its value; the value is marked secret when the name says it holds one.
public struct ConfiguredSetting: Codable, Sendable, Hashable {
  /// `@name`.
  public var name: String
  /// `@value`, possibly secret.
  public var value: ConfigValue
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a setting.
  public init(name: String, value: ConfigValue, location: SourceLocation? = nil) {
    self.name = name
    self.value = value
    self.location = location
  }
}

/// A certificate reference with its thumbprint.
public struct ConfiguredCertificate: Codable, Sendable, Hashable {
  /// `@name`, matching a `.csdef` certificate declaration.
  public var name: String
  /// `@thumbprint`, as written.
  public var thumbprint: String
  /// `@thumbprintAlgorithm` (`sha1`), when present.
  public var thumbprintAlgorithm: String?
  /// Where the element is.
  public var location: SourceLocation?

  /// Creates a certificate reference.
  public init(name: String, thumbprint: String, thumbprintAlgorithm: String? = nil, location: SourceLocation? = nil) {
    self.name = name
    self.thumbprint = thumbprint
    self.thumbprintAlgorithm = thumbprintAlgorithm
    self.location = location
  }
}
