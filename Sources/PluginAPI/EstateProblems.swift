public import EstateModel
import WorkerProtocol

extension MigrationTarget {
  /// The problems of a load that concern this target, in load order.
  ///
  /// A problem concerns the target when it concerns the whole estate (the document, the `.netcfg`, an ASM
  /// export), a deployment the target covers, or the target's classic virtual network. For a network target, a
  /// deployment whose network cannot be told (neither its `.cscfg` nor the estate says) is taken to be in it, so
  /// an unreadable `.cscfg` never hides from the network it may belong to. Problems of other deployments and
  /// networks do not concern it.
  public func problems(in load: EstateLoadResult) -> [Problem] {
    guard !load.problems.isEmpty else { return [] }
    return problems(in: load, using: EstateTargetIndex(load.estate))
  }

  /// ``problems(in:)`` with the estate's target index (made from `load.estate`) already at hand.
  public func problems(in load: EstateLoadResult, using index: EstateTargetIndex) -> [Problem] {
    guard !load.problems.isEmpty else { return [] }
    return problems(in: load, match: try? match(using: index, allowingEmptyService: true), using: index)
  }

  /// ``problems(in:)`` with this target's match (with an empty service allowed; `nil` when the target does not
  /// resolve) and the estate's target index already at hand: one pass over the problems, each a look-up.
  public func problems(in load: EstateLoadResult, match: TargetMatch?, using index: EstateTargetIndex) -> [Problem] {
    guard !load.problems.isEmpty else { return [] }
    let covered = CoveredDeployments(match)
    return load.problems.filter { concerns($0.subject, match: match, covered: covered, index: index) }
  }

  private func concerns(
    _ subject: ProblemSubject?, match: TargetMatch?, covered: CoveredDeployments, index: EstateTargetIndex
  )
    -> Bool
  {
    switch (subject, self) {
    case (nil, _):
      return true
    case (.deployment(let service, let slot)?, .deployment(let targetService, _, _)):
      guard Self.sameName(service, targetService) else { return false }
      guard let covered = match?.deployments, !covered.isEmpty else { return true }
      return covered.contains { $0.deployment.slot == slot }
    case (.deployment(let service, let slot)?, .virtualNetwork):
      if covered.contains(service: service, slot: slot) { return true }
      let deployment = index.service(exactlyNamed: service)?.deployments.first { $0.slot == slot }
      return deployment.map { $0.virtualNetwork == nil && $0.configuration == nil } ?? false
    case (.virtualNetwork(let name)?, .virtualNetwork(let targetName)):
      return Self.sameName(name, targetName)
    case (.virtualNetwork(let name)?, .deployment):
      return match?.virtualNetwork.map { Self.sameName($0.name, name) } ?? false
    }
  }
}

/// The deployments a target's match covers, by cloud service name (exactly as written) and slot.
private struct CoveredDeployments {
  private var slots: [String: Set<DeploymentSlot>] = [:]

  init(_ match: TargetMatch?) {
    for scoped in match?.deployments ?? [] { slots[scoped.service.name, default: []].insert(scoped.deployment.slot) }
  }

  func contains(service: String, slot: DeploymentSlot) -> Bool { slots[service]?.contains(slot) == true }
}

extension PluginError {
  /// The refusal of a method that would build an artifact from an estate whose files, for this target, have
  /// errors: `1000` listing every error compiler-style, with `data.problems` holding them as `estate/load` does.
  public init(estateErrors errors: [Problem], field: String = "estate") {
    let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
    let listing = errors.map(\.description).joined(separator: "\n")
    var data = JSONObject()
    data["field"] = .string(field)
    data["reason"] = "estate.errors"
    data["problems"] = .array(errors.map { (try? JSONValueEncoder().encode($0)) ?? .null })
    self.init(
      code: .invalidInput,
      message: "The estate has \(count) in the files of this target; nothing was produced. Fix them first:\n"
        + listing,
      data: .object(data))
  }
}

extension EstateResolving {
  /// Resolves an estate for a method that produces an artifact for `target` (nil: for the whole estate),
  /// refusing it when the files the target depends on have errors.
  ///
  /// - Throws: what ``resolve(_:field:)`` throws, or `1000` (``PluginError/init(estateErrors:field:)``) when an
  ///   error-severity problem concerns the target. Problems of other targets do not refuse it.
  public func resolve(_ reference: EstateReference, field: String, producingFor target: MigrationTarget?)
    throws(PluginError) -> ResolvedEstate
  {
    let resolved = try resolve(reference, field: field)
    let concerning =
      resolved.load.problems.isEmpty
      ? [] : target.map { $0.problems(in: resolved.load, using: resolved.targetIndex) } ?? resolved.load.problems
    let errors = concerning.filter { $0.severity == .error }
    guard errors.isEmpty else { throw PluginError(estateErrors: errors, field: field) }
    return resolved
  }
}

extension ValidationMessage {
  /// The rule id of the findings made from estate problems: one per problem code (`CS-INPUT-xml.malformed`).
  public static func inputRuleID(forProblemCode code: String) -> String { "CS-INPUT-\(code)" }

  /// A validation finding for an estate problem: an error is an `Error` (the verdict fails), a warning a
  /// `Warning`, a remark `Information`; the location is the problem's file, line and column.
  public init(problem: Problem) {
    let category: ValidationCategory =
      switch problem.severity {
      case .error: .error
      case .warning: .warning
      case .info: .information
      }
    let location = problem.file.map { SourceLocation(file: $0, line: problem.line ?? 1, column: problem.column ?? 1) }
    let resourceName: String =
      switch problem.subject {
      case .deployment(let service, _)?: service
      case .virtualNetwork(let name)?: name
      case nil: problem.file ?? problem.path ?? "estate"
      }
    self.init(
      resourceType: "EstateFile", resourceName: resourceName, category: category, message: problem.message,
      virtualMachineName: nil, ruleId: Self.inputRuleID(forProblemCode: problem.code),
      fix: problem.severity == .error
        ? "Correct the input at the place shown (`csmigrate check` or `estate/load` lists every problem), then validate again."
        : "Check the input at the place shown; csmigrate read the estate but noted this.",
      docs: "https://learn.microsoft.com/azure/cloud-services-extended-support/in-place-migration-technical-details",
      location: location, phase: .validate)
  }
}
