import EstateModel
import PluginAPI
import WorkerProtocol

/// What a report shows and where its data comes from.
struct ReportSources {
  let resolved: ResolvedEstate
  let validation: any ValidationRunning
  let planner: any ARMPlanning
  let runbooks: (any GatewayRunbookPlanning)?
  let ledger: (any LedgerReading)?
  let revision: RulesRevision
  let findings: FindingRows
}

/// How a target stands: the report's three verdicts.
enum Verdict: String, CaseIterable {
  case ready = "Ready"
  case warnings = "Ready with warnings"
  case blocked = "Blocked"

  /// The verdict of a set of findings: blocked by any error, else warned by any warning.
  init(_ messages: [ValidationMessage]) {
    // By position, reading only the category: iterating (a `for` loop, `contains(where:)`) copies each message.
    self = .ready
    for position in messages.indices {
      switch messages[position].category {
      case .error:
        self = .blocked
        return
      case .warning: self = .warnings
      default: continue
      }
    }
  }

  var cssClass: String {
    switch self {
    case .ready: "ready"
    case .warnings: "warnings"
    case .blocked: "blocked"
    }
  }
}

/// One target's part of the report: the values of its section's frame, its cloud services' views, its verdict and
/// its findings for the summary.
struct TargetSection {
  /// The values the `targetStart` and `pageStart` templates read for this target (services excepted).
  var values: [String: Any]
  var services: [ServiceView]
  var verdict: Verdict
  var messages: [ValidationMessage]
}

/// Builds the report's sections: one per target, each from one validation pass and one ARM plan.
struct ReportBuilder {
  let sources: ReportSources

  /// The section of one target.
  ///
  /// The target's ARM plan is made once, beside its validation, and serves the plan rows, the ARM findings and the
  /// network diagram.
  ///
  /// - Parameter openServices: whether each service's view starts open (small reports) or collapsed.
  func section(_ target: MigrationTarget, index: Int, openServices: Bool, phases: inout ReportPhases)
    async throws(PluginError) -> TargetSection
  {
    let estate = sources.resolved.load.estate
    // The plan is made by a child task while validation runs here (both only read the estate; the rule pass of a
    // large target uses every core only part of the time, the plan one core all of it), and the findings are
    // grouped by service before the plan is awaited: validation ends first, and that work then overlaps the plan.
    let sources = self.sources
    async let planning = ReportPhases.onThisThread {
      Result { () throws(PluginError) in
        try sources.planner.plan(
          for: sources.resolved, target: target, options: ARMPlanOptions(revision: sources.revision))
      }
    }
    let report = try validate(target, phases: &phases)
    let verdict = Verdict(report.validationMessages)
    let anchor = "target-\(index + 1)"
    let match = try? target.match(using: sources.resolved.targetIndex, allowingEmptyService: true)
    let deployments = match?.deployments ?? []
    let groups = ServiceGroups(deployments: deployments)
    var values: [String: Any] = [
      "anchor": anchor, "title": title(of: target), "verdict": verdict.rawValue, "verdictClass": verdict.cssClass,
      "result": report.result, "findingCount": "\(report.validationMessages.count)",
      "hasServices": !deployments.isEmpty,
    ]
    var serviceMessages = Array(repeating: [ValidationMessage](), count: deployments.count)
    var shared: [ValidationMessage] = []
    let messages = report.validationMessages
    for position in messages.indices {
      // By position, so that a message is copied once, into its group (a `for` loop copies each one first).
      if let owner = groups.owner(of: messages[position]) {
        serviceMessages[owner].append(messages[position])
      } else {
        shared.append(messages[position])
      }
    }
    values["sharedFindings"] = sources.findings.rows(shared).map(\.templateValues)
    values["hasSharedFindings"] = !shared.isEmpty

    let (planned, planWall, planCPU) = await planning
    phases.add("plan", wall: planWall, cpu: planCPU)
    let plan: ARMPlan?
    switch planned {
    case .success(let made): plan = made
    case .failure(let error):
      plan = nil
      values["planError"] = error.responseError.message
    }
    var serviceResources = Array(repeating: [ARMResource](), count: deployments.count)
    var serviceArmFindings = Array(repeating: [ARMFinding](), count: deployments.count)
    if let plan {
      var sharedResources: [ARMResource] = []
      let resources = plan.resources
      for position in resources.indices {
        // By position, so that a resource is copied once, into its group.
        if let owner = groups.owner(of: resources[position]) {
          serviceResources[owner].append(resources[position])
        } else {
          sharedResources.append(resources[position])
        }
      }
      let rows = ARMPlanRows(deployments: deployments).rows(sharedResources)
      values["sharedArmRows"] = rows.map(\.templateValues)
      values["hasSharedArmRows"] = !rows.isEmpty
      let armFindings = ARMFindingRows(plan: plan, groups: groups)
      serviceArmFindings = armFindings.findingsByOwner(count: deployments.count)
      let sharedGroups = armFindings.sharedGroups(open: openServices)
      values["armFindingGroups"] = sharedGroups
      values["hasArmFindings"] = !sharedGroups.isEmpty
    }
    let services: [ServiceView] = phases.measure("views") {
      deployments.indices.map { position in
        view(
          of: deployments[position], anchor: "\(anchor)-\(position + 1)", messages: serviceMessages[position],
          resources: serviceResources[position], armFindings: serviceArmFindings[position], open: openServices)
      }
    }

    var runbook: JSONValue?
    if let network = match?.virtualNetwork {
      runbook = sources.runbooks?.runbook(for: network, in: estate)
      if let runbook { values["runbook"] = RunbookRows.values(runbook) }
    }
    if case .virtualNetwork(let name) = target {
      phases.measure("diagram") {
        let rows = NetworkDiagramRows(
          network: match?.virtualNetwork, networkName: match?.virtualNetwork?.name ?? name,
          deployments: deployments, plan: plan, runbook: runbook
        ).rows
        values["diagram"] = NetworkDiagram.layout(title: "Virtual network \(name), before and after", rows: rows)
      }
    }
    return TargetSection(values: values, services: services, verdict: verdict, messages: report.validationMessages)
  }

  /// One cloud service's view from its findings, its ARM resources and the ARM findings that name it.
  private func view(
    of scoped: ScopedDeployment, anchor: String, messages: [ValidationMessage], resources: [ARMResource],
    armFindings: [ARMFinding], open: Bool
  ) -> ServiceView {
    var shown = messages
    var information: [String] = []
    if !open {
      // Large reports list information findings by rule only; blockers and warnings keep their full row. Each
      // message is read in place, and only the rows shown are copied.
      information = messages.compactMap { $0.category == .information ? $0.ruleId : nil }
      shown = messages.filter { $0.category != .information }
    }
    return ServiceView(
      anchor: anchor, service: scoped.service.name, deployment: scoped.deploymentName,
      slot: scoped.deployment.slot.rawValue, roles: scoped.deployment.roles.map(\.name).joined(separator: ", "),
      verdict: Verdict(messages), open: open, findings: sources.findings.rows(shown), information: information,
      armRows: ARMPlanRows(deployments: [scoped]).rows(resources), armFindings: armFindings)
  }

  /// The target's validation report, measured as the phase `validation and plan` (the plan runs beside it).
  private func validate(_ target: MigrationTarget, phases: inout ReportPhases) throws(PluginError) -> ValidationReport {
    try phases.measure("validation and plan") { () throws(PluginError) in
      var request = ValidationRequest(load: sources.resolved.load, target: target, revision: sources.revision)
      request.targetIndex = sources.resolved.targetIndex
      return try sources.validation.run(request)
    }
  }

  /// How the report names a target.
  func title(of target: MigrationTarget) -> String {
    switch target {
    case .virtualNetwork(let name): "Virtual network \(name)"
    case .deployment(let service, let slot, let deployment):
      "Cloud service \(service) (\(deployment ?? slot ?? "Production"))"
    }
  }
}

/// The ARM plan side by side: each classic source next to the resource it becomes.
struct ARMPlanRows {
  let deployments: [ScopedDeployment]

  /// One row per resource, in plan order.
  func rows(_ resources: [ARMResource]) -> [PlanRow] {
    resources.map { resource in
      let owner = resource.source.service.map { " (\($0))" } ?? ""
      let renamed = renamedSizes(resource)
      return PlanRow(
        classic: "\(resource.source.kind) \(resource.source.name)\(owner)", type: resource.type, name: resource.name,
        resourceGroup: resource.resourceGroup, sizes: renamed.isEmpty ? nil : renamed.joined(separator: "; "))
    }
  }

  /// `role: classic size → ARM size` for each role of a cloud service whose size changes name.
  func renamedSizes(_ resource: ARMResource) -> [String] {
    guard resource.type == "Microsoft.Compute/cloudServices",
      let scoped = deployments.first(where: { $0.service.name == resource.source.service })
    else { return [] }
    return (resource.properties[path: ["roleProfile", "roles"]]?.arrayValue ?? []).compactMap { role in
      guard let name = role["name"]?.stringValue, let size = role[path: ["sku", "name"]]?.stringValue,
        let classic = scoped.deployment.roles.first(where: { $0.name == name })?.vmSize, classic != size
      else { return nil }
      return "\(name): \(classic) → \(size)"
    }
  }
}

/// The gateway runbook's steps in order, with the downtime window marked.
enum RunbookRows {
  static func values(_ runbook: JSONValue) -> [String: Any] {
    var inDowntime = false
    let steps: [[String: Any]] = (runbook["steps"]?.arrayValue ?? []).map { step in
      let starts = step["causesDowntime"]?.boolValue == true
      let ends = step["restoresConnectivity"]?.boolValue == true
      if starts { inDowntime = true }
      let marker: String
      if starts {
        marker = "downtime starts"
      } else if ends {
        marker = "connectivity restored"
      } else {
        marker = inDowntime ? "down" : ""
      }
      let row: [String: Any] = [
        "order": "\(step["order"]?.intValue ?? 0)", "stage": step["stage"]?.stringValue ?? "",
        "action": step["action"]?.stringValue ?? "",
        "resource": "\(step["resourceType"]?.stringValue ?? "") \(step["resourceName"]?.stringValue ?? "")",
        "description": step["description"]?.stringValue ?? "", "marker": marker,
        "downtime": inDowntime || starts,
      ]
      if ends { inDowntime = false }
      return row
    }
    let prefixes = runbook["downtimePrefixes"]?.arrayValue?.compactMap(\.stringValue) ?? []
    return ["steps": steps, "downtimePrefixes": prefixes.joined(separator: ", ")]
  }
}
