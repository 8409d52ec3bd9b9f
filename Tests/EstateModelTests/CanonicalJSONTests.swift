import Testing
import WorkerProtocol
import WorkerTestSupport

@testable import EstateModel

/// `Canonical.value` must give exactly what a round trip through `JSONFragment` gives.
@Suite struct CanonicalJSONTests {
  static let keys = ["a", "b", "B", "", "a.b", "z", "version", "Z9", "aa", "\u{e9}", "e\u{301}", "\u{1F600}"]
  static let numbers = [
    "0", "-0", "1", "-1", "1.0", "1.5", "1e2", "1E-2", "999999999999999", "1000000000000000", "9007199254740993",
    "12345678901234567890", "1e300", "1e400", "-1e400", "0.1", "2.50", "123456789012345",
  ]

  @Test(arguments: 0..<6)
  func objectsOfEverySizeMatchTheFragmentRoundTrip(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    for size in 0...40 {
      var members: [(key: String, value: JSONValue)] = []
      for index in 0..<size {
        // Suffixes only on ASCII keys: `String`'s `<` is not a total order between a key in decomposed form and
        // a longer key in composed form ("e\u{301}" against "\u{e9}1"), so no sorted order is canonical there.
        let key = Self.keys[Int(random.next() % UInt64(Self.keys.count))]
        let suffixed = key.utf8.allSatisfy { $0 < 0x80 } && random.next() % 2 == 0 ? key + "\(index)" : key
        let number = Self.numbers[Int(random.next() % UInt64(Self.numbers.count))]
        let value: JSONValue =
          random.next() % 3 == 0
          ? .object(JSONObject([(key: key, value: .number(JSONNumber(unchecked: number))), (key: "k", value: "v")]))
          : .number(JSONNumber(unchecked: number))
        members.append((suffixed, value))
      }
      let object = JSONValue.object(JSONObject(members))
      #expect(Canonical.value(object) == JSONFragment(object).jsonValue, "size \(size)")
    }
  }

  @Test func twoSpellingsOfAKeyKeepTheFirstSpellingAndTheLastValue() {
    let object = JSONValue.object(JSONObject([("z", 1), ("\u{e9}", "composed"), ("a", 2), ("e\u{301}", "decomposed")]))
    let expected = JSONValue.object(JSONObject([("a", 2), ("z", 1), ("\u{e9}", "decomposed")]))
    let actual = Canonical.value(object)
    #expect(actual == expected)
    #expect(actual.objectValue?.keys.last?.unicodeScalars.count == 1)
  }

  @Test(arguments: numbers)
  func numbersMatchTheDoubleRoundTrip(text: String) {
    let number = JSONNumber(unchecked: text)
    #expect(JSONValue.number(Canonical.number(number)) == JSONFragment(.number(number)).jsonValue)
  }
}
