import WorkerProtocol

/// The canonical form of parsed JSON that the estate document is decoded from.
///
/// It is what turning a value into a `JSONFragment` and back gives, without building the fragment: object members
/// sorted by key, a key given twice (or in two spellings that compare equal) keeping its first spelling and its
/// last value, and numbers rewritten as a `Double` would print them (whole numbers below 2^53 as integers).
enum Canonical {
  /// A value in canonical form.
  static func value(_ value: JSONValue) -> JSONValue {
    switch value {
    case .null, .bool, .string: value
    case .number(let number): .number(Self.number(number))
    case .array(let elements): .array(elements.map(Self.value))
    case .object(let object): .object(JSONObject(members(of: object).map { ($0.key, Self.value($0.value)) }))
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
  static func members(of object: JSONObject) -> [(key: String, value: JSONValue)] {
    let members = object.members
    if isStrictlyAscending(members) { return members }
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

  private static func isStrictlyAscending(_ members: [(key: String, value: JSONValue)]) -> Bool {
    guard members.count > 1 else { return true }
    for index in 1..<members.count where !(members[index - 1].key < members[index].key) {
      return false
    }
    return true
  }

  /// Two member lists sorted by key, with no key in both, merged into one sorted list.
  static func merge(
    _ first: [(key: String, value: JSONValue)], _ second: [(key: String, value: JSONValue)]
  ) -> [(key: String, value: JSONValue)] {
    var result: [(key: String, value: JSONValue)] = []
    result.reserveCapacity(first.count + second.count)
    var left = 0
    var right = 0
    while left < first.count, right < second.count {
      if second[right].key < first[left].key {
        result.append(second[right])
        right += 1
      } else {
        result.append(first[left])
        left += 1
      }
    }
    result += first[left...]
    result += second[right...]
    return result
  }
}
