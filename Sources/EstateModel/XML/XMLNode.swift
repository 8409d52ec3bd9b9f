import Foundation

/// An element of a parsed XML document, with the position the parser reported for its start tag.
struct XMLNode: Sendable, Equatable {
  /// The local name (without prefix).
  var name: String
  /// The namespace URI, or nil when the element has none.
  var namespace: String?
  /// Attributes by qualified name as written (`name`, `i:type`).
  var attributes: XMLAttributes
  /// Child elements in document order.
  var children: [XMLNode]
  /// The concatenated character data directly inside the element.
  var text: String
  /// 1-based line of the start tag.
  var line: Int
  /// 1-based column where the start tag ends.
  var column: Int

  /// The text with surrounding whitespace removed.
  var trimmedText: String { XMLText.trimmed(text, newlines: true) }

  /// Children with a given local name.
  func children(_ name: String) -> [XMLNode] {
    children.filter { $0.name == name }
  }

  /// The first child with a given local name.
  func child(_ name: String) -> XMLNode? {
    children.first { $0.name == name }
  }

  /// The trimmed text of the first child with a given name, nil when absent or empty.
  func childText(_ name: String) -> String? {
    guard let text = child(name)?.trimmedText, !text.isEmpty else { return nil }
    return text
  }

  /// The children of the first child with a given name that have another given name (`Subnets/Subnet`).
  func grandchildren(_ container: String, _ name: String) -> [XMLNode] {
    children(container).flatMap { $0.children(name) }
  }
}

extension XMLNode {
  /// The trimmed text of a path of child names, such as `["HostedServiceProperties", "Location"]`.
  func text(at path: [String]) -> String? {
    var node: XMLNode? = self
    for name in path.dropLast() {
      node = node?.child(name)
    }
    guard let last = path.last else { return nil }
    return node?.childText(last)
  }
}
