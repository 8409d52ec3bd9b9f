public import WorkerProtocol

/// A read-only document a plugin offers to MCP clients as a resource (`resources/list`, `resources/read`).
///
/// A fixed resource has a plain URI (`csmigrate://rules`); a family of them has a URI template with
/// `{name}` placeholders (`csmigrate://rules/{ruleId}`), listed by `resources/templates/list`, and may list
/// the instances that exist right now. The text of a resource is a method result, as JSON.
public struct ResourceSpec: Sendable {
  /// Reads the resource: the template's variables (empty for a fixed URI) in, the JSON document out.
  public typealias Reader =
    @Sendable (_ variables: [String: String], _ context: RequestContext) async throws -> JSONValue
  /// Lists the resources of a template that exist now, as (URI, name) pairs.
  public typealias Lister = @Sendable (_ context: RequestContext) async throws -> [(uri: String, name: String)]

  /// The URI, or a URI template (RFC 6570 level 1: `{name}` placeholders, each one path segment).
  public let uri: String
  /// A short machine name.
  public let name: String
  /// A title for people.
  public let title: String
  /// What the document holds and when it helps.
  public let description: String
  /// What the resource reads: shared state (the ledger, loaded estates) or nothing shared.
  public let access: MethodAccess
  /// Reads the document.
  public let read: Reader
  /// Lists the instances of a template, when they can be enumerated.
  public let list: Lister?

  /// Declares a resource or a resource template.
  public init(
    uri: String, name: String, title: String, description: String, access: MethodAccess = .reads,
    list: Lister? = nil, read: @escaping Reader
  ) {
    self.uri = uri
    self.name = name
    self.title = title
    self.description = description
    self.access = access
    self.list = list
    self.read = read
  }

  /// Whether ``uri`` is a template.
  public var isTemplate: Bool { uri.contains("{") }

  /// The template's variables when `candidate` matches it (or `[:]` when it equals a fixed URI), else `nil`.
  public func match(_ candidate: String) -> [String: String]? {
    guard isTemplate else { return candidate == uri ? [:] : nil }
    var variables: [String: String] = [:]
    var rest = candidate[...]
    var pattern = uri[...]
    while let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") {
      let literal = pattern[..<open]
      guard rest.hasPrefix(literal) else { return nil }
      rest = rest.dropFirst(literal.count)
      pattern = pattern[pattern.index(after: close)...]
      let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
      guard end != rest.startIndex else { return nil }
      variables[String(uri[uri.index(after: open)..<close])] = String(rest[..<end])
      rest = rest[end...]
    }
    return rest == pattern ? variables : nil
  }
}
