import Dispatch
public import EstateModel
public import PluginAPI
import Synchronization
public import WorkerProtocol

/// The rule engine behind `validation/run`: evaluates every rule of every enabled plugin in one pass.
///
/// Findings are never cut short: each rule runs over the whole scope, and the report lists them all in a
/// stable order (scope, then resource type and name, then rule id), so the same estate always gives the same
/// bytes.
public struct ValidationEngine: ValidationRunning {
  /// Every rule, sorted by id; a later rule with an id already taken is dropped.
  public let rules: [ValidationRule]
  /// The number of roles in scope from which rules are evaluated on every core; below it, handing rules to
  /// other threads costs more than it saves.
  public let parallelFromRoles: Int
  private let byID: [String: ValidationRule]
  /// Held by the pass that runs on every core.
  let parallelPass = ParallelRulePass()

  /// Makes an engine over the rules the enabled plugins contribute.
  public init(rules: [ValidationRule], parallelFromRoles: Int = 256) {
    var seen: [String: ValidationRule] = [:]
    for rule in rules where seen[rule.id] == nil { seen[rule.id] = rule }
    byID = seen
    self.rules = seen.values.sorted { $0.id < $1.id }
    self.parallelFromRoles = parallelFromRoles
  }

  /// Makes an engine over the rules of these plugins.
  public init(plugins: [any WorkerPlugin], parallelFromRoles: Int = 256) {
    self.init(rules: plugins.flatMap(\.validationRules), parallelFromRoles: parallelFromRoles)
  }

  public func rule(id: String) -> ValidationRule? { byID[id] }

  /// The rules that apply to a revision and phase (Prepare runs the Validate rules too).
  public func rules(for revision: RulesRevision, phase: ValidationPhase) -> [ValidationRule] {
    rules.filter { $0.revisions.contains(revision) && (phase == .prepare || $0.phase == .validate) }
  }

  public func run(_ request: ValidationRequest) throws(PluginError) -> ValidationReport {
    // The estate's own problems that concern the target come first: an unreadable file in scope fails the
    // verdict, and no rule's silence over a partial model can make it pass.
    // The target is matched once, and its problems found once, per pass (or by the caller, who hands them on).
    let index = request.targetIndex ?? EstateTargetIndex(request.load.estate)
    let matched = Result { () throws(PluginError) in
      try request.target.match(using: index, allowingEmptyService: true)
    }
    let problems =
      request.targetProblems ?? request.target.problems(in: request.load, match: try? matched.get(), using: index)
    let problemRows = problems.map {
      (scope: ValidationScope.estate.order, message: ValidationMessage(problem: $0))
    }
    let input: ValidationRuleInput
    do {
      input = ValidationScopeResolver.input(for: request, match: try matched.get())
    } catch {
      // A target missing because the files that define it could not be read is reported as those errors.
      guard problemRows.contains(where: { $0.message.category == .error }) else { throw error }
      return report([problemRows], revision: request.revision)
    }
    let selected = rules(for: request.revision, phase: request.phase)
    // One large pass at a time spreads over every core; another that starts meanwhile runs on its own thread, so
    // that two heavy requests leave the worker's loop thread a core to answer on.
    let parallel = input.roles.count >= parallelFromRoles && parallelPass.enter()
    defer { if parallel { parallelPass.leave() } }
    var gathered: [ValidationMessage] = []
    let evaluated = CancellationProbe.withCurrentTask { cancellation in
      guard let gather = request.gatheredMessages else {
        return Self.evaluate(selected, on: input, parallel: parallel, cancellation: cancellation)
      }
      guard parallel else {
        gathered = gather()
        return Self.evaluate(selected, on: input, parallel: false, cancellation: cancellation)
      }
      // The rules go to other threads and the gathering stays on this one, in the request's task (its
      // cancellation and progress are task-local).
      let pass = RulePassInBackground(selected, on: input, cancellation: cancellation)
      gathered = gather()
      return pass.wait()
    }
    if Task.isCancelled {
      throw PluginError(code: .requestCancelled, message: "The request was cancelled while the rules ran")
    }
    let extra = (request.additionalMessages + gathered).map { (scope: ValidationScope.estate.order, message: $0) }
    return report([problemRows, extra] + evaluated, revision: request.revision)
  }

  /// The report of these rows, taken part after part: sorted, without repeats, with the platform's result string.
  private func report(_ parts: [[(scope: Int, message: ValidationMessage)]], revision: RulesRevision)
    -> ValidationReport
  {
    // Sorting positions instead of the rows themselves: a row is a large value, and moving it at every step
    // of the merge sort was a measured cost on reports of tens of thousands of messages. The parts are not joined
    // first either: each message is copied once, into the report (joining copied all of them twice more). The
    // positions are listed in the parts' order, so rows that compare equal keep the order they had joined.
    var positions: [(part: Int, row: Int)] = []
    positions.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for (part, rows) in parts.enumerated() { positions += rows.indices.lazy.map { (part, $0) } }
    let order = positions.sorted { Self.precedes(parts[$0.part][$0.row], parts[$1.part][$1.row]) }
    var messages: [ValidationMessage] = []
    messages.reserveCapacity(order.count)
    for (part, row) in order where messages.last != parts[part][row].message {
      messages.append(parts[part][row].message)
    }
    return ValidationReport(
      result: ValidationResultText.choose(for: messages), validationMessages: messages, rulesRevision: revision)
  }

  /// Every rule's findings as report rows, in rule order; rules are independent, so a large scope evaluates them
  /// concurrently, each into its own slot. Rules not started when the request is cancelled are skipped. Inside
  /// ``RequestContext/reportingSteps(_:)``, each rule evaluated is reported as a step of the request's progress.
  static func evaluate(
    _ rules: [ValidationRule], on input: ValidationRuleInput, parallel: Bool,
    cancellation: CancellationProbe? = nil
  ) -> [[(scope: Int, message: ValidationMessage)]] {
    var results = [[(scope: Int, message: ValidationMessage)]](repeating: [], count: rules.count)
    // Read here, in the request's task: the concurrent iterations below run outside any task.
    let steps = WorkSteps.current
    let evaluated = LockedValue(0)
    @Sendable func evaluateRule(_ index: Int) -> [(scope: Int, message: ValidationMessage)] {
      let rows = rows(of: rules[index], on: input)
      if let steps {
        let done = evaluated.withLock { count in
          count += 1
          return count
        }
        steps.reportProgress(Double(done), total: Double(rules.count), message: "evaluated \(rules[index].id)")
      }
      return rows
    }
    guard parallel else {
      for index in rules.indices where cancellation?.isCancelled != true {
        results[index] = evaluateRule(index)
      }
      return results
    }
    results.withUnsafeMutableBufferPointer { buffer in
      // Each iteration writes only its own slot, and the buffer outlives `concurrentPerform`.
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: rules.count) { index in
        guard cancellation?.isCancelled != true else { return }
        slots[index] = evaluateRule(index)
      }
    }
    return results
  }

  /// One rule's findings as report rows; a hit that reports the rule's failure becomes an `Error` of its own.
  private static func rows(of rule: ValidationRule, on input: ValidationRuleInput) -> [(
    scope: Int, message: ValidationMessage
  )] {
    let scope = rule.scope.order
    return rule.evaluate(input).map { hit in
      let failure = hit.failure
      let message = ValidationMessage(
        resourceType: hit.resourceType, resourceName: hit.resourceName,
        category: failure == nil ? rule.severity : .error,
        message: failure?.message ?? rule.message(for: hit), virtualMachineName: hit.virtualMachineName,
        ruleId: failure?.ruleId ?? rule.id, fix: failure?.fix ?? rule.fix(for: hit), docs: rule.docs,
        location: hit.location, phase: rule.phase, arguments: failure == nil ? hit.values : nil)
      return (scope, message)
    }
  }

  public func sarif(_ report: ValidationReport) -> JSONValue {
    SARIFLog.make(report: report, rules: rules(for: report.rulesRevision, phase: .prepare))
  }

  /// Report order: scope, resource type, resource name, rule id, then message and location as tie-breakers.
  static func precedes(
    _ lhs: (scope: Int, message: ValidationMessage), _ rhs: (scope: Int, message: ValidationMessage)
  ) -> Bool {
    if lhs.scope != rhs.scope { return lhs.scope < rhs.scope }
    let left = lhs.message
    let right = rhs.message
    if left.resourceType != right.resourceType { return left.resourceType < right.resourceType }
    if left.resourceName != right.resourceName { return left.resourceName < right.resourceName }
    if left.ruleId != right.ruleId { return left.ruleId < right.ruleId }
    if left.message != right.message { return left.message < right.message }
    let leftFile = left.location?.file ?? ""
    let rightFile = right.location?.file ?? ""
    if leftFile != rightFile { return leftFile < rightFile }
    let leftLine = left.location?.line ?? 0
    let rightLine = right.location?.line ?? 0
    if leftLine != rightLine { return leftLine < rightLine }
    return (left.location?.column ?? 0) < (right.location?.column ?? 0)
  }
}

/// A parallel rule pass started on a global queue, so that the thread that started it can do other work meanwhile.
final class RulePassInBackground: @unchecked Sendable {
  // @unchecked: `rows` is written once by the queued block and read only after `done.wait()`, which orders the two.
  private var rows: [[(scope: Int, message: ValidationMessage)]] = []
  private let done = DispatchGroup()

  /// Starts evaluating `rules` on every core.
  init(_ rules: [ValidationRule], on input: ValidationRuleInput, cancellation: CancellationProbe) {
    DispatchQueue.global(qos: .userInitiated).async(group: done) {
      self.rows = ValidationEngine.evaluate(rules, on: input, parallel: true, cancellation: cancellation)
    }
  }

  /// The pass's rows, once it is over.
  func wait() -> [[(scope: Int, message: ValidationMessage)]] {
    done.wait()
    return rows
  }
}

/// The one permit, per engine, for a rule pass that evaluates its rules on every core at once.
final class ParallelRulePass: Sendable {
  private let running = Atomic<Bool>(false)

  /// Takes the permit; false when another pass holds it.
  func enter() -> Bool {
    running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
  }

  /// Gives the permit back.
  func leave() { running.store(false, ordering: .releasing) }
}

/// The platform's four `Result` strings, chosen the way PowerShell's `MigrationValidateContext` chooses them.
public enum ValidationResultText {
  /// No messages at all.
  public static let noMessages = "There are no ValidationMessages."
  /// At least one `Error`.
  public static let failed = "Validation Failed. Please see ValidationMessages object for additional details."
  /// No error, at least one `Warning`.
  public static let passedWithWarnings =
    "Validation Passed with warnings. Please see ValidationMessages object for a list of resources that will be "
    + "migrated and additional detail on the warnings."
  /// Only other categories.
  public static let passed =
    "Validation Passed. Please see ValidationMessages object for a list of resources that will be migrated."

  /// Picks the result string: none → errors → warnings → passed, comparing categories case-insensitively.
  public static func choose(for messages: [ValidationMessage]) -> String {
    if messages.isEmpty { return noMessages }
    // The categories are an enumeration, so comparing its cases is comparing the lowercased names.
    if messages.contains(where: { $0.category == .error }) { return failed }
    if messages.contains(where: { $0.category == .warning }) { return passedWithWarnings }
    return passed
  }
}
