import EstateModel
import PluginAPI
import Testing

@testable import MigrationEngine

/// A large pass that finds the engine's parallel permit taken (another heavy request holds it) runs its rules on
/// its own thread and gives the very report the parallel pass gives.
struct ParallelPassReportTests {
  @Test func aPassWithoutThePermitGivesTheSameReport() throws {
    var findings = Case()
    findings.mutate = { estate in
      estate.production { deployment in
        let role = deployment.roles[0]
        deployment.roles = (0..<8).map { index in
          var copy = role
          copy.name = "Web\(index)"
          copy.definition?.name = copy.name
          copy.definition?.vmSizeAttribute = "Small"
          copy.configuration?.name = copy.name
          return copy
        }
      }
    }
    let parallelEngine = ValidationEngine(rules: Catalogue.engine.rules, parallelFromRoles: 1)
    let parallel = try findings.report(engine: parallelEngine)
    #expect(parallelEngine.parallelPass.enter())
    let serial = try findings.report(engine: parallelEngine)
    parallelEngine.parallelPass.leave()
    #expect(parallel.validationMessages.count >= 8)
    #expect(serial == parallel)
  }
}
