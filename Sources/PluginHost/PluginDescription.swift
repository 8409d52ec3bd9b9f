public import EstateModel
public import PluginAPI
public import WorkerProtocol

/// What a plugin says about itself in its answer to `plugin/initialize`.
public struct PluginDescription: Sendable, Hashable {
  /// One method the plugin serves.
  public struct Method: Sendable, Hashable {
    public let name: String
    public let summary: String
    public let paramsSchema: JSONValue
    public let resultSchema: JSONValue
    /// Whether the method changes state (the session then orders it like a write).
    public let writes: Bool
    /// The MCP tool title and use hint, when the plugin exposes the method as a tool.
    public let tool: (title: String, use: String)?

    public static func == (lhs: Method, rhs: Method) -> Bool {
      lhs.name == rhs.name && lhs.summary == rhs.summary && lhs.paramsSchema == rhs.paramsSchema
        && lhs.resultSchema == rhs.resultSchema && lhs.writes == rhs.writes && lhs.tool?.title == rhs.tool?.title
        && lhs.tool?.use == rhs.tool?.use
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
  }

  /// One validation rule the plugin contributes; its id starts with the plugin's name and a dot.
  public struct Rule: Sendable, Hashable {
    public let id: String
    public let scope: ValidationScope
    public let severity: ValidationCategory
    public let summary: String
    public let message: String
    public let fix: String
    public let docs: String
    public let revisions: [RulesRevision]
    public let phase: ValidationPhase
    public let example: String
  }

  /// The protocol version this worker speaks to plugins.
  public static let protocolVersion = 1

  public let name: String
  public let version: String
  public let summary: String
  public let methods: [Method]
  public let rules: [Rule]

  /// Reads the `plugin/initialize` result of the plugin named `plugin`; the error text names the offending field.
  public init(result: JSONValue, plugin: String) throws(DescriptionError) {
    guard result.objectValue != nil else { throw DescriptionError("the result must be an object") }
    guard result["protocolVersion"]?.intValue == Self.protocolVersion else {
      throw DescriptionError("protocolVersion must be \(Self.protocolVersion)")
    }
    guard let version = result["version"]?.stringValue else { throw DescriptionError("version must be a string") }
    name = result["name"]?.stringValue ?? ""
    self.version = version
    summary = result["summary"]?.stringValue ?? ""
    var methods: [Method] = []
    for (index, item) in (result["methods"]?.arrayValue ?? []).enumerated() {
      let field = "methods[\(index)]"
      guard let name = item["name"]?.stringValue, !name.isEmpty else {
        throw DescriptionError("\(field).name must be a non-empty string")
      }
      var tool: (title: String, use: String)?
      if let exposure = item["tool"], !exposure.isNull {
        guard let title = exposure["title"]?.stringValue, let use = exposure["use"]?.stringValue else {
          throw DescriptionError("\(field).tool must have string members title and use")
        }
        tool = (title, use)
      }
      methods.append(
        Method(
          name: name, summary: item["summary"]?.stringValue ?? "",
          paramsSchema: item["paramsSchema"] ?? ["type": "object"],
          resultSchema: item["resultSchema"] ?? [:], writes: item["writes"]?.boolValue ?? false, tool: tool))
    }
    self.methods = methods
    rules = try (result["rules"]?.arrayValue ?? []).enumerated().map { index, item throws(DescriptionError) in
      try Self.rule(item, field: "rules[\(index)]", plugin: plugin)
    }
  }

  private static func rule(_ item: JSONValue, field: String, plugin: String) throws(DescriptionError) -> Rule {
    func text(_ name: String, required: Bool = true) throws(DescriptionError) -> String {
      if let value = item[name]?.stringValue { return value }
      if required { throw DescriptionError("\(field).\(name) must be a string") }
      return ""
    }
    let id = try text("id")
    guard id.hasPrefix(plugin + "."), id.count > plugin.count + 1 else {
      throw DescriptionError("\(field).id '\(id)' must start with the plugin's name and a dot: '\(plugin).'")
    }
    guard let scope = ValidationScope(rawValue: try text("scope")) else {
      throw DescriptionError(
        "\(field).scope must be one of \(ValidationScope.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    guard let severity = ValidationCategory(rawValue: try text("severity")) else {
      throw DescriptionError("\(field).severity must be Error, Warning or Information")
    }
    var revisions = RulesRevision.allCases
    if let listed = item["revisions"]?.arrayValue {
      revisions = listed.compactMap { $0.stringValue.flatMap(RulesRevision.init(rawValue:)) }
      guard revisions.count == listed.count, !revisions.isEmpty else {
        throw DescriptionError("\(field).revisions must list 2021-02 and/or 2024-07")
      }
    }
    let phase = try item["phase"] == nil ? ValidationPhase.validate : ValidationPhase(rawValue: text("phase"))
    guard let phase else { throw DescriptionError("\(field).phase must be validate or prepare") }
    return Rule(
      id: id, scope: scope, severity: severity, summary: try text("summary"), message: try text("message"),
      fix: try text("fix"), docs: try text("docs", required: false), revisions: revisions, phase: phase,
      example: try text("example", required: false))
  }
}

/// A `plugin/initialize` answer that does not fit the plugin protocol.
public struct DescriptionError: Error, Sendable, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}
