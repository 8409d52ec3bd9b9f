/// The kinds of file `EstateLoader.parseArtifact` reads.
public enum ArtifactKind: String, Codable, Sendable, Hashable, CaseIterable {
  /// A ServiceDefinition file.
  case csdef
  /// A ServiceConfiguration file.
  case cscfg
  /// A classic network configuration file.
  case netcfg
  /// ASM Get Deployment.
  case asmDeployment = "asm-deployment"
  /// ASM Get Hosted Service Properties (with or without `embed-detail`).
  case asmHostedService = "asm-hosted-service"
  /// ASM List Hosted Services.
  case asmHostedServices = "asm-hosted-services"
  /// ASM List Reserved IP Addresses or Get Reserved IP Address.
  case asmReservedIPs = "asm-reserved-ips"
  /// ASM Get Network Configuration (which wraps a netcfg).
  case asmNetworkConfig = "asm-network-config"
  /// ASM List Virtual Network Sites.
  case asmVNetSites = "asm-vnet-sites"

  /// The root elements this kind accepts (ASM kinds are checked against them).
  var acceptedRoots: Set<String> {
    switch self {
    case .csdef: ["ServiceDefinition"]
    case .cscfg: ["ServiceConfiguration"]
    case .netcfg, .asmNetworkConfig: ["NetworkConfiguration"]
    case .asmDeployment: ["Deployment"]
    case .asmHostedService: ["HostedService"]
    case .asmHostedServices: ["HostedServices"]
    case .asmReservedIPs: ["ReservedIPs", "ReservedIP"]
    case .asmVNetSites: ["VirtualNetworkSites"]
    }
  }
}

/// The model read from one artifact.
public enum ArtifactModel: Sendable, Hashable, Encodable {
  /// A `.csdef`.
  case serviceDefinition(ServiceDefinition)
  /// A `.cscfg`.
  case serviceConfiguration(ServiceConfiguration)
  /// An ASM export (including a `.netcfg`, read as a network configuration).
  case asm(ASMExport)

  private enum CodingKeys: String, CodingKey {
    case type, value
  }

  /// Encodes as `{"type": ..., "value": ...}` (`type` is `serviceDefinition`, `deployment`, `reservedIPs`...).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .serviceDefinition(let value):
      try container.encode("serviceDefinition", forKey: .type)
      try container.encode(value, forKey: .value)
    case .serviceConfiguration(let value):
      try container.encode("serviceConfiguration", forKey: .type)
      try container.encode(value, forKey: .value)
    case .asm(.deployment(let value)):
      try container.encode("deployment", forKey: .type)
      try container.encode(value, forKey: .value)
    case .asm(.cloudServices(let value)):
      try container.encode("cloudServices", forKey: .type)
      try container.encode(value, forKey: .value)
    case .asm(.reservedIPs(let value)):
      try container.encode("reservedIPs", forKey: .type)
      try container.encode(value, forKey: .value)
    case .asm(.networkConfiguration(let value)):
      try container.encode("networkConfiguration", forKey: .type)
      try container.encode(value, forKey: .value)
    case .asm(.notLoaded(let root)):
      try container.encode("notLoaded", forKey: .type)
      try container.encode(root, forKey: .value)
    }
  }
}

/// The result of parsing one artifact: the model (nil when the file could not be read) and every problem.
public struct ArtifactParseResult: Sendable, Hashable, Encodable {
  /// The kind that was requested (nil when it was detected from the root element).
  public var kind: ArtifactKind?
  /// The model, when the file could be interpreted.
  public var model: ArtifactModel?
  /// Every problem found, in file order.
  public var problems: [Problem]

  /// Creates a result.
  public init(kind: ArtifactKind?, model: ArtifactModel?, problems: [Problem]) {
    self.kind = kind
    self.model = model
    self.problems = problems
  }
}
