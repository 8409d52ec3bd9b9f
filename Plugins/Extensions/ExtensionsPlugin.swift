import EstateModel
public import PluginAPI
import WorkerProtocol

/// Classic plugins and extensions: rules, the extended-support extension profile, `extensions/*` methods.
public struct ExtensionsPlugin: WorkerPlugin {
  public let name = "extensions"
  public let version = "1.0.0"
  public let summary = "Inventories plugins and extensions and converts them to the extended-support extension profile."

  /// Makes the plugin.
  public init() {}

  public var methods: [MethodSpec] {
    [
      Self.inventory.asTool(title: "Classic plugins and extensions per role"),
      Self.convert.asTool(title: "Extension profile for extended support"),
    ]
  }
  public var validationRules: [ValidationRule] { ExtensionRules.all }
  public var armMappingSteps: [ARMMappingStep] { [ExtensionProfileStep.step] }

  struct InventoryParams: Decodable, Sendable {
    let estate: EstateReference
  }

  struct InventoryResult: Encodable, Sendable {
    let deployments: [DeploymentAddOns]
  }

  struct ConvertParams: Decodable, Sendable {
    let estate: EstateReference
    let target: MigrationTarget
    let forceUpdateTag: String?
  }

  struct ConvertResult: Encodable, Sendable {
    let deployments: [DeploymentConversion]
  }

  static let targetSchema: JSONValue = ["type": "object", "description": "{service, slot?|deployment?} or {virtualNetwork}."]

  static let inventory = MethodSpec.codable(
    name: "extensions/inventory",
    summary: "Lists every plugin import and extension per role, enabled or not, with its source and its fate.",
    paramsSchema: ["type": "object", "required": ["estate"], "properties": ["estate": EstateReference.jsonSchema]],
    resultSchema: ["type": "object", "description": "{deployments: [{service, deployment, slot, roles: [{role, addOns}]}]}"],
    errors: [.invalidInput, .pathOutsideRoot, .notFound]
  ) { (params: InventoryParams, context: RequestContext) throws(PluginError) -> InventoryResult in
    let resolved = try context.services.require((any EstateResolving).self).resolve(params.estate, field: "estate")
    return InventoryResult(deployments: AddOnInventory.inventory(of: resolved.load.estate))
  }

  static let convert = MethodSpec.codable(
    name: "extensions/convert",
    summary: "Converts a target's plugins and extensions to extensionProfile entries, parameters and file edits.",
    paramsSchema: [
      "type": "object", "required": ["estate", "target"],
      "properties": [
        "estate": EstateReference.jsonSchema, "target": targetSchema,
        "forceUpdateTag": ["type": "string", "description": "Written as forceUpdateTag on every entry."],
      ],
    ],
    resultSchema: [
      "type": "object",
      "description": "{deployments: [{service, deployment, extensions, parameters, dropped, artifactEdits}]}",
    ],
    errors: [.invalidInput, .pathOutsideRoot, .notFound]
  ) { (params: ConvertParams, context: RequestContext) throws(PluginError) -> ConvertResult in
    let resolved = try context.services.require((any EstateResolving).self).resolve(params.estate, field: "estate")
    let scoped = try TargetScope.deployments(of: params.target, in: resolved.load.estate)
    return ConvertResult(
      deployments: scoped.map { service, deployment in
        ExtensionConverter(service: service.name, deployment: deployment, forceUpdateTag: params.forceUpdateTag)
          .convert()
      })
  }
}

/// The deployments a target names (the same selection as the ARM mapper).
enum TargetScope {
  /// The deployments, or a not-found error naming the field.
  static func deployments(of target: MigrationTarget, in estate: Estate) throws(PluginError)
    -> [(service: CloudService, deployment: Deployment)]
  {
    switch target {
    case .deployment(let name, let slot, let deploymentName):
      guard let service = estate.cloudServices.first(where: { $0.name == name }) else {
        throw PluginError(
          code: .notFound, message: "The estate has no cloud service named \(name)",
          data: ["field": "target.service", "service": .string(name)])
      }
      let deployment: Deployment?
      if let deploymentName {
        deployment = service.deployments.first { $0.name == deploymentName }
      } else {
        let wanted = slot.flatMap { text in DeploymentSlot.allCases.first { $0.rawValue.lowercased() == text.lowercased() } }
        deployment = service.deployment(in: wanted ?? .production)
      }
      guard let deployment else {
        throw PluginError(
          code: .notFound, message: "The cloud service \(name) has no deployment matching the target",
          data: ["field": .string(deploymentName == nil ? "target.slot" : "target.deployment")])
      }
      return [(service, deployment)]
    case .virtualNetwork(let network):
      let found = estate.cloudServices.sorted { $0.name < $1.name }.flatMap { service in
        service.deployments.filter { deployment in
          if let membership = deployment.virtualNetwork { return membership == .named(network) }
          return deployment.configuration?.network?.virtualNetworkSite == network
        }.map { (service, $0) }
      }
      guard !found.isEmpty || estate.virtualNetworks.contains(where: { $0.name == network }) else {
        throw PluginError(
          code: .notFound, message: "The estate has no virtual network named \(network)",
          data: ["field": "target.virtualNetwork", "virtualNetwork": .string(network)])
      }
      return found
    }
  }
}
