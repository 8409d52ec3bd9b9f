import EstateModel
public import PluginAPI
import WorkerProtocol

/// The core's ARM methods: `arm/plan`, `arm/template`, `artifacts/rewrite`, `arm/diff`.
public struct ARMPlugin: WorkerPlugin {
  public let name = "arm"
  public let version = "1.0.0"
  public let summary = "Maps a classic deployment or VNet to extended-support ARM resources, templates and artifacts."

  /// Makes the plugin.
  public init() {}

  public var methods: [MethodSpec] {
    [
      Self.planMethod.asTool(
        title: "Plan the extended-support ARM resources",
        use: "Use it to see which ARM resources a target becomes (names, resource groups, classic sources) before "
          + "preparing; it changes nothing."),
      Self.templateMethod.asTool(
        title: "Deployable ARM template for a target",
        use: "Use it when the user wants the subscription-scope template and parameters file for a target."),
      Self.rewriteMethod.asTool(
        title: "Rewrite .cscfg and .csdef for extended support",
        use: "Use it for the edited .cscfg/.csdef texts and their diffs; it writes no file."),
      Self.diffMethod.accessing(.independent).asTool(
        title: "Compare two ARM plans",
        use: "Use it with two arm/plan results (for example before and after a change to the estate) to list "
          + "added, removed and changed resources."),
    ]
  }

  struct Params: Decodable, Sendable {
    let estate: EstateReference
    let target: MigrationTarget
    let options: ARMPlanOptions?
  }

  static let targetSchema: JSONValue = [
    "type": "object",
    "description": "{service, slot?|deployment?} or {virtualNetwork}.",
    "properties": [
      "service": ["type": "string"], "slot": ["enum": ["Production", "Staging"]], "deployment": ["type": "string"],
      "virtualNetwork": ["type": "string"],
    ],
  ]

  static let optionsSchema: JSONValue = [
    "type": "object",
    "properties": [
      "naming": ["enum": ["platform", "custom"]],
      "names": ["type": "object", "description": "With custom naming: platform name → name to use."],
      "revision": ["enum": ["2021-02", "2024-07"]],
      "upgradeMode": ["enum": ["Auto", "Manual", "Simultaneous"]],
      "location": ["type": "string"],
    ],
  ]

  static let paramsSchema: JSONValue = [
    "type": "object", "required": ["estate", "target"],
    "properties": ["estate": EstateReference.jsonSchema, "target": targetSchema, "options": optionsSchema],
  ]

  static let findingsSchema: JSONValue = [
    "type": "array",
    "items": [
      "type": "object", "required": ["severity", "code", "message"],
      "properties": [
        "severity": ["enum": ["error", "warning", "info"]], "code": ["type": "string"], "message": ["type": "string"],
        "resource": ["type": "string"],
      ],
    ],
  ]

  static func resolve(_ params: Params, _ context: RequestContext) throws(PluginError)
    -> (ResolvedEstate, any ARMPlanning)
  {
    let estates = try context.services.require((any EstateResolving).self)
    let planner = try context.services.require((any ARMPlanning).self)
    return (try estates.resolve(params.estate, field: "estate", producingFor: params.target), planner)
  }

  static let planMethod = MethodSpec.codable(
    name: "arm/plan",
    summary: "Lists the ARM resources a target's migration creates, each with its classic source, plus findings.",
    paramsSchema: paramsSchema,
    resultSchema: [
      "type": "object", "required": ["subscriptionID", "resourceGroups", "resources", "parameters", "findings"],
      "properties": [
        "subscriptionID": ["type": "string"], "naming": ["type": "string"], "resourceGroups": ["type": "array"],
        "resources": ["type": "array"], "parameters": ["type": "array"], "variables": ["type": "object"],
        "findings": findingsSchema,
      ],
    ],
    errors: [.invalidInput, .pathOutsideRoot, .notFound]
  ) { (params: Params, context) -> ARMPlan in
    let (estate, planner) = try resolve(params, context)
    return try context.reportingSteps { () throws(PluginError) in
      try planner.plan(for: estate, target: params.target, options: params.options ?? ARMPlanOptions())
    }
  }

  static let templateMethod = MethodSpec.codable(
    name: "arm/template",
    summary: "Builds a deployable subscription-scope ARM template and its parameters file; secrets stay parameters.",
    paramsSchema: paramsSchema,
    resultSchema: [
      "type": "object", "required": ["template", "parameters", "findings"],
      "properties": ["template": ["type": "object"], "parameters": ["type": "object"], "findings": findingsSchema],
    ],
    errors: [.invalidInput, .pathOutsideRoot, .notFound]
  ) { (params: Params, context) -> ARMTemplateBundle in
    let (estate, planner) = try resolve(params, context)
    return try context.reportingSteps { () throws(PluginError) in
      try planner.template(for: estate, target: params.target, options: params.options ?? ARMPlanOptions())
    }
  }

  struct RewriteParams: Decodable, Sendable {
    let estate: EstateReference
    let target: MigrationTarget
    let options: ARMPlanOptions?
  }

  static let rewriteMethod = MethodSpec.codable(
    name: "artifacts/rewrite",
    summary: "Returns the extended-support .cscfg and .csdef of a target with unified diffs against the originals.",
    paramsSchema: paramsSchema,
    resultSchema: [
      "type": "object", "required": ["files", "findings"],
      "properties": ["files": ["type": "array"], "findings": findingsSchema],
    ],
    errors: [.invalidInput, .pathOutsideRoot, .notFound]
  ) { (params: RewriteParams, context) -> RewrittenArtifacts in
    let estates = try context.services.require((any EstateResolving).self)
    let planner = try context.services.require((any ARMPlanning).self)
    guard let engine = planner as? ARMPlanner else {
      throw PluginError(wrapping: .internalError("the ARM planner cannot rewrite artifacts"))
    }
    let estate = try estates.resolve(params.estate, field: "estate", producingFor: params.target)
    return try context.reportingSteps { () throws(PluginError) in
      try engine.rewrite(
        estate: estate.load.estate, target: params.target, options: params.options ?? ARMPlanOptions())
    }
  }

  struct DiffParams: Decodable, Sendable {
    let before: ARMPlan
    let after: ARMPlan
  }

  static let diffMethod = MethodSpec.codable(
    name: "arm/diff",
    summary: "Compares two plans from arm/plan: resources added, removed and changed leaf by leaf.",
    paramsSchema: [
      "type": "object", "required": ["before", "after"],
      "properties": [
        "before": ["type": "object", "description": "A result of arm/plan."],
        "after": ["type": "object", "description": "A result of arm/plan."],
      ],
    ],
    resultSchema: [
      "type": "object", "required": ["added", "removed", "changed"],
      "properties": ["added": ["type": "array"], "removed": ["type": "array"], "changed": ["type": "array"]],
    ],
    errors: []
  ) { (params: DiffParams, _) -> ARMPlanDiff in
    ARMPlanDiff.compare(before: params.before, after: params.after)
  }
}
