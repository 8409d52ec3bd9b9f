import EstateModel
import MigrationEngine
import PluginAPI
import Testing
import Validation
import WorkerProtocol

/// The engine the worker registers builds its rules on first use; it answers exactly as one built at once.
@Suite struct LazyValidationEngineTests {
  @Test func lazyEngineGivesTheEagerEnginesRulesAndReports() throws {
    let lazy = LazyValidationEngine(plugins: [ValidationPlugin()])
    let eager = ValidationEngine(plugins: [ValidationPlugin()])
    #expect(!eager.rules.isEmpty)
    #expect(lazy.rules.map(\.id) == eager.rules.map(\.id))
    for rule in eager.rules { #expect(lazy.rule(id: rule.id)?.id == rule.id) }
    #expect(lazy.rule(id: "no-such-rule") == nil)

    var estate = Case.baseEstate()
    estate.cloudServices[0].deployments[0].roles[0].definition?.vmSizeAttribute = "Small"
    let load = EstateLoadResult(estate: estate, problems: [])
    for phase in [ValidationPhase.validate, .prepare] {
      let request = ValidationRequest(
        load: load, target: .virtualNetwork("vnet1"), revision: .current2024, phase: phase)
      let expected = try eager.run(request)
      let report = try lazy.run(request)
      #expect(!expected.validationMessages.isEmpty)
      #expect(report == expected)
      #expect(lazy.sarif(report) == eager.sarif(expected))
    }
  }

  /// Callers racing to the first use all get the one engine's answers.
  @Test func concurrentFirstUsesAgree() async {
    let lazy = LazyValidationEngine(plugins: [ValidationPlugin()])
    let expected = ValidationEngine(plugins: [ValidationPlugin()]).rules.map(\.id)
    let seen = await withTaskGroup(of: [String].self) { group in
      for _ in 0..<8 { group.addTask { lazy.rules.map(\.id) } }
      return await group.reduce(into: [[String]]()) { $0.append($1) }
    }
    #expect(seen.count == 8)
    #expect(seen.allSatisfy { $0 == expected })
  }
}
