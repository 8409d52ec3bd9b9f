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

  /// The protocol version this worker speaks to plugins.
  public static let protocolVersion = 1

  public let name: String
  public let version: String
  public let summary: String
  public let methods: [Method]

  /// Reads the `plugin/initialize` result; the error text names the offending field.
  public init(result: JSONValue) throws(DescriptionError) {
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
  }
}

/// A `plugin/initialize` answer that does not fit the plugin protocol.
public struct DescriptionError: Error, Sendable, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}
