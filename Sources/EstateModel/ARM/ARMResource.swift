/// Where an ARM resource comes from in the classic estate.
public struct ARMClassicSource: Codable, Sendable, Hashable {
  /// What kind of classic thing it was: `deployment`, `virtualNetwork`, `defaultVirtualNetwork`, `reservedIP`,
  /// `virtualIP`, `networkSecurityGroup`, `routeTable`, `certificates`, `cloudService`, or a plugin's own kind.
  public var kind: String
  /// The classic name (service, VNet, reserved IP...).
  public var name: String
  /// The cloud service it belongs to, when any.
  public var service: String?
  /// Where it was declared, when it came from a file.
  public var location: SourceLocation?

  /// Creates a source.
  public init(kind: String, name: String, service: String? = nil, location: SourceLocation? = nil) {
    self.kind = kind
    self.name = name
    self.service = service
    self.location = location
  }
}

/// One ARM resource the migration creates.
public struct ARMResource: Codable, Sendable, Hashable {
  /// The full resource ID (`/subscriptions/…/resourceGroups/…/providers/<type>/<name>`).
  public var id: String
  /// The resource type (`Microsoft.Compute/cloudServices`).
  public var type: String
  /// The API version the template uses.
  public var apiVersion: String
  /// The resource name.
  public var name: String
  /// The resource group it lives in.
  public var resourceGroup: String
  /// The ARM location (`westeurope`).
  public var location: String
  /// The SKU object, for types that have one (public IPs, key vaults keep theirs in properties).
  public var sku: ARMValue?
  /// The resource's `properties`.
  public var properties: ARMValue
  /// IDs of resources that must exist first.
  public var dependsOn: [String]
  /// The classic source.
  public var source: ARMClassicSource
  /// The deployment stage that creates it: `nil` for the main template, else ``ARMStage``.
  public var stage: ARMStage?
  /// An ARM `condition` expression (`[parameters('createVault_x')]`), when the resource is created only sometimes.
  public var condition: String?

  /// Creates a resource; `id` is derived from subscription, group, type and name.
  public init(
    subscriptionID: String, type: String, apiVersion: String, name: String, resourceGroup: String,
    location: String, sku: ARMValue? = nil, properties: ARMValue = .object([:]), dependsOn: [String] = [],
    source: ARMClassicSource, stage: ARMStage? = nil, condition: String? = nil
  ) {
    self.id = ARMResource.id(subscriptionID: subscriptionID, resourceGroup: resourceGroup, type: type, name: name)
    self.type = type
    self.apiVersion = apiVersion
    self.name = name
    self.resourceGroup = resourceGroup
    self.location = location
    self.sku = sku
    self.properties = properties
    self.dependsOn = dependsOn
    self.source = source
    self.stage = stage
    self.condition = condition
  }

  /// Whether the resource is of `type`; ARM types compare without case.
  public func isOfType(_ type: String) -> Bool { ARMResource.sameType(self.type, type) }

  /// Whether two ARM types are the same without case (``Swift/String/equalsIgnoringCase(_:)``).
  public static func sameType(_ left: String, _ right: String) -> Bool { left.equalsIgnoringCase(right) }

  /// The ARM ID of a resource; a child's type and name segments interleave (`…/virtualNetworks/v/subnets/s`).
  public static func id(subscriptionID: String, resourceGroup: String, type: String, name: String) -> String {
    ARMResourceID(resourceGroup: resourceGroup, type: type, name: name).literal(subscriptionID: subscriptionID)
  }
}

/// A resource group the migration creates.
public struct ARMResourceGroup: Codable, Sendable, Hashable {
  /// The name.
  public var name: String
  /// The ARM location.
  public var location: String
  /// The classic source (the cloud service or the VNet).
  public var source: ARMClassicSource

  /// Creates a resource group.
  public init(name: String, location: String, source: ARMClassicSource) {
    self.name = name
    self.location = location
    self.source = source
  }
}

/// Something the mapper found while mapping: an `error` means the platform would refuse the result.
public struct ARMFinding: Codable, Sendable, Hashable {
  /// How serious it is.
  public var severity: Severity
  /// A stable dotted code (`arm.lb-config-limit`).
  public var code: String
  /// For people.
  public var message: String
  /// The ID or name of the resource concerned, when any.
  public var resource: String?

  /// Creates a finding.
  public init(_ severity: Severity, _ code: String, _ message: String, resource: String? = nil) {
    self.severity = severity
    self.code = code
    self.message = message
    self.resource = resource
  }
}

/// A template parameter the plan needs (secure ones are never given a value).
public struct ARMParameter: Codable, Sendable, Hashable {
  /// The parameter name.
  public var name: String
  /// `string`, `securestring`, `int`, `bool`, `array`, `object`.
  public var type: String
  /// What the caller must supply.
  public var description: String
  /// The resource group whose resources use it.
  public var resourceGroup: String
  /// The Key Vault secret holding the value, for secure parameters: read from the group's prerequisite vault.
  public var keyVaultSecretName: String?
  /// The value ARM uses when none is given (never for secure parameters).
  public var defaultValue: ARMValue?

  /// Creates a parameter.
  public init(
    name: String, type: String, description: String, resourceGroup: String, keyVaultSecretName: String? = nil,
    defaultValue: ARMValue? = nil
  ) {
    self.name = name
    self.type = type
    self.description = description
    self.resourceGroup = resourceGroup
    self.keyVaultSecretName = keyVaultSecretName
    self.defaultValue = defaultValue
  }
}

/// A deployment stage before the main template.
public enum ARMStage: String, Codable, Sendable, Hashable {
  /// The prerequisites template: resource groups and Key Vaults, deployed before values are imported.
  case prerequisites
}

/// Something the deployment script puts into a prerequisite Key Vault between the stages.
public struct ARMVaultImport: Codable, Sendable, Hashable {
  /// What is imported.
  public enum Kind: String, Codable, Sendable, Hashable {
    /// A PFX file imported as a Key Vault certificate (its secret has the same name).
    case certificate
    /// A secret value (a protected `.cscfg` setting).
    case secret
  }

  /// Certificate or secret.
  public var kind: Kind
  /// The vault's name.
  public var vault: String
  /// The vault's resource group.
  public var resourceGroup: String
  /// The certificate or secret name in the vault.
  public var name: String
  /// The `.cscfg` thumbprint the imported certificate must have (certificates only).
  public var thumbprint: String?
  /// The environment variable the script reads: the PFX path, or the secret value.
  public var variable: String
  /// For people: where the value comes from.
  public var description: String

  /// Creates an import.
  public init(
    kind: Kind, vault: String, resourceGroup: String, name: String, thumbprint: String? = nil, variable: String,
    description: String
  ) {
    self.kind = kind
    self.vault = vault
    self.resourceGroup = resourceGroup
    self.name = name
    self.thumbprint = thumbprint
    self.variable = variable
    self.description = description
  }
}

/// A name csmigrate changed because the platform's name breaks the resource type's rule.
public struct ARMNameNote: Codable, Sendable, Hashable {
  /// The resource type.
  public var type: String
  /// The name the platform's convention gives.
  public var platformName: String
  /// The name csmigrate emits.
  public var name: String

  /// Creates a note.
  public init(type: String, platformName: String, name: String) {
    self.type = type
    self.platformName = platformName
    self.name = name
  }
}
