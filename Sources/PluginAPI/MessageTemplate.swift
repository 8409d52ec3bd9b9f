/// A message template split once into literal text and `{name}` placeholders.
///
/// Rules render their template for every finding, tens of thousands of times on a large estate; scanning the
/// template's characters each time dominated the rule pass, so the scan happens once, when the rule is
/// declared, and rendering only appends pieces.
public struct MessageTemplate: Sendable, Hashable {
  /// One piece of a template.
  enum Piece: Sendable, Hashable {
    /// Text copied as written.
    case literal(String)
    /// A `{name}` placeholder, by name.
    case placeholder(String)
  }

  /// The template as written.
  public let text: String
  /// The pieces, in order.
  let pieces: [Piece]
  /// The UTF-8 length of the literal pieces, to size the output once.
  private let literalLength: Int

  /// Splits a template; an unmatched `{` and everything after it is literal text.
  public init(_ text: String) {
    self.text = text
    var pieces: [Piece] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      let afterOpen = rest.index(after: open)
      guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
      if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
      pieces.append(.placeholder(String(rest[afterOpen..<close])))
      rest = rest[rest.index(after: close)...]
    }
    if !rest.isEmpty { pieces.append(.literal(String(rest))) }
    self.pieces = pieces
    self.literalLength = pieces.reduce(0) { length, piece in
      if case .literal(let literal) = piece { return length + literal.utf8.count }
      return length
    }
  }

  /// The names of the template's placeholders.
  public var placeholderNames: [String] {
    pieces.compactMap { piece in
      if case .placeholder(let name) = piece { return name }
      return nil
    }
  }

  /// Fills the placeholders from `values`; a placeholder with no value stays as written (`{name}`).
  public func render(_ values: [String: String]) -> String {
    // A template without placeholders is its own text: every finding shares that one string (a large report
    // holds tens of thousands of fixes) instead of a copy each.
    if pieces.isEmpty { return "" }
    if pieces.count == 1, case .literal(let literal) = pieces[0] { return literal }
    var output = ""
    output.reserveCapacity(literalLength + 16 * values.count)
    for piece in pieces {
      switch piece {
      case .literal(let literal): output += literal
      case .placeholder(let name):
        if let value = values[name] {
          output += value
        } else {
          output += "{" + name + "}"
        }
      }
    }
    return output
  }
}
