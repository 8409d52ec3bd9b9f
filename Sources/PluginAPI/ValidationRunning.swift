public import EstateModel
public import WorkerProtocol

/// One row of a validation report: the platform's `ValidationMessage` plus rule, fix, docs and location.
public struct ValidationMessage: Codable, Sendable, Hashable {
  /// The platform's `ResourceType`.
  public var resourceType: String
  /// The platform's `ResourceName`.
  public var resourceName: String
  /// `Error`, `Warning` or `Information`.
  public var category: ValidationCategory
  /// The message text (the platform's own words where it defines them).
  public var message: String
  /// The platform's `VirtualMachineName`, or null.
  public var virtualMachineName: String?
  /// The rule that produced the row.
  public var ruleId: String
  /// What to do.
  public var fix: String
  /// A documentation link.
  public var docs: String
  /// The place in the user's files, when known.
  public var location: SourceLocation?
  /// The operation whose check found it: `validate` (Validate and Prepare) or `prepare` (Prepare only).
  public var phase: ValidationPhase
  /// The values the rule's message and fix templates were filled with, when the message comes from a rule's
  /// templates (`nil` for messages written elsewhere: estate problems, ARM findings). Not part of the full
  /// JSON form; the compact report form sends these instead of the texts.
  public var arguments: [String: String]?

  /// Makes a message.
  public init(
    resourceType: String, resourceName: String, category: ValidationCategory, message: String,
    virtualMachineName: String?, ruleId: String, fix: String, docs: String, location: SourceLocation?,
    phase: ValidationPhase = .validate, arguments: [String: String]? = nil
  ) {
    self.resourceType = resourceType
    self.resourceName = resourceName
    self.category = category
    self.message = message
    self.virtualMachineName = virtualMachineName
    self.ruleId = ruleId
    self.fix = fix
    self.docs = docs
    self.location = location
    self.phase = phase
    self.arguments = arguments
  }

  /// Messages are equal when their report content is: `arguments` only says how the texts were made.
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.resourceType == rhs.resourceType && lhs.resourceName == rhs.resourceName && lhs.category == rhs.category
      && lhs.message == rhs.message && lhs.virtualMachineName == rhs.virtualMachineName && lhs.ruleId == rhs.ruleId
      && lhs.fix == rhs.fix && lhs.docs == rhs.docs && lhs.location == rhs.location && lhs.phase == rhs.phase
  }

  /// Hashes the report content, as `==` compares it.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(resourceType)
    hasher.combine(resourceName)
    hasher.combine(category)
    hasher.combine(message)
    hasher.combine(virtualMachineName)
    hasher.combine(ruleId)
    hasher.combine(fix)
    hasher.combine(docs)
    hasher.combine(location)
    hasher.combine(phase)
  }

  private enum CodingKeys: String, CodingKey {
    case resourceType, resourceName, category, message, virtualMachineName, ruleId, fix, docs, location, phase
  }

  /// Decodes a message; one written before messages carried a phase is a `validate` one.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    resourceType = try container.decode(String.self, forKey: .resourceType)
    resourceName = try container.decode(String.self, forKey: .resourceName)
    category = try container.decode(ValidationCategory.self, forKey: .category)
    message = try container.decode(String.self, forKey: .message)
    virtualMachineName = try container.decodeIfPresent(String.self, forKey: .virtualMachineName)
    ruleId = try container.decode(String.self, forKey: .ruleId)
    fix = try container.decode(String.self, forKey: .fix)
    docs = try container.decode(String.self, forKey: .docs)
    location = try container.decodeIfPresent(SourceLocation.self, forKey: .location)
    phase = try container.decodeIfPresent(ValidationPhase.self, forKey: .phase) ?? .validate
    arguments = nil
  }

  /// Encodes every member; `virtualMachineName` is `null` rather than absent, as the platform reports it.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(resourceType, forKey: .resourceType)
    try container.encode(resourceName, forKey: .resourceName)
    try container.encode(category, forKey: .category)
    try container.encode(message, forKey: .message)
    try container.encode(virtualMachineName, forKey: .virtualMachineName)
    try container.encode(ruleId, forKey: .ruleId)
    try container.encode(fix, forKey: .fix)
    try container.encode(docs, forKey: .docs)
    try container.encodeIfPresent(location, forKey: .location)
    try container.encode(phase, forKey: .phase)
  }
}

extension ValidationMessage: JSONValueConvertible {
  /// The `Codable` form with sorted keys, built directly: reports run to tens of thousands of messages.
  public var jsonValue: JSONValue {
    var members: [(key: String, value: JSONValue)] = []
    members.reserveCapacity(10)
    members.append(("category", .string(category.rawValue)))
    members.append(("docs", .string(docs)))
    members.append(("fix", .string(fix)))
    if let location { members.append(("location", location.jsonValue)) }
    members.append(("message", .string(message)))
    members.append(("phase", .string(phase.rawValue)))
    members.append(("resourceName", .string(resourceName)))
    members.append(("resourceType", .string(resourceType)))
    members.append(("ruleId", .string(ruleId)))
    members.append(("virtualMachineName", virtualMachineName.map { .string($0) } ?? .null))
    return .object(JSONObject(members))
  }
}

/// The platform-compatible result of a validation: `result` and `validationMessages`.
public struct ValidationReport: Codable, Sendable, Hashable {
  /// One of the platform's four result strings, chosen as PowerShell chooses it.
  public var result: String
  /// Every finding, in scope → resource → rule order.
  public var validationMessages: [ValidationMessage]
  /// The rule revision used.
  public var rulesRevision: RulesRevision

  /// Makes a report.
  public init(result: String, validationMessages: [ValidationMessage], rulesRevision: RulesRevision) {
    self.result = result
    self.validationMessages = validationMessages
    self.rulesRevision = rulesRevision
  }
}

extension ValidationReport: JSONValueConvertible {
  /// The `Codable` form with sorted keys, built directly.
  public var jsonValue: JSONValue {
    .object(
      JSONObject([
        ("result", .string(result)), ("rulesRevision", .string(rulesRevision.rawValue)),
        ("validationMessages", .array(validationMessages.map(\.jsonValue))),
      ]))
  }
}

/// A request for one validation pass.
public struct ValidationRequest: Sendable {
  /// The loaded estate and its problems.
  public var load: EstateLoadResult
  /// The deployment or virtual network being validated.
  public var target: MigrationTarget
  /// The destination network, for a deployment target.
  public var destination: MigrationDestination?
  /// The rule revision.
  public var revision: RulesRevision
  /// Validate, or Prepare (which adds the prepare-only rules).
  public var phase: ValidationPhase
  /// Findings made elsewhere (the ARM mapping's) that join the report and its verdict.
  public var additionalMessages: [ValidationMessage] = []
  /// More findings made elsewhere, gathered by the engine: beside its rule pass when that pass has every core
  /// (the ARM mapping's findings on a large target take as long as the rules), else before it. They join the
  /// report after `additionalMessages`; the closure runs on the calling thread, inside the request's task.
  public var gatheredMessages: (@Sendable () -> [ValidationMessage])?
  /// The estate's target index (made from `load.estate`), when the caller keeps one; the engine makes one otherwise.
  public var targetIndex: EstateTargetIndex?
  /// The estate's problems that concern the target (``MigrationTarget/problems(in:)``), when the caller has already
  /// found them; the engine finds them otherwise.
  public var targetProblems: [Problem]?

  /// Makes a request.
  public init(
    load: EstateLoadResult, target: MigrationTarget, destination: MigrationDestination? = nil,
    revision: RulesRevision = .defaultRevision, phase: ValidationPhase = .validate
  ) {
    self.load = load
    self.target = target
    self.destination = destination
    self.revision = revision
    self.phase = phase
  }
}

/// The validation engine as a service: runs every enabled plugin's rules over one target.
///
/// Implemented by the engine and registered by the executable; plugins reach it with
/// `context.services.require((any ValidationRunning).self)`.
public protocol ValidationRunning: Sendable {
  /// Every rule of every enabled plugin, sorted by id.
  var rules: [ValidationRule] { get }
  /// The rule with this id, if any.
  func rule(id: String) -> ValidationRule?
  /// Runs the full pass; collects every finding and never stops at the first.
  ///
  /// - Throws: `PluginError` 1002 (`notFound`) naming `target` when the target is not in the estate.
  func run(_ request: ValidationRequest) throws(PluginError) -> ValidationReport
  /// The report as a SARIF 2.1.0 log, with the rules of `revision` in `tool.driver.rules`.
  func sarif(_ report: ValidationReport) -> JSONValue
}
