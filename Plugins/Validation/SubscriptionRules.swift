import EstateModel
import PluginAPI

/// What the subscription itself must have before migration: its registrations (reference 1.6), and what it
/// holds that migration drops (JIT policies, reference 4.4 in its 2021-02 revision).
enum SubscriptionRules {
  /// The two registrations, as the estate format names them and as the platform does.
  static let registrations: [(label: String, state: @Sendable (SubscriptionRegistrations) -> String?)] = [
    ("the resource provider Microsoft.ClassicInfrastructureMigrate", { $0.classicInfrastructureMigrate }),
    ("the feature CloudServices of Microsoft.Compute", { $0.cloudServicesFeature }),
  ]

  static let howToCheck =
    "Run Get-AzResourceProvider -ProviderNamespace Microsoft.ClassicInfrastructureMigrate and "
    + "Get-AzProviderFeature -FeatureName CloudServices -ProviderNamespace Microsoft.Compute; RegistrationState must "
    + "be Registered for both (register them with Register-AzResourceProvider and Register-AzProviderFeature)."

  /// The subscription's name for messages: its ID, or a description when the estate names none.
  static func subscriptionName(_ estate: Estate) -> String { estate.subscription?.id ?? "(not named in the estate)" }

  static let all: [ValidationRule] = [
    ValidationRule(
      id: "CS-ERR-NOT-REGISTERED", scope: .estate, severity: .error,
      summary: "The subscription is known not to be registered for migration.",
      messageTemplate: "BadRequest : Subscription is not registered for migration.", platformDefined: true,
      fix: "Register the subscription, then validate again. " + howToCheck, docs: Docs.overview,
      sources: ["1.6"],
      example:
        "subscription {\"id\": \"...\", \"registrations\": {\"classicInfrastructureMigrate\": \"NotRegistered\"}}"
    ) { input in
      guard let known = input.estate.subscription?.registrations else { return [] }
      let missing: [String] = registrations.compactMap { entry in
        entry.state(known).flatMap { $0.lowercased() == "registered" ? nil : entry.label }
      }
      guard !missing.isEmpty else { return [] }
      return [ValidationHit(resourceType: "Subscription", resourceName: subscriptionName(input.estate))]
    },
    ValidationRule(
      id: "CS-INFO-REGISTRATION-UNKNOWN", scope: .estate, severity: .information,
      summary: "The estate does not say whether the subscription is registered for migration.",
      messageTemplate: "The estate does not say whether subscription {subscription} has {unknown} registered; "
        + "migration needs both registrations.",
      fix: howToCheck + " Then record the states under subscription.registrations in the estate document.",
      docs: Docs.overview, sources: ["1.6"],
      example: "subscription {\"id\": \"...\"} with no registrations"
    ) { input in
      let known = input.estate.subscription?.registrations ?? SubscriptionRegistrations()
      let unknown = registrations.filter { $0.state(known) == nil }.map(\.label)
      guard !unknown.isEmpty else { return [] }
      return [
        ValidationHit(
          resourceType: "Subscription", resourceName: subscriptionName(input.estate),
          values: ["subscription": subscriptionName(input.estate), "unknown": unknown.joined(separator: " and ")])
      ]
    },
    ValidationRule(
      id: "CS-UNSUP-JIT-POLICIES", scope: .cloudService, severity: .warning,
      summary: "Just-in-time access policies are not migrated.",
      messageTemplate: "Cloud service {service} has {count} JIT policy(ies): not supported; existing rules are "
        + "dropped after migration.",
      fix: "Recreate the policies after migration.", docs: Docs.unsupportedResources,
      revisions: [.preview2021], sources: ["4.4: JIT Policies"],
      example: "jitPolicies [{\"name\": \"rdp\", \"service\": \"contoso-web\", \"roles\": [], \"ports\": [3389]}]"
    ) { input in
      input.services.compactMap { service in
        let count = input.estate.jitPolicies.filter { $0.service.lowercased() == service.name.lowercased() }.count
        return count == 0 ? nil : Hit.service(service, ["count": String(count)])
      }
    },
  ]
}
