import Testing
import WorkerTestSupport

@testable import MigrationEngine

/// The byte-wise cleaning of names for template parameters gives what the character-wise one gives.
struct ParameterNameTests {
  /// The character-wise cleaning, as it was before the byte-wise path: the reference.
  static func reference(_ name: String) -> String {
    String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
  }

  @Test(arguments: [
    "", "contoso", "Contoso-Web.01", "a b\tc", "line\r\nbreak", "only\r", "crème", "e\u{301}x", "名前", "svc_1/2@x",
    "~`!{}[]|\\:;\"'<>,.?", "ÀB\r\n9",
  ])
  func knownNames(name: String) {
    #expect(ARMPlanBuilder.cleanedName(name) == Self.reference(name))
  }

  @Test func randomNames() {
    var generator = SplitMix64(seed: 20)
    let alphabet = Array("aZ09-_. \r\n\té\u{301}名/") + (32..<127).map { Character(Unicode.Scalar($0)) }
    for _ in 0..<5_000 {
      let name = String(
        (0..<Int.random(in: 0..<24, using: &generator)).map { _ in
          alphabet.randomElement(using: &generator)!
        })
      #expect(ARMPlanBuilder.cleanedName(name) == Self.reference(name), "\(name.debugDescription)")
    }
  }
}
