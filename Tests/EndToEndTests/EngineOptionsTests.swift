import ArgumentParser
import Testing

@testable import csmigrate

/// The options every engine command shares: `--state` counts as given even when it repeats the default.
struct EngineOptionsTests {
  @Test func stateGivenWithTheDefaultValueStillCountsAsGiven() throws {
    let given = try EngineOptions.parse(["--state", "./.csmigrate/"])
    #expect(given.stateGiven)
    #expect(given.state == "./.csmigrate/")
    let absent = try EngineOptions.parse([])
    #expect(!absent.stateGiven)
    #expect(absent.state == "./.csmigrate/", "without --state the ledger is still the default directory")
  }
}
