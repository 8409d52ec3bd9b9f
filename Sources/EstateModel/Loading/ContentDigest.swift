public import Foundation

/// A 64-bit FNV-1a digest of everything an estate was loaded from, stable across runs and machines.
///
/// The estate store names loaded estates by it: the same document and files give the same handle in every
/// run, and a change to any byte of any input gives another. It is an identifier, not a security measure.
public struct ContentDigest: Sendable, Hashable {
  private var state: UInt64 = 0xcbf2_9ce4_8422_2325

  /// Makes the digest of nothing.
  public init() {}

  /// Adds bytes.
  public mutating func add(_ bytes: some Sequence<UInt8>) {
    for byte in bytes {
      state ^= UInt64(byte)
      state &*= 0x0000_0100_0000_01B3
    }
  }

  /// Adds a file's bytes.
  public mutating func add(_ data: Data) {
    data.withUnsafeBytes { add($0) }
  }

  /// Adds a label and a separator, so that neighbouring inputs cannot run into each other.
  public mutating func add(label: String) {
    add(label.utf8)
    add(CollectionOfOne(0))
  }

  /// The digest as 16 lowercase hex digits.
  public var hex: String {
    let text = String(state, radix: 16)
    return String(repeating: "0", count: 16 - text.count) + text
  }
}
