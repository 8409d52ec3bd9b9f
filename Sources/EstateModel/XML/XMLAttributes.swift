/// The attributes of an element by qualified name as written (`name`, `i:type`): a short list searched in order,
/// which for the few attributes an element has is cheaper to build and to query than a dictionary. Past
/// `indexThreshold` attributes a dictionary from name to position takes over, so lookups stay constant-time and
/// reading an element is linear in its attributes whatever their number.
struct XMLAttributes: Sendable, Equatable, ExpressibleByDictionaryLiteral {
  /// The attributes, each name once.
  private(set) var pairs: [(name: String, value: String)]
  /// Positions by name, kept once the list is longer than `indexThreshold`.
  private var positions: [String: Int]?

  /// The number of attributes above which lookups go through `positions`.
  static let indexThreshold = 16

  /// Makes an empty list with room for `capacity` attributes.
  init(capacity: Int = 0) {
    pairs = []
    pairs.reserveCapacity(capacity)
  }

  /// Takes the attributes of a dictionary (in no particular order).
  init(_ dictionary: [String: String]) {
    pairs = []
    for (name, value) in dictionary { append(name: name, value: value) }
  }

  init(dictionaryLiteral elements: (String, String)...) {
    pairs = []
    for (name, value) in elements where self[name] == nil { append(name: name, value: value) }
  }

  /// The number of attributes.
  var count: Int { pairs.count }

  /// The value of an attribute, or nil when the element has none of that name.
  subscript(name: String) -> String? {
    if let positions { return positions[name].map { pairs[$0].value } }
    return pairs.first { $0.name == name }?.value
  }

  /// Adds an attribute whose name the list does not hold yet.
  mutating func append(name: String, value: String) {
    pairs.append((name, value))
    if positions != nil {
      positions?[name] = pairs.count - 1
    } else if pairs.count > Self.indexThreshold {
      positions = Dictionary(pairs.indices.map { (pairs[$0].name, $0) }, uniquingKeysWith: { first, _ in first })
    }
  }

  /// The same attributes, in any order.
  static func == (lhs: XMLAttributes, rhs: XMLAttributes) -> Bool {
    lhs.count == rhs.count && lhs.pairs.allSatisfy { rhs[$0.name] == $0.value }
  }
}
