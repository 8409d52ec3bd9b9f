import EstateModel
import MigrationEngine
import PluginAPI
import Testing

/// Case pairs for the subscription rules (registrations, JIT policies).
enum SubscriptionRuleCases {
  static func registrations(_ provider: String?, _ feature: String?) -> Case {
    Case(mutate: {
      $0.subscription?.registrations = SubscriptionRegistrations(
        classicInfrastructureMigrate: provider, cloudServicesFeature: feature)
    })
  }

  static let pairs: [String: (trigger: Case, clean: Case)] = [
    "CS-ERR-NOT-REGISTERED": (registrations("Registered", "NotRegistered"), registrations("Registered", "Registered")),
    "CS-INFO-REGISTRATION-UNKNOWN": (registrations("Registered", nil), registrations("Registered", "Registered")),
    "CS-UNSUP-JIT-POLICIES": (
      Case(mutate: {
        $0.jitPolicies = [decode(#"{"name": "rdp", "service": "CONTOSO", "roles": [], "ports": [3389]}"#)]
      }),
      Case(mutate: {
        $0.jitPolicies = [decode(#"{"name": "rdp", "service": "other", "roles": [], "ports": [3389]}"#)]
      })
    ),
  ]
}

/// The verdict's fidelity: full texts of the new rules, several gateways on one network, platform names, and every
/// placeholder filled in both revisions.
struct TrustedVerdictTests {
  /// The one message a rule gives for a case.
  func only(_ ruleID: String, in testCase: Case) throws -> ValidationMessage {
    let messages = try testCase.report().validationMessages.filter { $0.ruleId == ruleID }
    #expect(messages.count == 1, "\(ruleID): \(messages.map(\.message))")
    return try #require(messages.first)
  }

  @Test func missingRegistrationFailsWithThePlatformsMessage() throws {
    let pair = try #require(SubscriptionRuleCases.pairs["CS-ERR-NOT-REGISTERED"])
    let message = try only("CS-ERR-NOT-REGISTERED", in: pair.trigger)
    #expect(message.category == .error)
    #expect(message.message == "BadRequest : Subscription is not registered for migration.")
    #expect(message.resourceName == "sub")
    #expect(try pair.trigger.report().result.hasPrefix("Validation Failed"))
  }

  @Test func unknownRegistrationSaysHowToCheck() throws {
    let message = try only("CS-INFO-REGISTRATION-UNKNOWN", in: SubscriptionRuleCases.registrations(nil, nil))
    #expect(message.category == .information)
    #expect(
      message.message
        == "The estate does not say whether subscription sub has the resource provider "
        + "Microsoft.ClassicInfrastructureMigrate and the feature CloudServices of Microsoft.Compute registered; "
        + "migration needs both registrations.")
    #expect(
      message.fix.contains("Get-AzProviderFeature -FeatureName CloudServices -ProviderNamespace Microsoft.Compute"))
  }

  @Test func jitPoliciesAreAWarningIn2021AndAbsentIn2024() throws {
    var trigger = try #require(SubscriptionRuleCases.pairs["CS-UNSUP-JIT-POLICIES"]).trigger
    let message = try only("CS-UNSUP-JIT-POLICIES", in: trigger)
    #expect(message.category == .warning)
    #expect(
      message.message
        == "Cloud service contoso has 1 JIT policy(ies): not supported; existing rules are dropped after migration.")
    #expect(message.fix == "Recreate the policies after migration.")
    trigger.revision = .current2024
    #expect(try !trigger.ruleIDs().contains("CS-UNSUP-JIT-POLICIES"))
  }

  @Test func bothGatewaysOfOneNetworkAreReportedWithTheirFixes() throws {
    let testCase = Case(mutate: {
      $0.virtualNetworks[0].gateway = Gateway(type: .vpn)
      $0.virtualNetworks[0].additionalGateways = [Gateway(type: .expressRoute)]
    })
    let vpn = try only("CS-UNSUP-VPN-GATEWAY", in: testCase)
    let expressRoute = try only("CS-UNSUP-EXPRESSROUTE-GATEWAY", in: testCase)
    #expect(vpn.message == "Virtual network vnet1 has a VPN gateway, which isn't available for migration.")
    #expect(
      expressRoute.message == "Virtual network vnet1 has an ExpressRoute gateway, which isn't available for migration.")
    #expect(vpn.fix.contains("VPN Gateway") && expressRoute.fix.contains("Express Route Gateway"))
  }

  @Test func portalCreatedNetworksNameTheirResourceGroupAsThePlatformDoes() throws {
    let testCase = Case(
      mutate: {
        $0.virtualNetworks[0].name = "Group Prod-RG Vnet1"
        $0.production { $0.virtualNetwork = .named("Group Prod-RG Vnet1") }
      }, target: .virtualNetwork("Group Prod-RG Vnet1"))
    let message = try only("CS-SUP-VIRTUAL-NETWORK", in: testCase)
    #expect(
      message.message
        == "Virtual network Group Prod-RG Vnet1 is migrated with its 1 subnet(s) to resource group "
        + "group-Prod-RG-Vnet1-migrated.")
    let deployment = try only("CS-SUP-DEPLOYMENT", in: Case())
    #expect(deployment.message.hasSuffix("in resource group contoso-migrated."))
  }

  /// Every rule's trigger case, in both revisions and both phases: no `{name}` placeholder is left in a message or
  /// a fix.
  @Test(arguments: RulesRevision.allCases)
  func everyRuleRendersWithoutPlaceholdersInBothRevisions(revision: RulesRevision) throws {
    var rendered = 0
    for (ruleID, pair) in CataloguePairTests.allPairs.sorted(by: { $0.key < $1.key }) {
      var trigger = pair.trigger
      trigger.revision = revision
      trigger.phase = .prepare
      for message in try trigger.report().validationMessages {
        rendered += 1
        #expect(message.message.firstMatch(of: /\{[A-Za-z]+\}/) == nil, "\(ruleID): \(message.message)")
        #expect(message.fix.firstMatch(of: /\{[A-Za-z]+\}/) == nil, "\(ruleID) fix: \(message.fix)")
      }
    }
    #expect(rendered >= CataloguePairTests.allPairs.count)
  }
}
