import Testing
import WorkerTestSupport

@testable import EstateModel

/// The byte-level fast paths of ARM names and types give exactly the answers of the general, character-level ones.
struct ARMNameFastPathTests {
  /// Characters names are drawn from: ASCII letters, digits and punctuation, a carriage return and line feed
  /// (one `Character` together), accented and non-Latin letters, a combining mark and an emoji.
  static let alphabet: [String] =
    [
      "a", "Z", "k", "0", "9", "-", "-", "_", ".", "(", ")", " ", "'", "/", "\r", "\n", "\r\n", "é", "Ä", "ß", "Ω", "字",
      "\u{301}", "🙂", "x", "Q",
    ]

  /// Random names of 0 to 130 characters (beyond every rule's longest), seeded so every run sees the same ones.
  static func names(count: Int, seed: UInt64) -> [String] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      let length = Int.random(in: 0...130, using: &random)
      return (0..<length).map { _ in alphabet.randomElement(using: &random)! }.joined()
    }
  }

  /// Names at the edges the rules look at: lengths, first and last characters, doubled hyphens.
  static let edges: [String] = [
    "", "a", "ab", "abc", "-ab", "ab-", "ab.", "ab_", "1ab", "_ab", "a--b", "a-b", "a\r\nb", "\r\n", "KV-svc",
    "svc-00001-migrated", "svc-00001ContractContract", "LB-svc", String(repeating: "a", count: 24),
    String(repeating: "a", count: 25), String(repeating: "b", count: 64), String(repeating: "b", count: 65),
    String(repeating: "c", count: 80), String(repeating: "c", count: 81), String(repeating: "d", count: 90),
    String(repeating: "d", count: 91), String(repeating: "e", count: 127), String(repeating: "e", count: 128),
    "group-rg-vnet", "Group rg vnet", "é", "aé", "a\u{301}",
  ]

  @Test("violation(of:) equals the character-level check for every rule, on edge cases and random names")
  func violationMatchesGeneral() {
    let names = Self.edges + Self.names(count: 4000, seed: 22)
    var accepted = 0
    for rule in ARMNameRule.table {
      for name in names {
        #expect(rule.violation(of: name) == rule.generalViolation(of: name), "\(rule.type): \(name.debugDescription)")
        if rule.generalViolation(of: name) == nil { accepted += 1 }
      }
    }
    // Both verdicts occur, so the fast path is exercised on names it accepts and on names it hands on.
    #expect(accepted > 100)
  }

  @Test("fitted names are valid and the same whichever path judged the original")
  func fittedNamesAreValid() {
    for rule in ARMNameRule.table {
      for name in Self.edges + Self.names(count: 300, seed: 7) {
        let fitted = rule.fitted(name)
        #expect(rule.generalViolation(of: fitted) == nil, "\(rule.type): \(name.debugDescription) -> \(fitted)")
        #expect((rule.generalViolation(of: name) == nil) == (fitted == name))
      }
    }
  }

  @Test("rule(for:) finds a rule whatever the type's case, and none for an unknown type")
  func ruleLookupIgnoresCase() {
    for rule in ARMNameRule.table {
      #expect(ARMNameRule.rule(for: rule.type) == rule)
      #expect(ARMNameRule.rule(for: rule.type.lowercased()) == rule)
      #expect(ARMNameRule.rule(for: rule.type.uppercased()) == rule)
    }
    #expect(ARMNameRule.rule(for: "Microsoft.Compute/virtualMachines") == nil)
  }

  @Test("sameType and equalsIgnoringCase equal comparing lowercased text, ASCII or not, of any length")
  func caseFoldingMatchesLowercased() {
    let types =
      ARMNameRule.table.map(\.type) + ARMNameRule.table.map { $0.type.uppercased() }
      + ["", "a", "A", "İ", "i̇", "ß", "SS", "Microsoft.Network/publicIPAddresseS", "microsoft.networK/x", "é", "É"]
      + ["Web-Role", "web-role", "WEB-ROLE1", "web-rolE", "@[`{", "@[`{".lowercased(), "`", "@", "{", "["]
      + Self.names(count: 200, seed: 3).map { String($0.prefix(3)) }
    for left in types {
      for right in types {
        let expected = left.lowercased() == right.lowercased()
        #expect(ARMResource.sameType(left, right) == expected, "\(left.debugDescription) vs \(right.debugDescription)")
        #expect(left.equalsIgnoringCase(right) == expected, "\(left.debugDescription) vs \(right.debugDescription)")
      }
    }
  }

  @Test("literal IDs are the type and name segments interleaved, as the joined form writes them")
  func literalMatchesJoinedForm() {
    let cases: [(type: String, name: String)] = [
      ("Microsoft.Network/virtualNetworks", "vnet"), ("Microsoft.Network/virtualNetworks/subnets", "vnet/apps"),
      ("Microsoft.KeyVault/vaults/secrets", "KV-svc/s1"), ("Microsoft.Network", "x"), ("", "x"),
      ("Microsoft.Compute/cloudServices", ""), ("Microsoft.Network/a/b/c", "one/two"),
      ("Microsoft.Network/virtualNetworks", "a/b/c"),
    ]
    for (type, name) in cases {
      let id = ARMResourceID(resourceGroup: "rg-é", type: type, name: name)
      let namespace = type.split(separator: "/").first.map(String.init) ?? type
      let pairs = zip(id.typeSegments, id.names).map { "\($0)/\($1)" }.joined(separator: "/")
      #expect(
        id.literal(subscriptionID: "sub") == "/subscriptions/sub/resourceGroups/rg-é/providers/\(namespace)/\(pairs)")
    }
  }
}
