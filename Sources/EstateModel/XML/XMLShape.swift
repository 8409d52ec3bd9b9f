/// The element structure a format allows, as a table from element name to the child names it may contain.
///
/// Elements absent from the table are not looked into (their content is free or not modelled); elements present
/// with an empty set must be empty. An unexpected child is a warning (`<prefix>.unknown-element`) and is ignored.
struct XMLShape {
  /// The namespace every element of the format must be in.
  let namespace: String
  /// The root element name.
  let root: String
  /// Allowed children by element name.
  let children: [String: Set<String>]

  /// Checks the namespace of the root and the structure of the whole tree, reporting into `context`.
  /// Returns false when the root is not the expected element (the caller should not interpret the tree).
  func check(_ rootNode: XMLNode, into context: inout XMLReadContext) -> Bool {
    guard rootNode.name == root else {
      context.report(
        .error, "wrong-root", "the root element is <\(rootNode.name)>, expected <\(root)>", at: rootNode)
      return false
    }
    if rootNode.namespace != namespace {
      let actual = rootNode.namespace.map { "'\($0)'" } ?? "no namespace"
      context.report(
        .error, "wrong-namespace", "<\(root)> is in \(actual), expected '\(namespace)'", at: rootNode)
    }
    walk(rootNode, parentNamespace: rootNode.namespace, into: &context)
    return true
  }

  private func walk(_ node: XMLNode, parentNamespace: String?, into context: inout XMLReadContext) {
    guard let allowed = children[node.name] else { return }
    // Children are visited in place (not copied out of the array, which would retain each of their fields).
    for index in node.children.indices {
      if node.children[index].namespace != parentNamespace || !allowed.contains(node.children[index].name) {
        let child = node.children[index]
        context.report(
          .warning, "unknown-element", "<\(child.name)> is not expected inside <\(node.name)>; it is ignored",
          at: child)
      } else {
        walk(node.children[index], parentNamespace: parentNamespace, into: &context)
      }
    }
  }
}
