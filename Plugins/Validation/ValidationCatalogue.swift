public import PluginAPI

/// The general rule catalogue: every rule this plugin contributes.
public enum ValidationCatalogue {
  /// All rules, in catalogue order.
  public static let rules: [ValidationRule] =
    CommonErrorRules.all + UnsupportedRules.all + SupportedRules.resources + SupportedScenarioRules.all
    + PrepareCheckRules.all + SubscriptionRules.all
}
