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

    /// `validation/run`'s reply as the worker gets it (a value, or kept text).
    func reply(_ params: JSONValue) async throws -> MethodReply {
      let handler = try #require(ValidationPlugin.run.replyHandler)
      return try await handler(params, context)
    }

    var context: RequestContext {
      RequestContext(
        method: "validation/run", logger: Logger(label: "report-memo-tests"), services: services,
        cancellation: CancellationFlag(), progressSink: { _ in })
    }

    /// `validation/run`'s result.
    func run(
      _ estate: JSONValue, revision: RulesRevision, phase: ValidationPhase, format: String = "json",
      detail: String = "full"
    ) async throws -> JSONValue {
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

  /// Params of `validation/run` on the sample estate, in several spellings and with every member that changes the
  /// report.
  static let questions: [JSONValue] = [
    ["target": ["service": "contoso-shop"]],
    ["target": ["service": "contoso-shop", "slot": "Production"], "rulesRevision": "2024-07"],
    ["target": ["virtualNetwork": "contoso-vnet"], "phase": "validate"],
    ["target": ["virtualNetwork": "contoso-vnet"], "phase": "prepare", "detail": "compact"],
    ["target": ["service": "contoso-shop"], "format": "sarif", "rulesRevision": "2024-07"],
    ["target": ["service": "contoso-shop"], "destination": ["kind": "Existing"]],
  ]

  /// `question` asking about `estate`.
  static func params(_ question: JSONValue, estate: JSONValue) -> JSONValue {
    guard case .object(var object) = question else { return question }
    object["estate"] = estate
    return .object(object)
  }

  /// By handle the reply is the text kept with the estate: the same bytes on every later call (handed over, not
  /// written again), and the very bytes the worker writes for the report computed afresh by path; by path the
  /// reply is a value, computed every time.
  @Test func keptTextIsTheFreshReportsText() async throws {
    let kept = Services()
    let handle = try kept.estates.resolve(.path("examples/sample-estate/estate.json"), field: "estate").handle
    var texts: Set<[UInt8]> = []
    for question in Self.questions {
      let fresh = try await Services().reply(Self.params(question, estate: Self.samplePath))
      guard case .value(let value) = fresh else {
        Issue.record("a report by path was kept: \(question)")
        continue
      }
      let byHandle = Self.params(question, estate: ["handle": .string(handle)])
      guard case .encoded(let first) = try await kept.reply(byHandle),
        case .encoded(let second) = try await kept.reply(byHandle)
      else {
        Issue.record("a report by handle was not kept as text: \(question)")
        continue
      }
      #expect(first.text == value.serialized(), "\(question)")
      #expect(first.value == value)
      let handedOver = first.text.withUnsafeBufferPointer { one in
        second.text.withUnsafeBufferPointer { $0.baseAddress == one.baseAddress }
      }
      #expect(handedOver, "the second reply was written again: \(question)")
      // The plain handler (tools, resources) gives the same result as a value.
      #expect(try await ValidationPlugin.run.handler(byHandle, kept.context) == value)
      texts.insert(first.text)
    }
    #expect(texts.count == Self.questions.count)
  }

  /// A bad question by handle is refused every time, never kept; nor is a handle that names no estate.
  @Test func refusalsAreNotKept() async throws {
    let kept = Services()
    let handle = try kept.estates.resolve(.path("examples/sample-estate/estate.json"), field: "estate").handle
    let bad: JSONValue = [
      "estate": ["handle": .string(handle)], "target": ["service": "contoso-shop"], "format": "xml",
    ]
    for _ in 0..<2 {
      await #expect(throws: PluginError.self) { try await kept.reply(bad) }
    }
    let unknown: JSONValue = ["estate": ["handle": "e-0000000000000000"], "target": ["service": "contoso-shop"]]
    for _ in 0..<2 {
      await #expect(throws: PluginError.self) { try await kept.reply(unknown) }
    }
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
