/// What one migration operation acts on, as the platform scopes it: one deployment, or a classic
/// virtual network with every cloud service in it.
///
/// On the wire: `{"service": "contoso", "slot": "Production"}`, `{"service": "contoso", "deployment": "d1"}`
/// or `{"virtualNetwork": "vnet-1"}`.
public enum MigrationTarget: Sendable, Hashable, Codable, CustomStringConvertible {
  /// A deployment of a cloud service, by slot (`Production`/`Staging`) or by deployment name.
  case deployment(service: String, slot: String?, deployment: String?)
  /// A classic virtual network.
  case virtualNetwork(String)

  private enum CodingKeys: String, CodingKey {
    case service, slot, deployment, virtualNetwork
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    if let network = try container.decodeIfPresent(String.self, forKey: .virtualNetwork) {
      guard !container.contains(.service) else {
        throw DecodingError.dataCorruptedError(
          forKey: .service, in: container, debugDescription: "give either service or virtualNetwork, not both")
      }
      self = .virtualNetwork(network)
      return
    }
    let service = try container.decode(String.self, forKey: .service)
    self = .deployment(
      service: service, slot: try container.decodeIfPresent(String.self, forKey: .slot),
      deployment: try container.decodeIfPresent(String.self, forKey: .deployment))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .deployment(let service, let slot, let deployment):
      try container.encode(service, forKey: .service)
      try container.encodeIfPresent(slot, forKey: .slot)
      try container.encodeIfPresent(deployment, forKey: .deployment)
    case .virtualNetwork(let network):
      try container.encode(network, forKey: .virtualNetwork)
    }
  }

  public var description: String {
    switch self {
    case .deployment(let service, let slot, let deployment):
      "\(service)/\(deployment ?? slot ?? "Production")"
    case .virtualNetwork(let network): "virtual network \(network)"
    }
  }
}
