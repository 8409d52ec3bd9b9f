import EstateModel
import Foundation
import Logging
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

@testable import Validation

/// `validation/run` by handle keeps each report with the estate: what it gives again is what it would compute.
struct ReportMemoTests {
  /// The engine's services over the package root, as the worker registers them.
  struct Services {
    let estates: EstateStore
    let services: PluginServices

    init(capacity: Int = 64) {
      estates = EstateStore(root: Paths.packageRoot, capacity: capacity)
      var services = PluginServices()
      services.register(estates, as: (any EstateResolving).self)
      services.register(ValidationEngine(plugins: [ValidationPlugin()]), as: (any ValidationRunning).self)
      services.register(ARMPlanner(store: estates), as: (any ARMPlanning).self)
      self.services = services
    }

    /// `validation/run`'s result.
    func run(
      _ estate: JSONValue, revision: RulesRevision, phase: ValidationPhase, format: String = "json",
      detail: String = "full"
    ) async throws -> JSONValue {
      let context = RequestContext(
        method: "validation/run", logger: Logger(label: "report-memo-tests"), services: services,
        cancellation: CancellationFlag(), progressSink: { _ in })
      let params: JSONValue = [
        "estate": estate, "target": ["virtualNetwork": "contoso-vnet"],
        "rulesRevision": .string(revision.rawValue), "phase": .string(phase.rawValue), "format": .string(format),
        "detail": .string(detail),
      ]
      return try await ValidationPlugin.run.handler(params, context)
    }
  }

  static let samplePath: JSONValue = ["path": "examples/sample-estate/estate.json"]

  /// Every revision and phase by one handle, twice each, against a fresh store's report: the same; and reports
  /// differ by revision and by phase, so a key missing either would be seen.
  @Test func keptReportsEqualFreshOnesAndStayApart() async throws {
    let kept = Services()
    let handle = try kept.estates.resolve(.path("examples/sample-estate/estate.json"), field: "estate").handle
    var fresh: [String: String] = [:]
    for revision in RulesRevision.allCases {
      for phase in ValidationPhase.allCases {
        let expected = try await Services().run(Self.samplePath, revision: revision, phase: phase)
        for _ in 0..<2 {
          #expect(try await kept.run(["handle": .string(handle)], revision: revision, phase: phase) == expected)
        }
        fresh["\(revision.rawValue) \(phase.rawValue)"] = expected.jsonText
      }
    }
    // Some revision's two phases differ, and some phase's two revisions.
    #expect(RulesRevision.allCases.contains { fresh["\($0.rawValue) validate"] != fresh["\($0.rawValue) prepare"] })
    #expect(
      ValidationPhase.allCases.contains { phase in
        Set(RulesRevision.allCases.map { fresh["\($0.rawValue) \(phase.rawValue)"] }).count > 1
      })
  }

  /// The full, compact and SARIF forms of one report are kept apart, each equal to a fresh one.
  @Test func formsAreKeptApart() async throws {
    let kept = Services()
    let handle = try kept.estates.resolve(.path("examples/sample-estate/estate.json"), field: "estate").handle
    var seen: Set<String> = []
    for (format, detail) in [("json", "full"), ("json", "compact"), ("sarif", "full")] {
      let expected = try await Services().run(
        Self.samplePath, revision: .defaultRevision, phase: .prepare,
        format: format, detail: detail)
      let got = try await kept.run(
        ["handle": .string(handle)], revision: .defaultRevision, phase: .prepare, format: format, detail: detail)
      #expect(got == expected)
      seen.insert(got.jsonText)
    }
    #expect(seen.count == 3)
  }

  /// Results are counted by their messages in both forms, so the bound on kept results applies to each.
  @Test func messagesAreCountedInEveryForm() async throws {
    for (format, detail) in [("json", "full"), ("json", "compact"), ("sarif", "full")] {
      let result = try await Services().run(
        Self.samplePath, revision: .defaultRevision, phase: .prepare, format: format, detail: detail)
      #expect(ValidationPlugin.messageCount(result) >= 5, "\(format) \(detail)")
    }
  }

  /// An evicted estate's handle is refused, and the estate loaded again gives a fresh report.
  @Test func evictedEstateServesNothingStale() async throws {
    let kept = Services(capacity: 1)
    let handle = try kept.estates.resolve(.path("examples/sample-estate/estate.json"), field: "estate").handle
    let first = try await kept.run(["handle": .string(handle)], revision: .defaultRevision, phase: .prepare)
    _ = try kept.estates.resolve(.document(["version": 1, "services": []]), field: "estate")
    #expect(!kept.estates.loadedHandles.contains(handle))
    await #expect(throws: PluginError.self) {
      try await kept.run(["handle": .string(handle)], revision: .defaultRevision, phase: .prepare)
    }
    #expect(try await kept.run(Self.samplePath, revision: .defaultRevision, phase: .prepare) == first)
  }
}
