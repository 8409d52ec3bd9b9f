/// The attributes of an element by qualified name as written (`name`, `i:type`): a short list searched in order,
/// which for the few attributes an element has is cheaper to build and to query than a dictionary.
struct XMLAttributes: Sendable, Equatable, ExpressibleByDictionaryLiteral {
  /// The attributes, each name once.
  private(set) var pairs: [(name: String, value: String)]

  /// Makes an empty list with room for `capacity` attributes.
  init(capacity: Int = 0) {
    pairs = []
    pairs.reserveCapacity(capacity)
  }

  /// Takes the attributes of a dictionary (in no particular order).
  init(_ dictionary: [String: String]) {
    pairs = dictionary.map { (name: $0.key, value: $0.value) }
  }

  init(dictionaryLiteral elements: (String, String)...) {
    pairs = elements.map { (name: $0.0, value: $0.1) }
  }

  /// The number of attributes.
  var count: Int { pairs.count }

  /// The value of an attribute, or nil when the element has none of that name.
  subscript(name: String) -> String? {
    pairs.first { $0.name == name }?.value
  }

  /// Adds an attribute whose name the list does not hold yet.
  mutating func append(name: String, value: String) {
    pairs.append((name, value))
  }

  /// The same attributes, in any order.
  static func == (lhs: XMLAttributes, rhs: XMLAttributes) -> Bool {
    lhs.count == rhs.count && lhs.pairs.allSatisfy { rhs[$0.name] == $0.value }
  }
}
