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
      Self.inventory.asTool(
        title: "Classic plugins and extensions per role",
        use: "Use it to see each role's classic plugins and extensions and what happens to each in migration."),
      Self.convert.asTool(
        title: "Extension profile for extended support",
        use: "Use it for the extended-support extensionProfile a target gets, with the secure parameters the "
          + "user must supply."),
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

  static let targetSchema: JSONValue = [
    "type": "object", "description": "{service, slot?|deployment?} or {virtualNetwork}.",
  ]

  static let inventory = MethodSpec.codable(
    name: "extensions/inventory",
    summary: "Lists every plugin import and extension per role, enabled or not, with its source and its fate.",
    paramsSchema: ["type": "object", "required": ["estate"], "properties": ["estate": EstateReference.jsonSchema]],
    resultSchema: [
      "type": "object", "description": "{deployments: [{service, deployment, slot, roles: [{role, addOns}]}]}",
    ],
    errors: [.invalidInput, .pathOutsideRoot, .notFound]
  ) { (params: InventoryParams, context: RequestContext) throws(PluginError) -> InventoryResult in
    let resolved = try context.services.require((any EstateResolving).self).resolve(params.estate, field: "estate")
    return InventoryResult(
      deployments: try context.reportingSteps { () throws(PluginError) in
        try AddOnInventory.inventory(of: resolved.load.estate)
      })
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
    let resolved = try context.services.require((any EstateResolving).self)
      .resolve(params.estate, field: "estate", producingFor: params.target)
    let scoped = try params.target.match(in: resolved.load.estate).deployments
    var converted: [DeploymentConversion] = []
    for (index, member) in scoped.enumerated() {
      try context.stopIfCancelled()
      converted.append(
        ExtensionConverter(
          service: member.service.name, deployment: member.deployment, forceUpdateTag: params.forceUpdateTag
        )
        .convert())
      try context.step(index + 1, of: scoped.count, "converted \(member.service.name)")
    }
    return ConvertResult(deployments: converted)
  }
}
