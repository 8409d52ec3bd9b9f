import Foundation

/// Collects problems while one file's element tree is turned into model values.
///
/// Every helper that reads an attribute reports a located problem when the value is missing or malformed, so
/// parsers stay short and never stop at the first mistake.
struct XMLReadContext {
  /// The file name used in locations and problems.
  let file: String
  /// The problem-code prefix of the format (`csdef`, `cscfg`, `netcfg`, `asm`).
  let prefix: String
  /// The limits on roles and instances the format parsers check.
  let limits: EstateLimits
  /// Problems found so far.
  var problems: [Problem] = []

  init(file: String, prefix: String, limits: EstateLimits = .default) {
    self.file = file
    self.prefix = prefix
    self.limits = limits
  }

  /// The first `limits.maxRoles` of `roles`, after reporting at the first role past the limit when there are more.
  mutating func limitedRoles(_ roles: [XMLNode]) -> ArraySlice<XMLNode> {
    guard roles.count > limits.maxRoles else { return roles[...] }
    report(
      .error, "too-many-roles",
      "the file has \(roles.count) roles, more than the limit of \(limits.maxRoles); only the first "
        + "\(limits.maxRoles) are read", at: roles[limits.maxRoles])
    return roles.prefix(limits.maxRoles)
  }

  /// The source location of an element.
  func location(_ node: XMLNode) -> SourceLocation {
    SourceLocation(file: file, line: node.line, column: node.column)
  }

  /// Records a problem located at an element; `code` is appended to the format prefix.
  mutating func report(_ severity: Severity, _ code: String, _ message: String, at node: XMLNode) {
    problems.append(Problem(severity, "\(prefix).\(code)", message, at: location(node)))
  }

  /// An attribute's value; a missing required attribute is an error.
  mutating func attribute(_ name: String, of node: XMLNode, required: Bool = false) -> String? {
    if let value = node.attributes[name] { return value }
    if required {
      report(.error, "missing-attribute", "<\(node.name)> has no '\(name)' attribute", at: node)
    }
    return nil
  }

  /// A required attribute, or an empty string after reporting it missing.
  mutating func name(of node: XMLNode, attribute: String = "name") -> String {
    self.attribute(attribute, of: node, required: true) ?? ""
  }

  /// An integer attribute; text that is not a whole number is reported with `code` (default `not-numeric`).
  mutating func integer(_ name: String, of node: XMLNode, code: String = "not-numeric", required: Bool = false) -> Int?
  {
    guard let text = attribute(name, of: node, required: required) else { return nil }
    return integer(text: text, describing: "\(node.name)@\(name)", at: node, code: code)
  }

  /// An integer from element text or an attribute value; `what` names it when it is not a whole number.
  mutating func integer(
    text: String, describing what: @autoclosure () -> String, at node: XMLNode, code: String = "not-numeric"
  ) -> Int? {
    if let value = Int(XMLText.trimmed(text, newlines: false)) { return value }
    report(.error, code, "\(what()) is '\(text)', which is not a whole number", at: node)
    return nil
  }

  /// A boolean attribute (`true`/`false`, any case); anything else is a warning.
  mutating func boolean(_ name: String, of node: XMLNode) -> Bool? {
    guard let text = attribute(name, of: node) else { return nil }
    switch text.lowercased() {
    case "true": return true
    case "false": return false
    default:
      report(.warning, "not-boolean", "\(node.name)@\(name) is '\(text)', expected true or false", at: node)
      return nil
    }
  }
}
