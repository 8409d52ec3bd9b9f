import MigrationEngine
import PluginAPI
import Testing

/// Every rule has a triggering case and a near-identical clean one; a rule added without them fails here.
struct CataloguePairTests {
  static let allPairs = RuleCases.pairs.merging(SupportedRuleCases.pairs) { first, _ in first }
    .merging(SubscriptionRuleCases.pairs) { first, _ in first }

  @Test func everyRuleHasACasePair() {
    let ruleIDs = Set(Catalogue.engine.rules.map(\.id))
    let caseIDs = Set(Self.allPairs.keys)
    #expect(ruleIDs.subtracting(caseIDs).sorted() == [], "rules without a case pair")
    #expect(caseIDs.subtracting(ruleIDs).sorted() == [], "case pairs without a rule")
    #expect(ruleIDs.count >= 60)
  }

  @Test(arguments: Array(CataloguePairTests.allPairs.keys).sorted())
  func triggersOnlyWhenItShould(ruleID: String) throws {
    let pair = try #require(Self.allPairs[ruleID])
    #expect(try pair.trigger.ruleIDs().contains(ruleID), "trigger case does not fire \(ruleID)")
    #expect(try !pair.clean.ruleIDs().contains(ruleID), "clean case fires \(ruleID)")
  }

  /// Every rendered message has all its placeholders filled in.
  @Test(arguments: Array(CataloguePairTests.allPairs.keys).sorted())
  func placeholdersAreFilled(ruleID: String) throws {
    let pair = try #require(Self.allPairs[ruleID])
    let messages = try pair.trigger.report().validationMessages.filter { $0.ruleId == ruleID }
    for message in messages {
      #expect(!message.message.contains("{"), "\(ruleID): \(message.message)")
      #expect(!message.fix.isEmpty && message.docs.hasPrefix("https://"))
    }
  }
}
