import Foundation
import Testing

@testable import MigrationEngine

/// The rewritten files' diff: linear memory (Myers), and the same output as the quadratic LCS table it replaced.
struct UnifiedDiffTests {
  static let corpus = ARMTestSupport.sharedRoot.appendingPathComponent("corpus")

  /// Every `.cscfg` and `.csdef` of the corpus, sorted by path.
  static func corpusFiles() throws -> [(path: String, text: String)] {
    let walker = FileManager.default.enumerator(atPath: corpus.path)
    var files: [(String, String)] = []
    while let relative = walker?.nextObject() as? String {
      guard relative.hasSuffix(".cscfg") || relative.hasSuffix(".csdef") else { continue }
      let url = corpus.appendingPathComponent(relative)
      guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
      files.append((relative, text))
    }
    return files.sorted { $0.0 < $1.0 }
  }

  /// The rewrite of every corpus file gives the diff the LCS table gave, byte for byte.
  @Test func corpusRewritesMatchTheOldDiff() throws {
    let decisions = ArtifactRewriter.Decisions(
      virtualNetworkID: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v",
      roleSubnets: [:], roleSizes: [:], reservedPublicIP: "reserved-ip", parameterPrefix: "p_")
    let files = try Self.corpusFiles()
    #expect(files.count >= 80, "corpus not found at \(Self.corpus.path)")
    var compared = 0
    for (path, text) in files {
      let rewritten =
        path.hasSuffix(".cscfg")
        ? ArtifactRewriter.rewriteConfiguration(text, path: path, decisions: decisions)?.text
        : ArtifactRewriter.rewriteDefinition(text, path: path, decisions: decisions)?.text
      guard let rewritten, rewritten != text else { continue }
      compared += 1
      #expect(
        UnifiedDiff.diff(old: text, new: rewritten, path: path)
          == LegacyLCSDiff.diff(old: text, new: rewritten, path: path), "\(path)")
    }
    #expect(compared >= 40)
  }

  /// Between unrelated corpus files (many changes, many equally short scripts), the script is as short as the
  /// LCS table's and turns the old text into the new one.
  @Test func unrelatedCorpusFilesGiveAShortestScript() throws {
    let files = try Self.corpusFiles()
    for (first, second) in zip(files, files.dropFirst()) {
      let a = UnifiedDiff.lines(first.text)
      let b = UnifiedDiff.lines(second.text)
      let script = UnifiedDiff.editScript(a, b)
      #expect(Self.apply(script) == b, "\(first.path) -> \(second.path)")
      #expect(script.filter { $0.kind == " " }.count == LegacyLCSDiff.commonLines(a, b), "\(first.path)")
    }
  }

  /// Random sequences over small alphabets (many repeats, the hard case for a diff): always a shortest script.
  @Test func randomSequencesGiveAShortestScript() {
    var generator = SeededGenerator(seed: 21)
    for round in 0..<400 {
      let alphabet = 1 + round % 5
      let a = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
        String(Int.random(in: 0..<alphabet, using: &generator))
      }
      let b = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
        String(Int.random(in: 0..<alphabet, using: &generator))
      }
      let script = UnifiedDiff.editScript(a, b)
      #expect(Self.apply(script) == b, "\(a) -> \(b)")
      #expect(script.filter { $0.kind == "-" || $0.kind == " " }.map(\.text) == a)
      #expect(script.filter { $0.kind == " " }.count == LegacyLCSDiff.commonLines(a, b), "\(a) -> \(b)")
    }
  }

  /// A `.cscfg` of 100,000 lines with a change every 5,000 lines: the working storage is two vectors of the
  /// input's size (the LCS table needed 10¹⁰ cells), and every change is its own hunk.
  @Test func bigInputUsesLinearMemory() {
    let lines = (0..<100_000).map { "    <Setting name=\"S\($0)\" value=\"v\" />" }
    var changed = lines
    for index in stride(from: 2_500, to: lines.count, by: 5_000) { changed[index] += "<!-- changed -->" }
    let changes = MyersDiff(oldLines: lines, newLines: changed)
    #expect(changes.workspaceCells <= 4 * (lines.count + 1))
    #expect(changes.removed.filter { $0 }.count == 20)
    #expect(changes.inserted.filter { $0 }.count == 20)
    let diff = UnifiedDiff.diff(
      old: lines.joined(separator: "\n"), new: changed.joined(separator: "\n"), path: "big.cscfg")
    #expect(diff.components(separatedBy: "\n@@ ").count - 1 == 20)
    #expect(diff.contains("@@ -2498,7 +2498,7 @@\n"))
  }

  /// The new side of an edit script.
  static func apply(_ script: [UnifiedDiff.Line]) -> [String] {
    script.filter { $0.kind != "-" }.map(\.text)
  }
}

/// A small deterministic generator (SplitMix64) so random cases repeat.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The diff as it was before Myers: an LCS table of lines × lines, kept here as the oracle for small inputs.
enum LegacyLCSDiff {
  static func table(_ a: [String], _ b: [String]) -> [[Int]] {
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    return table
  }

  /// The length of the longest common subsequence.
  static func commonLines(_ a: [String], _ b: [String]) -> Int { table(a, b)[0][0] }

  static func editScript(_ a: [String], _ b: [String]) -> [UnifiedDiff.Line] {
    let table = table(a, b)
    var script: [UnifiedDiff.Line] = []
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if i < a.count && j < b.count && a[i] == b[j] {
        script.append(.init(kind: " ", text: a[i], oldLine: i + 1, newLine: j + 1))
        i += 1
        j += 1
      } else if i < a.count && (j == b.count || table[i + 1][j] >= table[i][j + 1]) {
        script.append(.init(kind: "-", text: a[i], oldLine: i + 1, newLine: j + 1))
        i += 1
      } else {
        script.append(.init(kind: "+", text: b[j], oldLine: i + 1, newLine: j + 1))
        j += 1
      }
    }
    return script
  }

  /// The old hunk printer over the old script.
  static func diff(old: String, new: String, path: String, context: Int = 3) -> String {
    let a = UnifiedDiff.lines(old)
    let b = UnifiedDiff.lines(new)
    guard a != b else { return "" }
    return UnifiedDiff.hunks(editScript(a, b), path: path, context: context)
  }
}
