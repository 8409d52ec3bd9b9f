import EstateModel
public import PluginAPI
import WorkerProtocol

/// Report: the migration readiness report, one self-contained HTML page for an estate or one target.
public struct ReportPlugin: WorkerPlugin {
  public let name = "report"
  public let version = "1.0.0"
  public let summary = "Renders a migration readiness report: one self-contained HTML page a change board can read."

  /// Makes the plugin.
  public init() {}

  public var methods: [MethodSpec] {
    [
      Self.html.asTool(
        title: "Write a readiness report",
        use: "Use it when the user wants one page to show a team or a change board: what is ready, what blocks, "
          + "the networks before and after, the ARM plan and the gateway runbook, as self-contained HTML."
      ) { result in
        let targets = result["targets"]?.intValue ?? 0
        return "Readiness report of \(targets) target\(targets == 1 ? "" : "s"), "
          + "\(result["bytes"]?.intValue ?? 0) bytes of HTML in `html`."
      }
    ]
  }

  struct Params: Decodable, Sendable {
    let estate: EstateReference
    let target: MigrationTarget?
    let rulesRevision: RulesRevision?
    let lifecycle: Bool?
    let reportFolder: String?
    let generatedAt: String?
  }

  struct Result: Encodable, Sendable {
    let html: String
    let targets: Int
    let bytes: Int
  }

  /// The summary lists at most this many blockers; the sections list them all.
  static let blockersListed = 50

  /// Above this many cloud services, each service's view starts collapsed.
  static let openSectionsUpTo = 25

  /// Up to this many cloud services, their views are rendered by the templates; above, by ``ServiceViewWriter``.
  static let templatedServicesUpTo = 100

  static let html = MethodSpec.codable(
    name: "report/html",
    summary: "Renders the readiness report of an estate (or one target) as one self-contained HTML page: verdicts, "
      + "findings, network diagrams before and after, the ARM plan, the gateway runbook and, on request, the "
      + "ledger's state and history.",
    paramsSchema: [
      "type": "object", "required": ["estate"],
      "properties": [
        "estate": EstateReference.jsonSchema,
        "target": [
          "type": "object", "description": "One deployment or virtual network; the whole estate when absent.",
        ],
        "rulesRevision": ["enum": ["2021-02", "2024-07"], "default": "2021-02"],
        "lifecycle": [
          "type": "boolean", "default": false, "description": "Show each target's ledger state and operations.",
        ],
        "reportFolder": [
          "type": "string",
          "description":
            "The report's folder relative to --root; findings then link to their files. No links when absent.",
        ],
        "generatedAt": ["type": "string", "description": "The time the report shows as made (default: now)."],
      ],
    ],
    resultSchema: [
      "type": "object", "required": ["html", "targets", "bytes"],
      "properties": ["html": ["type": "string"], "targets": ["type": "integer"], "bytes": ["type": "integer"]],
    ],
    errors: [.invalidInput, .pathOutsideRoot, .notFound, .operationNotAllowed]
  ) { (params: Params, context) -> Result in
    let (html, targets) = try await ReportPage(params: params, context: context).render()
    return Result(html: html, targets: targets, bytes: html.utf8.count)
  }
}

/// One report request: resolves the estate and services, builds every section, writes the page.
struct ReportPage {
  let params: ReportPlugin.Params
  let context: RequestContext
  /// How the cloud services' views are written; by their number when `nil` (see ``ServiceViewRendering``).
  var serviceViews: ServiceViewRendering?

  /// The page and the number of target sections in it.
  func render() async throws -> (html: String, targets: Int) {
    let services = context.services
    var phases = ReportPhases()
    let resolved = try phases.measure("load") { () throws(PluginError) in
      try services.require((any EstateResolving).self).resolve(params.estate, field: "estate")
    }
    let estate = resolved.load.estate
    let revision = params.rulesRevision ?? .defaultRevision
    let sources = ReportSources(
      resolved: resolved, validation: try services.require((any ValidationRunning).self),
      planner: try services.require((any ARMPlanning).self), runbooks: services.get((any GatewayRunbookPlanning).self),
      ledger: params.lifecycle == true ? try services.require((any LedgerReading).self) : nil,
      revision: revision, findings: FindingRows(linkPrefix: params.reportFolder.flatMap(FindingRows.prefix)))
    let builder = ReportBuilder(sources: sources)
    let targets = params.target.map { [$0] } ?? MigrationTarget.all(in: estate)
    let ledger = try LedgerView(sources.ledger)

    let serviceCount =
      targets.count == 1
      ? (try? targets[0].match(using: resolved.targetIndex))?.deployments.count ?? 0 : estate.cloudServices.count
    let openServices = serviceCount <= ReportPlugin.openSectionsUpTo
    var sections: [TargetSection] = []
    var counts: [Verdict: Int] = [:]
    var rules: [String: (category: String, count: Int)] = [:]
    var blockers: [[String: Any]] = []
    var blockerCount = 0
    for (index, target) in targets.enumerated() {
      try context.checkCancellation()
      var section = try await builder.section(target, index: index, openServices: openServices, phases: &phases)
      if let lifecycle = ledger?.values(for: target) { section.values["lifecycle"] = lifecycle }
      counts[section.verdict, default: 0] += 1
      // By position: each message is read in place (a `for` loop over 60,000 of them copied each one).
      for position in section.messages.indices {
        let (ruleId, category) = (section.messages[position].ruleId, section.messages[position].category)
        rules[ruleId, default: (category.rawValue, 0)].count += 1
        guard category == .error else { continue }
        blockerCount += 1
        if blockers.count < ReportPlugin.blockersListed {
          blockers.append([
            "anchor": section.values["anchor"] ?? "", "target": section.values["title"] ?? "",
            "ruleId": ruleId, "message": section.messages[position].message,
          ])
        }
      }
      sections.append(section)
      if index % 100 == 99 {
        context.reportProgress(Double(index + 1), total: Double(targets.count), message: "report sections")
      }
    }
    let information = rules.filter { $0.value.category == ValidationCategory.information.rawValue }
    let ruleRows: [[String: Any]] = rules.filter { information[$0.key] == nil }.sorted(by: Self.ruleOrder).map {
      [
        "ruleId": $0.key, "category": $0.value.category, "categoryClass": $0.value.category.lowercased(),
        "count": "\($0.value.count)",
      ]
    }
    let subscription = estate.subscription.map { "\($0.name ?? $0.id) (\($0.id))" } ?? "(not recorded)"
    let page: [String: Any] = [
      "title": params.target.map { "Migration readiness: \(builder.title(of: $0))" } ?? "Migration readiness report",
      "subscription": subscription, "rulesRevision": revision.rawValue,
      "digest": resolved.load.sourceDigest ?? "(inline document)",
      "generatedAt": params.generatedAt ?? ReportRenderer.timestamp(), "version": ReportPlugin().version,
      "counts": [
        "ready": "\(counts[.ready] ?? 0)", "warnings": "\(counts[.warnings] ?? 0)",
        "blocked": "\(counts[.blocked] ?? 0)", "total": "\(targets.count)",
      ],
      "rules": ruleRows, "hasRules": !ruleRows.isEmpty,
      "blockers": blockers, "hasBlockers": !blockers.isEmpty,
      "moreBlockers": blockerCount > ReportPlugin.blockersListed
        ? "… and \(blockerCount - ReportPlugin.blockersListed) more in the sections below" : "",
      "information": information.isEmpty
        ? ""
        : "\(information.values.map(\.count).reduce(0, +)) information findings from \(information.count) rules "
          + "(nothing to do; listed with each target).",
    ]
    let writer = ReportPageWriter(serviceViews: serviceViews ?? ServiceViewRendering(services: serviceCount))
    let html = try phases.measure("rendering") { () throws(PluginError) in
      var output = HTMLOutput(capacity: ReportPageWriter.estimatedBytes(services: serviceCount))
      try writer.write(page: page, sections: sections, to: &output)
      return output.text
    }
    phases.log(to: context.logger)
    return (html, targets.count)
  }
}

extension ReportPage {
  /// Errors first, then warnings, then information; within a category the most frequent rule first.
  static func ruleOrder(
    _ left: (key: String, value: (category: String, count: Int)),
    _ right: (key: String, value: (category: String, count: Int))
  ) -> Bool {
    let rank = ["Error": 0, "Warning": 1]
    let (a, b) = (rank[left.value.category] ?? 2, rank[right.value.category] ?? 2)
    if a != b { return a < b }
    if left.value.count != right.value.count { return left.value.count > right.value.count }
    return left.key < right.key
  }
}

/// The ledger's targets and operations, matched to report targets.
struct LedgerView {
  /// The states of networks and of deployments named by slot, by ``slotKey(_:)``: one lookup per report target.
  let bySlotKey: [String: LedgerTargetState]
  /// The states of deployments named by deployment name, compared one by one.
  let byDeploymentName: [LedgerTargetState]
  let operations: [String: [LedgerOperation]]

  /// Reads the ledger, or `nil` when the report does not show lifecycle state.
  init?(_ ledger: (any LedgerReading)?) throws(PluginError) {
    guard let ledger else { return nil }
    let states = try ledger.targetStates()
    bySlotKey = Dictionary(
      states.compactMap { state in Self.slotKey(state.target).map { ($0, state) } },
      uniquingKeysWith: { first, _ in first })
    byDeploymentName = states.filter { Self.slotKey($0.target) == nil }
    operations = Dictionary(grouping: try ledger.operations(limit: 10_000)) { $0.targetKey ?? "" }
  }

  /// A network's lower-cased name, or a deployment's lower-cased service and slot (`production` when neither slot
  /// nor name is given); `nil` for a deployment named by its deployment name.
  static func slotKey(_ target: MigrationTarget) -> String? {
    switch target {
    case .virtualNetwork(let name): "network|\(name.lowercased())"
    case .deployment(let service, let slot, nil):
      "deployment|\(service.lowercased())|\((slot ?? DeploymentSlot.production.rawValue).lowercased())"
    case .deployment: nil
    }
  }

  /// The ledger's state of a report target, matched as ``sameTarget(_:_:)`` does.
  func state(of target: MigrationTarget) -> LedgerTargetState? {
    if let key = Self.slotKey(target), let found = bySlotKey[key] { return found }
    if Self.slotKey(target) == nil, let found = bySlotKey.values.first(where: { Self.sameTarget($0.target, target) }) {
      return found
    }
    return byDeploymentName.first { Self.sameTarget($0.target, target) }
  }

  /// A target's lifecycle values: its state (`NotPrepared` when the ledger does not know it) and operations.
  func values(for target: MigrationTarget) -> [String: Any] {
    let found = state(of: target)
    let history = found.map { operations[$0.key] ?? [] } ?? []
    return [
      "state": found?.state ?? "NotPrepared", "commitAttempted": found?.commitAttempted ?? false,
      "hasOperations": !history.isEmpty,
      "operations": history.map {
        [
          "sequence": "\($0.sequence)", "at": $0.at, "operation": $0.operation, "outcome": $0.outcome,
          "state": $0.state ?? "", "message": $0.message ?? "",
        ]
      },
    ]
  }

  /// Whether the ledger's target and the report's are the same (names without regard to case).
  static func sameTarget(_ a: MigrationTarget, _ b: MigrationTarget) -> Bool {
    switch (a, b) {
    case (.virtualNetwork(let x), .virtualNetwork(let y)): return x.lowercased() == y.lowercased()
    case (.deployment(let s1, let slot1, let d1), .deployment(let s2, let slot2, let d2)):
      guard s1.lowercased() == s2.lowercased() else { return false }
      let first = [slot1, d1].compactMap { $0?.lowercased() }
      let second = [slot2, d2].compactMap { $0?.lowercased() }
      return !Set(first).isDisjoint(with: second) || (first.isEmpty && second == ["production"])
        || (second.isEmpty && first == ["production"])
    default: return false
    }
  }
}
