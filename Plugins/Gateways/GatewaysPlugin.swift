import EstateModel
public import PluginAPI
import WorkerProtocol

/// Gateways: VPN, ExpressRoute and Application Gateway blockers, with a remove / migrate / recreate runbook.
public struct GatewaysPlugin: WorkerPlugin {
  public let name = "gateways"
  public let version = "1.0.0"
  public let summary = "Inventories classic gateways and plans their removal before, and recreation after, migration."

  /// Makes the plugin.
  public init() {}

  public var methods: [MethodSpec] {
    [
      Self.inventory.asTool(
        title: "Gateways, connections and circuits of classic VNets",
        use: "Use it when validation reports a gateway blocker, to see what the VNet's gateways connect to."),
      Self.plan.asTool(
        title: "Remove, migrate and recreate runbook for a VNet's gateways",
        use: "Use it for the ordered steps around a gateway blocker: what to record and remove before "
          + "migrating, and what to recreate after migration/commit."),
      Self.recreate.asTool(
        title: "ARM template that recreates a VNet's gateways",
        use: "Use it after migration/commit for the template that recreates the removed gateways and "
          + "connections (shared keys stay in Key Vault)."),
    ]
  }
  public var validationRules: [ValidationRule] { GatewayRules.all }

  struct InventoryParams: Decodable, Sendable {
    let estate: EstateReference
    let virtualNetwork: String?
  }

  struct NetworkParams: Decodable, Sendable {
    let estate: EstateReference
    let virtualNetwork: String
  }

  static let errors: [ErrorCode] = [.invalidInput, .pathOutsideRoot, .notFound]

  static func paramsSchema(networkRequired: Bool) -> JSONValue {
    [
      "type": "object", "required": networkRequired ? ["estate", "virtualNetwork"] : ["estate"],
      "properties": [
        "estate": EstateReference.jsonSchema,
        "virtualNetwork": ["type": "string", "description": "The classic VNet name, exactly as in the .netcfg."],
      ],
    ]
  }

  /// Resolves the estate and, when named, the VNet (1002 with `data.field` = `virtualNetwork` when unknown).
  static func resolve(
    _ reference: EstateReference, network: String?, context: RequestContext
  ) throws -> (Estate, [VirtualNetwork]) {
    let estates = try context.services.require((any EstateResolving).self)
    let estate = try estates.resolve(
      reference, field: "estate", producingFor: network.map(MigrationTarget.virtualNetwork)
    ).load.estate
    guard let network else { return (estate, estate.virtualNetworks) }
    guard let found = estate.gatewayNetwork(named: network) else {
      throw PluginError(
        code: .notFound, message: "The estate has no virtual network named \(network)",
        data: ["field": "virtualNetwork"])
    }
    return (estate, [found])
  }

  static let inventory = MethodSpec.codable(
    name: "gateways/inventory",
    summary: "Lists every gateway, connection, local network site and circuit of the estate (or one VNet), "
      + "with what depends on each.",
    paramsSchema: paramsSchema(networkRequired: false),
    resultSchema: [
      "type": "object", "required": ["virtualNetworks", "localNetworkSites", "circuits"],
      "properties": [
        "virtualNetworks": ["type": "array"], "localNetworkSites": ["type": "array"], "circuits": ["type": "array"],
      ],
    ],
    errors: errors
  ) { (params: InventoryParams, context) -> GatewayInventory in
    let (estate, networks) = try resolve(params.estate, network: params.virtualNetwork, context: context)
    return try context.reportingSteps { () throws(PluginError) in
      try GatewayInventory(estate: estate, networks: networks)
    }
  }

  static let plan = MethodSpec.codable(
    name: "gateways/plan",
    summary: "Returns the ordered remove / migrate / recreate runbook for a VNet's gateways, circuits, peerings and "
      + "Application Gateways.",
    paramsSchema: paramsSchema(networkRequired: true),
    resultSchema: [
      "type": "object", "required": ["virtualNetwork", "resourceGroup", "downtimePrefixes", "blockers", "steps"],
      "properties": ["steps": ["type": "array"]],
    ],
    errors: errors
  ) { (params: NetworkParams, context) -> GatewayRunbook in
    let (estate, networks) = try resolve(params.estate, network: params.virtualNetwork, context: context)
    let facts = GatewayFacts(network: networks[0], estate: estate)
    try context.stopIfCancelled()
    return RunbookBuilder.build(facts, subscription: estate.subscription?.id ?? "{subscription-id}")
  }

  static let recreate = MethodSpec.codable(
    name: "gateways/recreate",
    summary: "Returns a deployable ARM template (and parameters file) recreating a VNet's gateways, local network "
      + "gateways and connections after migration; shared keys are secure parameters.",
    paramsSchema: paramsSchema(networkRequired: true),
    resultSchema: [
      "type": "object", "required": ["template", "parameters", "findings"],
      "properties": ["template": ["type": "object"], "parameters": ["type": "object"], "findings": ["type": "array"]],
    ],
    errors: errors
  ) { (params: NetworkParams, context) -> ARMTemplateBundle in
    let (estate, networks) = try resolve(params.estate, network: params.virtualNetwork, context: context)
    var builder = GatewayTemplate(facts: GatewayFacts(network: networks[0], estate: estate), estate: estate)
    try context.stopIfCancelled()
    let plan = builder.build()
    return builder.bundle(for: plan)
  }
}
