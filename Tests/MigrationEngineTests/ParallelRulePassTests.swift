import Testing

@testable import MigrationEngine

/// One large rule pass at a time uses every core; a second one meanwhile runs on its own thread.
struct ParallelRulePassTests {
  @Test func onePassHoldsThePermitAtATime() {
    let permit = ParallelRulePass()
    #expect(permit.enter())
    #expect(!permit.enter())
    permit.leave()
    #expect(permit.enter())
    permit.leave()
  }

}
