import PluginAPI
import WorkerProtocol

/// MCP resources: the read-only documents plugins offer (rule catalogue, loaded estates, ledger reports).
///
/// `resources/list` and `resources/read` run off the loop like plugin methods (reading may take a while and
/// reads the ledger in its turn); `resources/templates/list` is answered at once.
extension WorkerSession {
  /// The method names of the two resource requests that run off the loop.
  static let resourcesListMethod = "resources/list"
  static let resourcesReadMethod = "resources/read"

  /// Every resource document is JSON.
  static let resourceMIMEType = "application/json"

  /// The `resources/templates/list` result.
  func resourceTemplatesResult() -> Result<JSONValue, ResponseError> {
    let templates: [JSONValue] = registry.resources.filter(\.isTemplate).map { resource in
      [
        "uriTemplate": .string(resource.uri), "name": .string(resource.name), "title": .string(resource.title),
        "description": .string(toolContent.renaming(resource.description)),
        "mimeType": .string(Self.resourceMIMEType),
      ]
    }
    return .success(["resourceTemplates": .array(templates)])
  }

  /// The handler of `resources/list`: the fixed resources, then the instances of templates that exist now.
  func resourcesList() -> MethodSpec {
    let resources = registry.resources
    let content = toolContent
    return MethodSpec(
      name: Self.resourcesListMethod, summary: "MCP: lists the resources.", paramsSchema: ["type": "object"],
      resultSchema: ["type": "object"]
    ) { _, context in
      var entries: [JSONValue] = []
      for resource in resources {
        let description = content.renaming(resource.description)
        if !resource.isTemplate {
          entries.append(Self.listing(uri: resource.uri, name: resource.name, resource: resource, description))
        } else if let list = resource.list {
          for (uri, name) in try await list(context) {
            entries.append(Self.listing(uri: uri, name: name, resource: resource, description))
          }
        }
      }
      return ["resources": .array(entries)]
    }.accessing(resources.contains { $0.access != .independent } ? .reads : .independent)
  }

  /// The handler of `resources/read` for the resource `params.uri` names.
  func resourceRead(_ params: JSONValue?) -> Result<MethodSpec, ResponseError> {
    guard let uri = params?["uri"]?.stringValue else {
      return .failure(.invalidParams("uri must be the resource's URI", field: "uri"))
    }
    for resource in registry.resources {
      guard let variables = resource.match(uri) else { continue }
      let read = resource.read
      let spec = MethodSpec(
        name: Self.resourcesReadMethod, summary: "MCP: reads a resource.", paramsSchema: ["type": "object"],
        resultSchema: ["type": "object"]
      ) { _, context in
        let document = try await read(variables, context)
        return [
          "contents": [
            ["uri": .string(uri), "mimeType": .string(Self.resourceMIMEType), "text": .string(document.jsonText)]
          ]
        ]
      }
      return .success(spec.accessing(resource.access))
    }
    return .failure(
      ResponseError(
        code: .resourceNotFound, message: "Resource not found", data: ["uri": .string(uri), "field": "uri"]))
  }

  private static func listing(uri: String, name: String, resource: ResourceSpec, _ description: String) -> JSONValue {
    [
      "uri": .string(uri), "name": .string(name), "title": .string(resource.title),
      "description": .string(description), "mimeType": .string(resourceMIMEType),
    ]
  }
}
