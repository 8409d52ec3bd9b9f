extension String {
  /// Whether two names are the same without regard to case, as the platform compares names.
  ///
  /// ASCII text (nearly every real name) is folded byte by byte without allocating; any other text is compared
  /// lowercased, so the answer is always that of `lowercased() == other.lowercased()`. Finding a target among
  /// thousands of services compares names this way thousands of times per request, where lowercasing both sides
  /// allocated two strings per comparison.
  public func equalsIgnoringCase(_ other: String) -> Bool {
    if self == other { return true }
    let folded = utf8.withContiguousStorageIfAvailable { left in
      other.utf8.withContiguousStorageIfAvailable { right in Self.asciiEqualsIgnoringCase(left, right) } ?? nil
    }
    if let verdict = folded ?? nil { return verdict }
    return lowercased() == other.lowercased()
  }

  /// Whether two ASCII byte strings are equal without case; `nil` when either is not ASCII (then lowercasing
  /// may change lengths, so only the general comparison can tell).
  private static func asciiEqualsIgnoringCase(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>)
    -> Bool?
  {
    guard left.count == right.count else {
      return left.contains(where: { $0 >= 0x80 }) || right.contains(where: { $0 >= 0x80 }) ? nil : false
    }
    for index in left.indices {
      let (a, b) = (left[index], right[index])
      if a >= 0x80 || b >= 0x80 { return nil }
      if a != b && asciiLowercased(a) != asciiLowercased(b) { return false }
    }
    return true
  }

  private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
  }
}
