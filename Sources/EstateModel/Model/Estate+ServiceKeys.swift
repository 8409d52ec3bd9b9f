extension Estate {
  /// Names each gateway connection that targets an ExpressRoute circuit by its service key after the circuit
  /// instead, so the key (a credential) appears nowhere but in the circuit's ``SecretText``.
  mutating func nameConnectionsByCircuit() {
    var names: [String: String] = [:]
    for circuit in expressRouteCircuits {
      if let key = circuit.serviceKey?.text, !key.isEmpty { names[key] = circuit.name }
    }
    guard !names.isEmpty else { return }
    for network in virtualNetworks.indices {
      guard var gateway = virtualNetworks[network].gateway else { continue }
      for connection in gateway.connections.indices {
        if let name = names[gateway.connections[connection].target] { gateway.connections[connection].target = name }
      }
      virtualNetworks[network].gateway = gateway
    }
  }
}
