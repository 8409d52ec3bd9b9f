import Foundation

/// An element of a parsed XML document, with the position the parser reported for its start tag.
///
/// A class with constant fields: parsers pass elements around and collect them into arrays a great deal, and
/// sharing one instance is much cheaper than copying every field. Readers build elements with `XMLNode.Builder`.
///
/// Freeing a tree is iterative (see `deinit`), so its depth never reaches the stack, whatever the reader's limit.
final class XMLNode: Sendable, Equatable {
  /// The local name (without prefix).
  let name: String
  /// The namespace URI, or nil when the element has none.
  let namespace: String?
  /// Attributes by qualified name as written (`name`, `i:type`).
  let attributes: XMLAttributes
  /// Child elements in document order.
  var children: [XMLNode] { childStorage }
  // Written only by `deinit`, which has the node to itself, to hand the children to an iterative teardown.
  nonisolated(unsafe) private var childStorage: [XMLNode]
  /// The concatenated character data directly inside the element.
  let text: String
  /// 1-based line of the start tag.
  let line: Int
  /// 1-based column where the start tag ends.
  let column: Int

  init(
    name: String, namespace: String?, attributes: XMLAttributes, children: [XMLNode], text: String, line: Int,
    column: Int
  ) {
    self.name = name
    self.namespace = namespace
    self.attributes = attributes
    self.childStorage = children
    self.text = text
    self.line = line
    self.column = column
  }

  /// Frees the subtree with a worklist instead of one nested release per level: each descendant that nothing else
  /// holds gives its children to the list before it goes, so its own `deinit` has nothing left to free.
  deinit {
    guard !childStorage.isEmpty else { return }
    var pending = childStorage
    childStorage = []
    while var node = pending.popLast() {
      if isKnownUniquelyReferenced(&node) {
        pending.append(contentsOf: node.childStorage)
        node.childStorage = []
      }
    }
  }

  /// An element being read: its start tag is known, its content grows until its end tag.
  struct Builder {
    var name: String
    var namespace: String?
    var attributes: XMLAttributes
    var children: [XMLNode] = []
    var text = ""
    var line: Int
    var column: Int

    /// The finished element.
    func build() -> XMLNode {
      XMLNode(
        name: name, namespace: namespace, attributes: attributes, children: children, text: text, line: line,
        column: column)
    }
  }

  /// Equal names, namespaces, attributes, text, positions and children.
  static func == (lhs: XMLNode, rhs: XMLNode) -> Bool {
    lhs === rhs
      || (lhs.name == rhs.name && lhs.namespace == rhs.namespace && lhs.attributes == rhs.attributes
        && lhs.text == rhs.text && lhs.line == rhs.line && lhs.column == rhs.column && lhs.children == rhs.children)
  }

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
