import EstateModel
import PluginAPI
import Testing

@testable import MigrationEngine

/// A large pass that finds the engine's parallel permit taken (another heavy request holds it) runs its rules on
/// its own thread and gives the very report the parallel pass gives.
struct ParallelPassReportTests {
  @Test func aPassWithoutThePermitGivesTheSameReport() throws {
    let findings = Case.legacySizedRoles(8)
    let parallelEngine = ValidationEngine(rules: Catalogue.engine.rules, parallelFromRoles: 1)
    let parallel = try findings.report(engine: parallelEngine)
    #expect(parallelEngine.parallelPass.enter())
    let serial = try findings.report(engine: parallelEngine)
    parallelEngine.parallelPass.leave()
    #expect(parallel.validationMessages.count >= 8)
    #expect(serial == parallel)
  }
}
