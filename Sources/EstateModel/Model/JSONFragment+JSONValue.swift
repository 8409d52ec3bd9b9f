import WorkerProtocol

extension JSONFragment {
  /// The fragment of a parsed JSON value (numbers become `Double`, as the document model keeps them).
  init(_ value: JSONValue) {
    switch value {
    case .null: self = .null
    case .bool(let flag): self = .bool(flag)
    case .number(let number): self = .number(number.doubleValue)
    case .string(let text): self = .string(text)
    case .array(let elements): self = .array(elements.map(JSONFragment.init))
    case .object(let object):
      var members: [String: JSONFragment] = [:]
      members.reserveCapacity(object.count)
      for member in object { members[member.key] = JSONFragment(member.value) }  // the last duplicate wins
      self = .object(members)
    }
  }

  /// The fragment as a JSON value, object members sorted by key.
  var jsonValue: JSONValue {
    switch self {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .number(let number):
      if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
        return .number(JSONNumber(Int(number)))
      }
      return .number(JSONNumber(number))
    case .string(let text): return .string(text)
    case .array(let elements): return .array(elements.map(\.jsonValue))
    case .object(let members):
      return .object(JSONObject(members.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value.jsonValue) }))
    }
  }
}
