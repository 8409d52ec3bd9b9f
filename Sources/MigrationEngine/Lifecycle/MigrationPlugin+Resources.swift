import EstateModel
import PluginAPI
import WorkerProtocol

/// `classic/get|list|update|delete` and `arm/get|list|update|delete`: the ledger's two sides.
extension MigrationPlugin {
  static var resourceMethods: [MethodSpec] {
    [
      classicGet.asTool(
        title: "Read a classic resource",
        use: "Use it to see a cloud service, deployment or VNet as the ledger holds it (for example its gateway) "
          + "before changing it with classic/update."),
      classicList.asTool(
        title: "List the classic resources",
        use: "Use it after estate/import to see the cloud services, deployments and VNets with their states."),
      classicUpdate.accessing(.writes(.destructiveIdempotent)).asTool(
        title: "Change a classic resource",
        use: "Use it to apply a validation fix on the classic side, with a JSON merge patch: for example "
          + "{\"gateway\": null} removes a VNet's gateway, as the VPN-gateway fix requires. Refused while the "
          + "resource is being migrated."),
      classicDelete.accessing(.writes(.destructiveIdempotent)).asTool(
        title: "Delete a classic resource",
        use: "Use it only when the user wants a classic resource gone; refused while it is being migrated."),
      armGet.asTool(
        title: "Read an ARM resource",
        use: "Use it with an ID from arm/list to see the body of an ARM resource created by Prepare."),
      armList.asTool(
        title: "List the ARM resources",
        use: "Use it after migration/prepare to see the ARM side, optionally of one resource group or type."),
      armUpdate.accessing(.writes(.destructiveIdempotent)).asTool(
        title: "Change an ARM resource",
        use: "Use it after migration/commit to change an ARM resource with a JSON merge patch; refused before."),
      armDelete.accessing(.writes(.destructiveIdempotent)).asTool(
        title: "Delete an ARM resource",
        use: "Use it only when the user wants an ARM resource gone; refused until the migration is committed."),
    ]
  }

  static let classicReferenceSchema: JSONValue = [
    "type": "object",
    "description": "{service} for a cloud service, {service, slot} for a deployment, or {virtualNetwork}.",
    "properties": [
      "service": ["type": "string"], "slot": ["enum": ["Production", "Staging"]], "virtualNetwork": ["type": "string"],
    ],
  ]

  struct ClassicParams: Decodable, Sendable {
    let resource: ClassicReference
    let patch: JSONFragment?
  }

  struct ResourceResult: Encodable, Sendable {
    let resource: JSONFragment
  }

  struct DeletedResult: Encodable, Sendable {
    let deleted: Bool
  }

  struct EmptyParams: Decodable, Sendable {}

  static let classicGet = MethodSpec.codable(
    name: "classic/get", summary: "Reads a classic cloud service, deployment or virtual network from the ledger.",
    paramsSchema: ["type": "object", "required": ["resource"], "properties": ["resource": classicReferenceSchema]],
    resultSchema: ["type": "object", "required": ["resource"], "properties": ["resource": ["type": "object"]]],
    errors: [.notFound]
  ) { (params: ClassicParams, context) -> ResourceResult in
    ResourceResult(resource: try engine(context).classicGet(params.resource))
  }

  static let classicList = MethodSpec.codable(
    name: "classic/list", summary: "Lists the classic cloud services (with deployments and states) and VNets.",
    paramsSchema: ["type": "object"],
    resultSchema: [
      "type": "object", "properties": ["cloudServices": ["type": "array"], "virtualNetworks": ["type": "array"]],
    ],
    errors: []
  ) { (_: EmptyParams, context) -> JSONFragment in
    try engine(context).classicList()
  }

  static let classicUpdate = MethodSpec.codable(
    name: "classic/update",
    summary: "Changes a classic resource with a JSON merge patch; refused while it is being migrated.",
    paramsSchema: [
      "type": "object", "required": ["resource", "patch"],
      "properties": ["resource": classicReferenceSchema, "patch": ["type": "object"]],
    ],
    resultSchema: ["type": "object", "required": ["resource"], "properties": ["resource": ["type": "object"]]],
    errors: [.notFound, .operationNotAllowed, .conflict]
  ) { (params: ClassicParams, context) -> ResourceResult in
    guard let patch = params.patch else { throw PluginError.invalidParams("a patch is required", field: "patch") }
    return ResourceResult(resource: try engine(context).classicUpdate(params.resource, patch: patch))
  }

  static let classicDelete = MethodSpec.codable(
    name: "classic/delete", summary: "Deletes a classic resource; refused while it is being migrated.",
    paramsSchema: ["type": "object", "required": ["resource"], "properties": ["resource": classicReferenceSchema]],
    resultSchema: ["type": "object", "required": ["deleted"], "properties": ["deleted": ["type": "boolean"]]],
    errors: [.notFound, .operationNotAllowed, .conflict]
  ) { (params: ClassicParams, context) -> DeletedResult in
    try engine(context).classicDelete(params.resource)
    return DeletedResult(deleted: true)
  }

  struct ARMParams: Decodable, Sendable {
    let id: String
    let patch: JSONFragment?
  }

  struct ARMListParams: Decodable, Sendable {
    let resourceGroup: String?
    let type: String?
  }

  struct ARMResult: Encodable, Sendable {
    let resource: ARMResourceRecord
  }

  struct ARMListResult: Encodable, Sendable {
    let resources: [ARMResourceRecord]
  }

  static let idSchema: JSONValue = ["type": "string", "description": "The ARM resource ID."]

  static let armGet = MethodSpec.codable(
    name: "arm/get", summary: "Reads an ARM resource created by Prepare, by resource ID.",
    paramsSchema: ["type": "object", "required": ["id"], "properties": ["id": idSchema]],
    resultSchema: ["type": "object", "required": ["resource"], "properties": ["resource": ["type": "object"]]],
    errors: [.notFound]
  ) { (params: ARMParams, context) -> ARMResult in
    ARMResult(resource: try engine(context).armGet(params.id))
  }

  static let armList = MethodSpec.codable(
    name: "arm/list", summary: "Lists the ARM resources on the ledger, optionally of one resource group and type.",
    paramsSchema: [
      "type": "object", "properties": ["resourceGroup": ["type": "string"], "type": ["type": "string"]],
    ],
    resultSchema: ["type": "object", "required": ["resources"], "properties": ["resources": ["type": "array"]]],
    errors: []
  ) { (params: ARMListParams, context) -> ARMListResult in
    ARMListResult(resources: try engine(context).armList(resourceGroup: params.resourceGroup, type: params.type))
  }

  static let armUpdate = MethodSpec.codable(
    name: "arm/update",
    summary: "Changes an ARM resource with a JSON merge patch; OperationNotAllowed while the migration is open.",
    paramsSchema: [
      "type": "object", "required": ["id", "patch"], "properties": ["id": idSchema, "patch": ["type": "object"]],
    ],
    resultSchema: ["type": "object", "required": ["resource"], "properties": ["resource": ["type": "object"]]],
    errors: [.notFound, .operationNotAllowed, .conflict]
  ) { (params: ARMParams, context) -> ARMResult in
    guard let patch = params.patch else { throw PluginError.invalidParams("a patch is required", field: "patch") }
    return ARMResult(resource: try engine(context).armUpdate(params.id, patch: patch))
  }

  static let armDelete = MethodSpec.codable(
    name: "arm/delete", summary: "Deletes an ARM resource; OperationNotAllowed while the migration is open.",
    paramsSchema: ["type": "object", "required": ["id"], "properties": ["id": idSchema]],
    resultSchema: ["type": "object", "required": ["deleted"], "properties": ["deleted": ["type": "boolean"]]],
    errors: [.notFound, .operationNotAllowed, .conflict]
  ) { (params: ARMParams, context) -> DeletedResult in
    try engine(context).armDelete(params.id)
    return DeletedResult(deleted: true)
  }
}
