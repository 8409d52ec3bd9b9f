public import EstateModel

/// What a validation rule looks at; findings are ordered by scope first, in this declaration order.
public enum ValidationScope: String, Codable, Sendable, Hashable, CaseIterable {
  /// The subscription or the request as a whole (destination fields, quota).
  case estate
  /// A classic virtual network and what lives in it.
  case virtualNetwork
  /// A gateway of a classic virtual network.
  case gateway
  /// A cloud service (hosted service).
  case cloudService
  /// One deployment of a cloud service.
  case deployment
  /// A reserved IP.
  case reservedIP
  /// A role of a deployment.
  case role
  /// An endpoint of a role.
  case endpoint
  /// A certificate of a role.
  case certificate
  /// An extension or plugin of a role.
  case `extension`

  /// The position of the scope in report order.
  public var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// The platform's message categories (`Category` of a `ValidationMessage`).
public enum ValidationCategory: String, Codable, Sendable, Hashable, CaseIterable {
  /// Blocks migration.
  case error = "Error"
  /// Migration goes through, but something changes or is lost.
  case warning = "Warning"
  /// What will be migrated and how.
  case information = "Information"
}

/// Which operation runs a rule: Validate (and therefore Prepare too) or only Prepare.
public enum ValidationPhase: String, Codable, Sendable, Hashable, CaseIterable {
  /// Checked by Validate and by Prepare.
  case validate
  /// Expensive checks that only Prepare runs.
  case prepare
}

/// One finding of a rule, before the rule's text is filled in.
public struct ValidationHit: Sendable, Hashable {
  /// The platform's `ResourceType` (`Deployment`, `Role`, `VirtualNetwork`...).
  public var resourceType: String
  /// The resource's name.
  public var resourceName: String
  /// Values for the rule's named placeholders (`{deployment}` takes `values["deployment"]`).
  public var values: [String: String]
  /// Where in the user's files the finding points, when known.
  public var location: SourceLocation?
  /// The platform's `VirtualMachineName`: the role, for role-level findings.
  public var virtualMachineName: String?
  /// Set when the rule could not be evaluated: the finding is then this failure, an `Error`, not the rule's text.
  public var failure: ValidationRuleFailure?

  /// Makes a hit.
  public init(
    resourceType: String, resourceName: String, values: [String: String] = [:], location: SourceLocation? = nil,
    virtualMachineName: String? = nil, failure: ValidationRuleFailure? = nil
  ) {
    self.resourceType = resourceType
    self.resourceName = resourceName
    self.values = values
    self.location = location
    self.virtualMachineName = virtualMachineName
    self.failure = failure
  }
}

/// Why a rule could not be evaluated (its process plugin crashed, say), reported as an `Error` finding of its own
/// so that a rule that could not look can never let validation pass or Prepare go ahead.
public struct ValidationRuleFailure: Sendable, Hashable {
  /// The finding's own rule id (`CS-PLUGIN-FAILED`), not the id of the rule that failed.
  public var ruleId: String
  /// The finding's message, naming what failed and why.
  public var message: String
  /// How to repair or disable what failed.
  public var fix: String

  /// Describes a failure.
  public init(ruleId: String, message: String, fix: String) {
    self.ruleId = ruleId
    self.message = message
    self.fix = fix
  }
}

/// A migration rule as data: identity, text, fix, documentation and the revisions it belongs to,
/// plus the closure that finds where it applies.
///
/// Plugins contribute rules through ``WorkerPlugin/validationRules``; the engine evaluates every rule of
/// every enabled plugin in one pass. Templates use named placeholders in braces: `{deployment}`, `{service}`.
///
/// ```swift
/// ValidationRule(
///   id: "GW-EXAMPLE", scope: .gateway, severity: .error, summary: "Gateways block migration.",
///   messageTemplate: "Virtual network {vnet} has a gateway.", fix: "Remove it.", docs: "https://...",
///   example: "<Gateway/>"
/// ) { input in
///   input.virtualNetworks.filter { $0.gateway != nil }.map {
///     ValidationHit(resourceType: "VirtualNetwork", resourceName: $0.name, values: ["vnet": $0.name])
///   }
/// }
/// ```
public struct ValidationRule: Sendable {
  /// The stable identifier (`CS-ERR-TWO-SLOTS`); unique across all plugins.
  public let id: String
  /// What the rule looks at.
  public let scope: ValidationScope
  /// The category of its findings.
  public let severity: ValidationCategory
  /// One line saying what the rule checks.
  public let summary: String
  /// The message, with named placeholders in braces.
  public var messageTemplate: String { template.text }
  /// The message template, split into text and placeholders once.
  public let template: MessageTemplate
  /// Whether the message is the platform's own text (reproduced verbatim, names filled in).
  public let platformDefined: Bool
  /// What to do about a finding, with named placeholders in braces like the message.
  public let fix: String
  /// The fix, split into text and placeholders once.
  public let fixTemplate: MessageTemplate
  /// A documentation link.
  public let docs: String
  /// The rule revisions the rule belongs to.
  public let revisions: [RulesRevision]
  /// Validate (and Prepare), or Prepare only.
  public let phase: ValidationPhase
  /// Where the rule comes from, as reference sections and table rows (`3.1`, `4.5: Migration of empty ...`).
  public let sources: [String]
  /// A short example of a configuration that triggers the rule.
  public let example: String
  /// Finds the rule's hits in an input; never throws, never stops other rules.
  public let evaluate: @Sendable (ValidationRuleInput) -> [ValidationHit]
  /// Whether the hits depend on the input alone, so a report may be kept with its estate and served again: false
  /// for rules a process plugin answers, whose health or outside sources can change the answer.
  public let dependsOnInputOnly: Bool

  /// Declares a rule.
  public init(
    id: String, scope: ValidationScope, severity: ValidationCategory, summary: String, messageTemplate: String,
    platformDefined: Bool = false, fix: String, docs: String, revisions: [RulesRevision] = RulesRevision.allCases,
    phase: ValidationPhase = .validate, sources: [String] = [], example: String, dependsOnInputOnly: Bool = true,
    evaluate: @escaping @Sendable (ValidationRuleInput) -> [ValidationHit]
  ) {
    self.id = id
    self.scope = scope
    self.severity = severity
    self.summary = summary
    self.template = MessageTemplate(messageTemplate)
    self.platformDefined = platformDefined
    self.fix = fix
    self.fixTemplate = MessageTemplate(fix)
    self.docs = docs
    self.revisions = revisions.sorted()
    self.phase = phase
    self.sources = sources
    self.example = example
    self.dependsOnInputOnly = dependsOnInputOnly
    self.evaluate = evaluate
  }

  /// Fills the template's `{name}` placeholders from `values`; unknown placeholders stay as written.
  public static func render(_ template: String, values: [String: String]) -> String {
    MessageTemplate(template).render(values)
  }

  /// This rule's message for a hit.
  public func message(for hit: ValidationHit) -> String { template.render(hit.values) }

  /// This rule's fix for a hit, its placeholders filled like the message's.
  public func fix(for hit: ValidationHit) -> String { fixTemplate.render(hit.values) }
}
