import EstateModel
public import PluginAPI
import WorkerProtocol

/// The `validation/*` methods and the general migration rule catalogue.
public struct ValidationPlugin: WorkerPlugin {
  public let name = "validation"
  public let version = "1.0.0"
  public let summary = "Validates a deployment or classic VNet against the platform's migration rules, offline."

  /// Makes the plugin.
  public init() {}

  public var methods: [MethodSpec] {
    [
      Self.run.asTool(
        title: "Validate a migration target",
        use: "Use it first on a target (a deployment or a classic VNet) to get the platform's blockers and "
          + "warnings with file, line and fix; it changes nothing."
      ) { result in
        let messages = result["validationMessages"]?.arrayValue ?? []
        let errors = messages.filter { $0["category"] == "Error" }.count
        let verdict = result["result"]?.stringValue ?? "SARIF log"
        return "\(verdict) \(messages.count) messages (\(errors) errors)."
      },
      Self.listRules.accessing(.independent).asTool(
        title: "List the migration rules",
        use: "Use it to see every rule csmigrate checks (id, severity, scope), optionally of one revision."),
      Self.explain.accessing(.independent).asTool(
        title: "Explain a migration rule",
        use: "Use it with a ruleId from a validation message for the rule's fix, documentation and an example."),
    ]
  }
  public var validationRules: [ValidationRule] { ValidationCatalogue.rules }
  public var resources: [ResourceSpec] {
    [
      ResourceSpec(
        uri: "csmigrate://rules", name: "rules", title: "The migration rule catalogue",
        description: "Every rule validation/run checks: id, severity, scope, summary, revisions and phase.",
        access: .independent,
        read: { _, context in try await Self.listRules.handler(.object(JSONObject()), context) }),
      ResourceSpec(
        uri: "csmigrate://rules/{ruleId}", name: "rule", title: "One migration rule",
        description: "A rule's message template, fix, documentation link, sources and example.",
        access: .independent,
        read: { variables, context in
          try await Self.explain.handler(["ruleId": .string(variables["ruleId"] ?? "")], context)
        }),
    ]
  }

  struct RunParams: Decodable, Sendable {
    let estate: EstateReference
    let target: MigrationTarget
    let destination: MigrationDestination?
    let rulesRevision: RulesRevision?
    let phase: ValidationPhase?
    let format: String?
    let detail: String?
  }

  /// The most messages a `validation/run` result may hold to be kept with its estate (with its text): a report of
  /// tens of thousands of messages would hold tens of megabytes for as long as the estate is loaded.
  static let keptMessages = 4096

  /// The messages of a `validation/run` result, in the JSON or the SARIF form.
  static func messageCount(_ result: JSONValue) -> Int {
    result["validationMessages"]?.arrayValue?.count ?? result["runs"]?.arrayValue?.first?["results"]?.arrayValue?.count
      ?? 0
  }

  /// What a kept `validation/run` reply depends on besides its estate: the params as they came (the handle among
  /// them), so a reply is given again only to the very same question, without decoding it again.
  struct KeptReplyKey: Hashable, Sendable {
    let params: JSONValue
  }

  static let revisionSchema: JSONValue = ["enum": ["2021-02", "2024-07"], "default": "2021-02"]

  static let run = MethodSpec.replying(
    name: "validation/run",
    summary: "Runs every migration rule over a deployment or classic VNet; returns the platform's result and messages.",
    paramsSchema: [
      "type": "object", "required": ["estate", "target"],
      "properties": [
        "estate": EstateReference.jsonSchema,
        "target": ["type": "object", "description": "{service, slot?|deployment?} or {virtualNetwork}."],
        "destination": [
          "type": "object",
          "description": "DeploymentNetworkResource: kind New|Existing|Default, resourceGroup, virtualNetwork, subnet.",
        ],
        "rulesRevision": revisionSchema,
        "phase": [
          "enum": ["validate", "prepare"], "default": "prepare",
          "description":
            "prepare (every check, as Validate then Prepare would run them) or validate (Validate's only).",
        ],
        "format": ["enum": ["json", "sarif"], "default": "json"],
        "detail": [
          "enum": ["full", "compact"], "default": "full",
          "description": .string(
            "full (every message with its texts) or compact (each rule's texts once in rules, each message "
              + "with its ruleId and arguments); json format only."),
        ],
      ],
    ],
    resultSchema: [
      "type": "object",
      "description": .string(
        "{result, validationMessages, rulesRevision}, with detail compact {detail, result, rules, rulesRevision, "
          + "validationMessages}, or a SARIF 2.1.0 log when format is sarif."),
    ],
    errors: [.invalidInput, .pathOutsideRoot, .notFound]
  ) { params, context in
    let params = params ?? .object(JSONObject())
    // The estate under a handle never changes, so its reply to the same params is kept with it as the text the
    // worker writes; a kept reply is found before anything else is done.
    guard case .string(let handle)? = params["estate"]?["handle"] else {
      return .value(try report(params, context: context))
    }
    let estates = try context.services.require((any EstateResolving).self)
    return try estates.memoized(handle: handle, key: KeptReplyKey(params: params), keep: \.isEncoded) {
      () throws(PluginError) -> MethodReply in
      let value = try report(params, context: context)
      // Not kept when a rule's answer can change without the estate changing (a process plugin's rules).
      let engine = try context.services.require((any ValidationRunning).self)
      let keepable = engine.rules.allSatisfy(\.dependsOnInputOnly) && messageCount(value) <= keptMessages
      return keepable ? .encoded(EncodedResult(value)) : .value(value)
    }
  }

  /// `validation/run`'s result computed afresh: the params read, the estate resolved, the rules run.
  static func report(_ params: JSONValue, context: RequestContext) throws(PluginError) -> JSONValue {
    let estates = try context.services.require((any EstateResolving).self)
    let engine = try context.services.require((any ValidationRunning).self)
    let decoded = try CodableBridge.decode(RunParams.self, from: params)
    let format = decoded.format ?? "json"
    guard format == "json" || format == "sarif" else {
      throw PluginError.invalidParams("format must be json or sarif", field: "format")
    }
    let detail = decoded.detail ?? "full"
    guard detail == "full" || (detail == "compact" && format == "json") else {
      throw PluginError.invalidParams(
        detail == "compact" ? "detail compact needs format json" : "detail must be full or compact", field: "detail")
    }
    let resolved = try estates.resolve(decoded.estate, field: "estate")
    let revision = decoded.rulesRevision ?? .defaultRevision
    let phase = decoded.phase ?? .prepare
    var request = ValidationRequest(
      load: resolved.load, target: decoded.target, destination: decoded.destination, revision: revision,
      phase: phase)
    request.targetIndex = resolved.targetIndex
    if phase == .prepare, let planner = context.services.get((any ARMPlanning).self) {
      // The target's problems are found once: the mapping's findings and the engine both need them.
      let target = decoded.target
      let problems = target.problems(in: resolved.load, using: resolved.targetIndex)
      request.targetProblems = problems
      request.gatheredMessages = {
        ARMMappingFindings.messages(
          planner: planner, estate: resolved, target: target, problems: problems, revision: revision)
      }
    }
    // Each rule evaluated is a step of the request's progress.
    let report = try context.reportingSteps { () throws(PluginError) in try engine.run(request) }
    if format == "sarif" { return engine.sarif(report) }
    if detail == "compact" { return CompactReport.make(report, rule: engine.rule(id:)) }
    do {
      return try CodableBridge.encode(report)
    } catch {
      throw PluginError(wrapping: .internalError("the validation report could not be encoded: \(error)"))
    }
  }

  struct RulesParams: Decodable, Sendable {
    let rulesRevision: RulesRevision?
  }

  struct RuleSummary: Encodable, Sendable {
    let id: String
    let severity: ValidationCategory
    let scope: ValidationScope
    let summary: String
    let revisions: [RulesRevision]
    let phase: ValidationPhase
    let platformDefined: Bool
  }

  struct RulesResult: Encodable, Sendable {
    let rules: [RuleSummary]
  }

  static let listRules = MethodSpec.codable(
    name: "validation/rules",
    summary: "Lists the rule catalogue of every enabled plugin: id, severity, scope, summary and revisions.",
    paramsSchema: ["type": "object", "properties": ["rulesRevision": ["enum": ["2021-02", "2024-07"]]]],
    resultSchema: ["type": "object", "required": ["rules"], "properties": ["rules": ["type": "array"]]]
  ) { (params: RulesParams, context) -> RulesResult in
    let engine = try context.services.require((any ValidationRunning).self)
    let rules = engine.rules.filter { rule in params.rulesRevision.map { rule.revisions.contains($0) } ?? true }
    return RulesResult(
      rules: rules.map {
        RuleSummary(
          id: $0.id, severity: $0.severity, scope: $0.scope, summary: $0.summary, revisions: $0.revisions,
          phase: $0.phase, platformDefined: $0.platformDefined)
      })
  }

  struct ExplainParams: Decodable, Sendable {
    let ruleId: String
  }

  struct Explanation: Encodable, Sendable {
    let id: String
    let severity: ValidationCategory
    let scope: ValidationScope
    let summary: String
    let message: String
    let platformDefined: Bool
    let fix: String
    let docs: String
    let revisions: [RulesRevision]
    let phase: ValidationPhase
    let sources: [String]
    let example: String
  }

  static let explain = MethodSpec.codable(
    name: "validation/explain",
    summary: "Returns one rule's full text, fix, documentation link, sources and an example.",
    paramsSchema: ["type": "object", "required": ["ruleId"], "properties": ["ruleId": ["type": "string"]]],
    resultSchema: ["type": "object", "required": ["id", "message", "fix", "example"]],
    errors: [.notFound]
  ) { (params: ExplainParams, context) -> Explanation in
    let engine = try context.services.require((any ValidationRunning).self)
    guard let rule = engine.rule(id: params.ruleId) else {
      throw PluginError(
        code: .notFound, message: "No rule has the id \(params.ruleId)", data: ["field": "ruleId"])
    }
    return Explanation(
      id: rule.id, severity: rule.severity, scope: rule.scope, summary: rule.summary, message: rule.messageTemplate,
      platformDefined: rule.platformDefined, fix: rule.fix, docs: rule.docs, revisions: rule.revisions,
      phase: rule.phase, sources: rule.sources, example: rule.example)
  }
}
