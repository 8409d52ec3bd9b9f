import EstateModel

/// One step of the remove / migrate / recreate runbook.
struct RunbookStep: Encodable, Sendable, Hashable {
  /// A stable id (`remove-gateway`, `recreate-connection:site1`...).
  let id: String
  /// 1-based position.
  var order: Int
  /// `before-migration`, `migration` or `after-commit`.
  let stage: String
  /// `record`, `remove`, `move`, `migrate-circuit`, `validate`, `prepare`, `commit`, `recreate`, `reconnect`.
  let action: String
  /// The resource type the step touches (`VirtualNetworkGateway`, `LocalNetworkSite`...).
  let resourceType: String
  /// The resource name.
  let resourceName: String
  /// What a person does.
  let description: String
  /// The PowerShell a person would run.
  let powershell: String
  /// The REST call, when there is one (`METHOD url`).
  let rest: String?
  /// Whether connectivity stops at this step.
  let causesDowntime: Bool
  /// Whether connectivity comes back at this step.
  let restoresConnectivity: Bool
  /// The address prefixes whose connectivity the step interrupts or restores.
  let affectedAddressPrefixes: [String]
  /// What must be written down before the step (secrets only as references).
  let recordFirst: [String]
  /// Whether the step needs a decision or a value from the user; false means it can run as written.
  let needsUserInput: Bool
  /// What the user must supply, when anything.
  let userInput: String?
  /// Steps that must be done first.
  let after: [String]
}

/// The `gateways/plan` result.
struct GatewayRunbook: Encodable, Sendable {
  /// The classic VNet.
  let virtualNetwork: String
  /// The resource group the VNet lands in.
  let resourceGroup: String
  /// Every address prefix that loses connectivity at some point, sorted.
  let downtimePrefixes: [String]
  /// Rule ids behind the removals (general catalogue and this plugin).
  let blockers: [String]
  /// The ordered steps.
  let steps: [RunbookStep]
}
