/// Seeded mutations of byte strings for fuzzing parsers: flips, insertions, deletions, repeats, splices from other
/// inputs and tokens that parsers of JSON and XML treat specially. The same seed gives the same mutations.
public struct ByteMutator {
  /// The random source; advancing it is the only state.
  public var random: SplitMix64
  /// Inputs to splice pieces from (usually the corpus).
  public let donors: [[UInt8]]

  /// Byte strings that reach the corners of the JSON and XML grammars and the number handling behind them.
  public static let tokens: [[UInt8]] = [
    "<", ">", "</", "/>", "<a>", "</a>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", "<!DOCTYPE a [",
    "<!ENTITY e \"x\">", "&e;", "&amp;", "&#0;", "&#x10FFFF;", "=\"", "\"", "'", "xmlns=\"urn:x\"", "p:", "{", "}", "[",
    "]", ":", ",", "null", "true", "-0", "1e999", "-1", "0", "9223372036854775807", "9223372036854775808",
    "-9223372036854775809", "1.5", "\\u", "\\uD800", "\\\"", "\u{0}", "\u{FEFF}", "\r\n", "\u{7F}",
  ].map { Array($0.utf8) }

  /// Makes a mutator whose choices follow `seed`.
  public init(seed: UInt64, donors: [[UInt8]]) {
    random = SplitMix64(seed: seed)
    self.donors = donors
  }

  /// `input` changed by one to four mutations.
  public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0...Int.random(in: 0...3, using: &random) {
      mutateOnce(&bytes)
    }
    return bytes
  }

  private mutating func mutateOnce(_ bytes: inout [UInt8]) {
    let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
    switch Int.random(in: 0..<7, using: &random) {
    case 0 where position < bytes.count:
      bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
    case 1:
      bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
    case 2 where position < bytes.count:
      let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
      bytes.removeSubrange(position..<end)
    case 3 where position < bytes.count:
      // A run repeated: deep nesting, long attribute lists, many roles.
      let end = min(bytes.count, position + Int.random(in: 1...32, using: &random))
      let run = Array(bytes[position..<end])
      let copies = Int.random(in: 2...200, using: &random)
      bytes.insert(contentsOf: Array([[UInt8]](repeating: run, count: copies).joined()), at: position)
    case 4 where !donors.isEmpty:
      let donor = donors[Int.random(in: 0..<donors.count, using: &random)]
      guard !donor.isEmpty else { return }
      let start = Int.random(in: 0..<donor.count, using: &random)
      let end = min(donor.count, start + Int.random(in: 1...256, using: &random))
      bytes.insert(contentsOf: donor[start..<end], at: position)
    default:
      bytes.insert(contentsOf: Self.tokens[Int.random(in: 0..<Self.tokens.count, using: &random)], at: position)
    }
  }
}
