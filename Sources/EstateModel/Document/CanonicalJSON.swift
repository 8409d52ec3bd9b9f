import WorkerProtocol

/// The canonical form of parsed JSON that the estate document is decoded from.
///
/// It is what turning a value into a `JSONFragment` and back gives, without building the fragment: object members
/// sorted by key, a key given twice (or in two spellings that compare equal) keeping its first spelling and its
/// last value, and numbers rewritten as a `Double` would print them (whole numbers below 2^53 as integers).
enum Canonical {
  /// An object's members in canonical order.
  struct Members {
    /// The members, sorted by key, each key once.
    var members: [(key: String, value: JSONValue)]
    /// Whether every key is ASCII, so that `<` and `==` on keys are plain byte comparisons and `<` is a strict
    /// total order. (Between keys in different Unicode normal forms, `String`'s `<` can call two unequal keys
    /// neither smaller nor larger, so only ASCII keys may be paired with properties by merging sorted lists.)
    var isASCII: Bool
  }

  /// A value in canonical form.
  static func value(_ value: JSONValue) -> JSONValue {
    switch value {
    case .null, .bool, .string: value
    case .number(let number): .number(Self.number(number))
    case .array(let elements): .array(elements.map(Self.value))
    case .object(let object):
      .object(JSONObject(members(of: object).members.map { ($0.key, Self.value($0.value)) }))
    }
  }

  /// A number as the document model keeps it: its `Double`, printed as an integer when it is a whole number below
  /// 2^53.
  static func number(_ number: JSONNumber) -> JSONNumber {
    if isPlainInteger(number.text) { return number }
    let double = number.doubleValue
    if double == double.rounded(), abs(double) < 9_007_199_254_740_992 {
      return JSONNumber(Int(double))
    }
    return JSONNumber(double)
  }

  /// Whether the text is a non-negative integer of at most 15 digits without a leading zero, which the `Double`
  /// round trip leaves as it is.
  private static func isPlainInteger(_ text: String) -> Bool {
    let digits = text.utf8
    guard !digits.isEmpty, digits.count <= 15, digits.first != UInt8(ascii: "0") || digits.count == 1 else {
      return false
    }
    return digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }

  /// An object's members sorted by key, each key once: its first spelling with its last value.
  static func members(of object: JSONObject) -> Members {
    let members = object.members
    guard members.allSatisfy({ isASCII($0.key) }) else {
      return Members(members: deduplicatedByHashing(members), isASCII: false)
    }
    if isStrictlyAscending(members) { return Members(members: members, isASCII: true) }
    // Sorting one copy is enough unless a key repeats, which the sorted copy shows (equal neighbours).
    var sorted = members
    if sorted.count <= 16 {
      insertionSort(&sorted)
    } else {
      sorted.sort { $0.key < $1.key }
    }
    if isStrictlyAscending(sorted) { return Members(members: sorted, isASCII: true) }
    return Members(members: deduplicatedBySorting(members), isASCII: true)
  }

  private static func isASCII(_ key: String) -> Bool {
    key.utf8.allSatisfy { $0 < 0x80 }
  }

  /// Sorts a few members by key in place, without the overhead of the general sort.
  private static func insertionSort(_ members: inout [(key: String, value: JSONValue)]) {
    for index in members.indices.dropFirst() {
      let member = members[index]
      var slot = index
      while slot > 0, member.key < members[slot - 1].key {
        members[slot] = members[slot - 1]
        slot -= 1
      }
      members[slot] = member
    }
  }

  /// ASCII-keyed members sorted by key, where a repeated key keeps its first spelling and its last value.
  private static func deduplicatedBySorting(
    _ members: [(key: String, value: JSONValue)]
  ) -> [(key: String, value: JSONValue)] {
    let order = members.indices.sorted { left, right in
      if members[left].key < members[right].key { return true }
      if members[right].key < members[left].key { return false }
      return left < right
    }
    var result: [(key: String, value: JSONValue)] = []
    result.reserveCapacity(members.count)
    for index in order {
      if let last = result.last, last.key == members[index].key {
        result[result.count - 1].value = members[index].value
      } else {
        result.append(members[index])
      }
    }
    return result
  }

  /// Members with any keys, made unique as a dictionary would (the first spelling of a key, its last value), then
  /// sorted by key.
  private static func deduplicatedByHashing(
    _ members: [(key: String, value: JSONValue)]
  ) -> [(key: String, value: JSONValue)] {
    var positions: [String: Int] = [:]
    var result: [(key: String, value: JSONValue)] = []
    for member in members {
      if let position = positions[member.key] {
        result[position].value = member.value
      } else {
        positions[member.key] = result.count
        result.append(member)
      }
    }
    result.sort { $0.key < $1.key }
    return result
  }

  private static func isStrictlyAscending(_ members: [(key: String, value: JSONValue)]) -> Bool {
    guard members.count > 1 else { return true }
    for index in 1..<members.count where !(members[index - 1].key < members[index].key) {
      return false
    }
    return true
  }
}
