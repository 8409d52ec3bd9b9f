/// The three kinds of role endpoint a `.csdef` declares.
public enum EndpointKind: String, Codable, Sendable, Hashable, CaseIterable {
  /// `InputEndpoint`: load-balanced, public.
  case input = "InputEndpoint"
  /// `InternalEndpoint`: reachable from other role instances only.
  case `internal` = "InternalEndpoint"
  /// `InstanceInputEndpoint`: a public port per instance, from a range.
  case instanceInput = "InstanceInputEndpoint"
}

/// An inclusive port range (`FixedPortRange@min/@max`).
public struct PortRange: Codable, Sendable, Hashable {
  /// The first port.
  public var min: Int
  /// The last port.
  public var max: Int

  /// Creates a range.
  public init(min: Int, max: Int) {
    self.min = min
    self.max = max
  }
}

/// A role endpoint of any of the three kinds.
public struct Endpoint: Codable, Sendable, Hashable {
  /// `@name`, exactly as written.
  public var name: String
  /// Input, internal or instance input.
  public var kind: EndpointKind
  /// `@protocol` as written (`http`, `https`, `tcp`, `udp`, `any`).
  public var `protocol`: String?
  /// `@port` (input and internal endpoints).
  public var port: Int?
  /// `@localPort` as written (may be `*`).
  public var localPort: String?
  /// `@certificate` of an HTTPS input endpoint.
  public var certificate: String?
  /// `@loadBalancer` (an internal load balancer name from the `.cscfg`).
  public var loadBalancer: String?
  /// `@loadBalancerProbe`.
  public var loadBalancerProbe: String?
  /// `@ignoreRoleInstanceStatus`.
  public var ignoreRoleInstanceStatus: Bool?
  /// `FixedPort@port` children of an internal endpoint.
  public var fixedPorts: [Int]
  /// `FixedPortRange` of an internal endpoint, or `AllocatePublicPortFrom/FixedPortRange` of an instance input one.
  public var portRange: PortRange?
  /// Where the endpoint element is.
  public var location: SourceLocation?

  /// Creates an endpoint.
  public init(
    name: String, kind: EndpointKind, protocol: String? = nil, port: Int? = nil, localPort: String? = nil,
    certificate: String? = nil, loadBalancer: String? = nil, loadBalancerProbe: String? = nil,
    ignoreRoleInstanceStatus: Bool? = nil, fixedPorts: [Int] = [], portRange: PortRange? = nil,
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.kind = kind
    self.protocol = `protocol`
    self.port = port
    self.localPort = localPort
    self.certificate = certificate
    self.loadBalancer = loadBalancer
    self.loadBalancerProbe = loadBalancerProbe
    self.ignoreRoleInstanceStatus = ignoreRoleInstanceStatus
    self.fixedPorts = fixedPorts
    self.portRange = portRange
    self.location = location
  }
}
