import WorkerProtocol

/// Renders method descriptors as an OpenRPC 1.3 document.
enum OpenRPCDocument {
  static func make(title: String, version: String, methods: [MethodDescriptor]) -> JSONValue {
    [
      "openrpc": "1.3.2",
      "info": ["title": .string(title), "version": .string(version)],
      "methods": .array(methods.map(method)),
    ]
  }

  /// One method; by-name params become OpenRPC content descriptors, and the whole schema rides along.
  private static func method(_ descriptor: MethodDescriptor) -> JSONValue {
    let required = Set(descriptor.paramsSchema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    let properties = descriptor.paramsSchema["properties"]?.objectValue ?? JSONObject()
    let params: [JSONValue] = properties.map { member in
      ["name": .string(member.key), "required": .bool(required.contains(member.key)), "schema": member.value]
    }
    var object = JSONObject()
    object["name"] = .string(descriptor.name)
    object["summary"] = .string(descriptor.summary)
    object["paramStructure"] = "by-name"
    object["params"] = .array(params)
    if descriptor.kind == .request {
      object["result"] = ["name": "result", "schema": descriptor.resultSchema]
    }
    object["x-kind"] = .string(descriptor.kind.rawValue)
    object["x-owner"] = .string(descriptor.owner)
    object["x-params-schema"] = descriptor.paramsSchema
    return .object(object)
  }
}
