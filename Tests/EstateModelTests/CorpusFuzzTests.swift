import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

@testable import EstateModel

/// A seeded mutation fuzzer over the corpus for the three readers of untrusted bytes: the JSON parser, the XML
/// reader (with each format's parser behind it) and estate loading (what `estate/load` runs). Every mutated input
/// must come back as a value, a model or problems: a trap, a stack overflow or a hang fails the run.
///
/// The suite runs `CSMIGRATE_FUZZ_ITERATIONS` inputs per target (default 300) from seed `CSMIGRATE_FUZZ_SEED`
/// (default 21); `scripts/fuzz` runs it for a longer budget with a fresh seed.
@Suite struct CorpusFuzzTests {
  static let iterations = ProcessInfo.processInfo.environment["CSMIGRATE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 300
  static let seed = ProcessInfo.processInfo.environment["CSMIGRATE_FUZZ_SEED"].flatMap(UInt64.init) ?? 21

  /// The corpus's files and the sample estate, by extension, plus the inputs that once crashed or stalled a worker.
  static let seeds: (xml: [[UInt8]], json: [[UInt8]]) = {
    var xml: [[UInt8]] = [], json: [[UInt8]] = []
    var folders = [TestPaths.sampleEstate]
    if let corpus = try? TestPaths.requireCorpus() { folders.append(corpus) }
    for folder in folders {
      let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects ?? []
      for case let url as URL in files {
        guard let data = try? Data(contentsOf: url) else { continue }
        switch url.pathExtension {
        case "csdef", "cscfg", "netcfg", "xml": xml.append([UInt8](data))
        case "json": json.append([UInt8](data))
        default: continue
        }
      }
    }
    xml += crashers.xml
    json += crashers.json
    return (xml, json)
  }()

  /// The issue's crashers and stalls, small enough to mutate: deep nesting, many attributes, huge counts.
  static let crashers: (xml: [[UInt8]], json: [[UInt8]]) = (
    xml: [
      String(repeating: "<a>", count: 5_000) + String(repeating: "</a>", count: 5_000),
      "<r " + (0..<2_000).map { "a\($0)='v'" }.joined(separator: " ") + "/>",
      HostileInputTests.cscfg(roles: 3) { _ in "9223372036854775807" },
      HostileInputTests.cscfg(roles: 2_000),
    ].map { Array($0.utf8) },
    json: [
      String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
      #"{"version": 1, "quotas": [{"region": "r", "resource": "cores", "limit": -9223372036854775808, "used": 1}]}"#,
    ].map { Array($0.utf8) }
  )

  static func mutator(_ salt: UInt64) -> ByteMutator {
    ByteMutator(seed: seed &+ salt, donors: seeds.xml + seeds.json)
  }

  @Test func theJSONParserAnswersEveryMutation() throws {
    try #require(!Self.seeds.json.isEmpty)
    var mutator = Self.mutator(1)
    var parsed = 0
    for iteration in 0..<Self.iterations {
      let input = mutator.mutate(Self.seeds.json[iteration % Self.seeds.json.count])
      guard let value = try? JSONParser.parse(input) else { continue }
      parsed += 1
      // What was read is written and read back as the same value.
      #expect(try JSONParser.parse(value.serialized()) == value)
    }
    #expect(parsed > 0, "no mutation was valid JSON: the mutator is too destructive")
  }

  @Test func theXMLReaderAnswersEveryMutation() throws {
    try #require(!Self.seeds.xml.isEmpty)
    var mutator = Self.mutator(2)
    let kinds: [ArtifactKind] = [.csdef, .cscfg, .netcfg]
    var read = 0
    for iteration in 0..<Self.iterations {
      let input = Data(mutator.mutate(Self.seeds.xml[iteration % Self.seeds.xml.count]))
      let outcome = XMLDocumentReader.read(input, file: "f")
      // A document is either read or refused with at least one error.
      #expect((outcome.root != nil) != outcome.problems.contains { $0.severity == .error })
      if outcome.root != nil { read += 1 }
      let result = ArtifactReader.parse(input, kind: kinds[iteration % kinds.count], file: "f")
      #expect(result.model != nil || result.problems.contains { $0.severity == .error })
      _ = ArtifactReader.parseASMExport(input, file: "f")
    }
    #expect(read > 0, "no mutation was well-formed XML: the mutator is too destructive")
  }

  @Test func estateLoadingAnswersEveryMutation() throws {
    try #require(!Self.seeds.json.isEmpty && !Self.seeds.xml.isEmpty)
    var mutator = Self.mutator(3)
    let loader = EstateLoader(root: TestPaths.sampleEstate)
    var succeeded = 0
    for iteration in 0..<Self.iterations {
      let text: String
      if iteration.isMultiple(of: 2) {
        text = String(decoding: mutator.mutate(Self.seeds.json[iteration % Self.seeds.json.count]), as: UTF8.self)
      } else {
        // A document whose inline files are mutated corpus files.
        let csdef = mutator.mutate(Self.seeds.xml[iteration % Self.seeds.xml.count])
        let cscfg = mutator.mutate(Self.seeds.xml[(iteration / 2) % Self.seeds.xml.count])
        text = try HostileInputTests.document(
          csdef: String(decoding: csdef, as: UTF8.self), cscfg: String(decoding: cscfg, as: UTF8.self))
      }
      let result = loader.load(documentText: text, baseDirectory: nil)
      let summary = EstateSummary(result.estate)
      #expect(summary.roles >= 0 && summary.instances > .min)
      if !result.problems.contains(where: { $0.severity == .error }) { succeeded += 1 }
    }
    #expect(succeeded > 0, "no mutated estate loaded: the mutator is too destructive")
  }
}
