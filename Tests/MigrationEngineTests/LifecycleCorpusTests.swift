import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

/// The whole lifecycle on every corpus csdef/cscfg pair that loads and validates without errors, and on the sample.
struct LifecycleCorpusTests {
  static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/cloud-services")

  /// Each pair folder with one csdef and its first cscfg.
  static func pairs() -> [(folder: String, csdef: String, cscfg: String)] {
    let folders = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
    return folders.sorted().compactMap { folder in
      let files =
        (try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(folder).path)) ?? []
      let definitions = files.filter { $0.hasSuffix(".csdef") }
      guard definitions.count == 1, let csdef = definitions.first,
        let cscfg = files.filter({ $0.hasSuffix(".cscfg") }).sorted().first
      else { return nil }
      return (folder, csdef, cscfg)
    }
  }

  /// Validate, Prepare, a refused update on both sides, Commit, for one estate; returns whether it ran.
  static func runLifecycle(_ resolved: ResolvedEstate) async throws -> Bool {
    let engine = LifecycleEngine(location: .memory)
    _ = try engine.importEstate(resolved)
    let targets = try engine.status(nil)
    for status in targets {
      let report = try engine.validate(status.target)
      guard !report.failed else { return false }
      let prepared = try await engine.prepare(status.target)
      #expect(prepared.state == .prepared)
      #expect(prepared.armResources == status.deployments.count)
      let member = try #require(status.deployments.first)
      do {
        _ = try engine.classicUpdate(
          ClassicReference(service: member.service, slot: member.slot.rawValue), patch: .object(["label": .string("x")])
        )
        Issue.record("a prepared deployment accepted an update")
      } catch {
        #expect(ResponseError(mapping: error).code == .operationNotAllowed)
      }
      #expect(try await engine.commit(status.target).state == .committed)
    }
    return !targets.isEmpty
  }

  @Test func everyCleanCorpusPair() async throws {
    let pairs = Self.pairs()
    #expect(pairs.count >= 40, "corpus not found or smaller than expected at \(Self.corpus.path)")
    var ran = 0
    for pair in pairs {
      let store = EstateStore(root: Self.corpus.appendingPathComponent(pair.folder))
      let document =
        #"{"services":[{"name":"corpus","region":"West Europe","deployments":{"production":{"#
        + #""name":"corpus-prod","csdef":"\#(pair.csdef)","cscfg":"\#(pair.cscfg)"}}}]}"#
      let resolved = try store.resolve(.document(try JSONParser.parse(document)), field: "estate")
      guard resolved.load.succeeded else { continue }
      if try await Self.runLifecycle(resolved) { ran += 1 }
    }
    #expect(ran >= 30, "only \(ran) corpus pairs went through the lifecycle")
  }

  @Test func sampleEstate() async throws {
    let resolved = try EstateStore(root: packageRoot).resolve(
      .path("examples/sample-estate/estate.json"), field: "estate")
    #expect(try await Self.runLifecycle(resolved))
  }
}
