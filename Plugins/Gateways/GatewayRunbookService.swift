public import EstateModel
public import PluginAPI
public import WorkerProtocol

/// The `gateways/plan` runbook as a service, for plugins that show it (the readiness report).
public struct GatewayRunbookService: GatewayRunbookPlanning {
  /// Makes the service.
  public init() {}

  /// The runbook when some step removes a resource or interrupts connectivity; `nil` otherwise.
  public func runbook(for network: VirtualNetwork, in estate: Estate) -> JSONValue? {
    let runbook = RunbookBuilder.build(
      GatewayFacts(network: network, estate: estate), subscription: estate.subscription?.id ?? "{subscription-id}")
    guard runbook.steps.contains(where: { $0.causesDowntime || $0.action == "remove" }) else { return nil }
    return try? CodableBridge.encode(runbook)
  }
}
