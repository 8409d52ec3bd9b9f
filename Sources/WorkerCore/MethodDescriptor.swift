public import WorkerProtocol

/// The contract of one method or notification, as `rpc.discover` and `protocol.md` show it.
public struct MethodDescriptor: Sendable, Hashable {
  /// Whether the client sends it as a request (answered) or a notification (never answered).
  public enum Kind: String, Sendable, Hashable {
    case request
    case notification
  }

  public let name: String
  public let kind: Kind
  /// The plugin that owns it, or `worker` for the built-ins.
  public let owner: String
  public let summary: String
  public let paramsSchema: JSONValue
  public let resultSchema: JSONValue

  /// Makes a descriptor.
  public init(
    name: String, kind: Kind, owner: String, summary: String, paramsSchema: JSONValue, resultSchema: JSONValue
  ) {
    self.name = name
    self.kind = kind
    self.owner = owner
    self.summary = summary
    self.paramsSchema = paramsSchema
    self.resultSchema = resultSchema
  }
}
