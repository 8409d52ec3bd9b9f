import Foundation

/// Writes one stage of a plan as a subscription-scope template: a `Microsoft.Resources/resourceGroups` resource
/// per group and one nested deployment per group holding that group's resources.
///
/// No template names a subscription: every literal ID becomes a `resourceId()` expression. A secure parameter
/// with a Key Vault secret name is read by the nested deployment from the group's prerequisite vault, which the
/// earlier stage created; every other parameter is a top-level parameter.
public struct ARMTemplateRenderer: Sendable {
  /// Subscription-scope template schema.
  public static let subscriptionSchema =
    "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"
  /// Resource-group template schema (nested templates).
  public static let groupSchema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
  /// Parameters file schema.
  public static let parametersSchema =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"
  /// API version of resource groups and deployments.
  public static let resourcesAPI = "2022-09-01"
  /// The Key Vault type.
  public static let vaultType = "Microsoft.KeyVault/vaults"
  /// The API version secret references and vault reads use.
  public static let vaultAPI = "2023-07-01"

  /// The plan.
  public let plan: ARMPlan
  /// Prefix of the nested deployments' names (`csmigrate-`).
  public let deploymentPrefix: String
  /// Resource types whose IDs become template outputs.
  public let outputTypes: Set<String>
  /// Values the parameters file gives for non-secure parameters.
  public let knownValues: [String: String]
  /// The prerequisite vault of each group that has one.
  let vaultsByGroup: [String: ARMResource]

  /// Makes a renderer.
  public init(plan: ARMPlan, deploymentPrefix: String, outputTypes: Set<String>, knownValues: [String: String] = [:]) {
    self.plan = plan
    self.deploymentPrefix = deploymentPrefix
    self.outputTypes = outputTypes
    self.knownValues = knownValues
    self.vaultsByGroup = Dictionary(
      plan.resources.filter { $0.stage == .prerequisites && $0.type == Self.vaultType }.map { ($0.resourceGroup, $0) },
      uniquingKeysWith: { first, _ in first })
  }

  /// The nested deployment's name for a group, fitted to the deployments' 64-character rule (a cut name keeps a
  /// hash of the whole, so two long groups never share a deployment).
  public func deploymentName(_ group: String) -> String {
    ARMNameRule.fitted(deploymentPrefix + group, type: "Microsoft.Resources/deployments")
  }

  /// The resources of a stage.
  func members(_ stage: ARMStage?) -> [ARMResource] { plan.resources.filter { $0.stage == stage } }

  /// The prerequisite vault of a group, when the plan has one.
  func vault(inGroup group: String) -> ARMResource? { vaultsByGroup[group] }

  /// Whether a parameter is read from a prerequisite vault by its nested deployment.
  func readsFromVault(_ parameter: ARMParameter) -> Bool {
    parameter.keyVaultSecretName != nil && vault(inGroup: parameter.resourceGroup) != nil
  }

  /// Names of the parameters a value uses (`parameters('name')` anywhere in its strings).
  public static func parameterNames(in value: ARMValue) -> Set<String> {
    var names: Set<String> = []
    for text in value.allStrings where text.hasPrefix("[") {
      var rest = Substring(text)
      while let start = rest.range(of: "parameters('") {
        rest = rest[start.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { break }
        names.insert(String(rest[..<end]))
        rest = rest[end...]
      }
    }
    return names
  }

  func declaration(_ parameter: ARMParameter) -> ARMValue {
    var value: ARMValue = [
      "type": .string(parameter.type), "metadata": ["description": .string(parameter.description)],
    ]
    if let defaultValue = parameter.defaultValue { value["defaultValue"] = defaultValue }
    return value
  }

  /// The template of a stage (`nil`: the main template).
  public func template(stage: ARMStage?) -> ARMValue {
    let stageResources = members(stage)
    let groupOfID = Dictionary(
      stageResources.map { ($0.id.lowercased(), $0.resourceGroup) }, uniquingKeysWith: { first, _ in first })
    let groups = plan.resourceGroups.filter { group in
      stage == nil || stageResources.contains { $0.resourceGroup == group.name }
    }
    var resources: [ARMValue] = groups.map { group in
      [
        "type": "Microsoft.Resources/resourceGroups", "apiVersion": .string(Self.resourcesAPI),
        "name": .string(group.name), "location": .string(group.location), "properties": [:],
      ]
    }
    var outputs: [String: ARMValue] = [:]
    var topParameters: [String: ARMValue] = [:]
    for group in groups {
      let inner = stageResources.filter { $0.resourceGroup == group.name }
      guard !inner.isEmpty else { continue }
      var innerResources: [ARMValue] = []
      var otherGroups: Set<String> = []
      for resource in inner {
        innerResources.append(render(resource, groupOfID: groupOfID, otherGroups: &otherGroups))
        if outputTypes.contains(resource.type) {
          outputs[Self.outputName(resource.name)] = [
            "type": "string",
            "value": .string(
              ARMResourceID(resourceGroup: group.name, type: resource.type, name: resource.name)
                .expression(inGroup: nil)),
          ]
        }
      }
      let used = Self.parameterNames(in: .array(innerResources)).union(
        Self.parameterNames(in: .object(plan.variables[group.name] ?? [:])))
      let parameters =
        plan.parameters.filter { used.contains($0.name) && $0.resourceGroup == group.name }
        + plan.parameters.filter { used.contains($0.name) && $0.resourceGroup != group.name }
      var innerParameters: [String: ARMValue] = [:]
      var passed: [String: ARMValue] = [:]
      for parameter in parameters where innerParameters[parameter.name] == nil {
        innerParameters[parameter.name] = declaration(parameter)
        if readsFromVault(parameter), let vault = vault(inGroup: parameter.resourceGroup),
          let secret = parameter.keyVaultSecretName
        {
          let vaultID = ARMResourceID(resourceGroup: vault.resourceGroup, type: vault.type, name: vault.name)
          passed[parameter.name] = [
            "reference": ["keyVault": ["id": .string(vaultID.expression(inGroup: nil))], "secretName": .string(secret)]
          ]
        } else {
          passed[parameter.name] = ["value": .string("[parameters(\(ARMExpression.literal(parameter.name)))]")]
          topParameters[parameter.name] = declaration(parameter)
        }
      }
      let variables = stage == nil ? plan.variables[group.name] ?? [:] : [:]
      let innerTemplate: ARMValue = [
        "$schema": .string(Self.groupSchema), "contentVersion": "1.0.0.0", "parameters": .object(innerParameters),
        "variables": .object(variables), "resources": .array(innerResources), "outputs": [:],
      ]
      var dependsOn: [ARMValue] = [
        .string("[subscriptionResourceId('Microsoft.Resources/resourceGroups', \(ARMExpression.literal(group.name)))]")
      ]
      for other in otherGroups.sorted() {
        let id = ARMResourceID(
          resourceGroup: other, type: "Microsoft.Resources/deployments", name: deploymentName(other))
        dependsOn.append(.string(id.expression(inGroup: nil)))
      }
      resources.append([
        "type": "Microsoft.Resources/deployments", "apiVersion": .string(Self.resourcesAPI),
        "name": .string(deploymentName(group.name)), "resourceGroup": .string(group.name),
        "dependsOn": .array(dependsOn),
        "properties": [
          "mode": "Incremental", "expressionEvaluationOptions": ["scope": "Inner"], "parameters": .object(passed),
          "template": innerTemplate,
        ],
      ])
    }
    return [
      "$schema": .string(Self.subscriptionSchema), "contentVersion": "1.0.0.0",
      "parameters": .object(topParameters), "variables": [:], "resources": .array(resources),
      "outputs": .object(outputs),
    ]
  }

  /// Child types whose schema allows only the operation (`add`) as a literal name, so the top-level form
  /// `<vault>/add` is written as a `format()` expression, as Microsoft's quickstart `keyvault-add-access-policy` does.
  static let operationNamedTypes: Set<String> = ["Microsoft.KeyVault/vaults/accessPolicies"]

  /// One resource of a nested template, its IDs as expressions and only same-deployment `dependsOn`.
  func render(_ resource: ARMResource, groupOfID: [String: String], otherGroups: inout Set<String>) -> ARMValue {
    let group = resource.resourceGroup
    var value: ARMValue = [
      "type": .string(resource.type), "apiVersion": .string(resource.apiVersion), "name": .string(resource.name),
      "properties": resource.properties.replacingResourceIDs(subscriptionID: plan.subscriptionID, inGroup: group),
    ]
    if Self.operationNamedTypes.contains(resource.type) {
      let parts = resource.name.split(separator: "/").map { ARMExpression.literal(String($0)) }
      let pattern = (0..<parts.count).map { "{\($0)}" }.joined(separator: "/")
      value["name"] = .string("[format('\(pattern)', \(parts.joined(separator: ", ")))]")
    }
    if !resource.location.isEmpty { value["location"] = .string(resource.location) }
    if let sku = resource.sku { value["sku"] = sku }
    if let condition = resource.condition { value["condition"] = .string(condition) }
    let local = resource.dependsOn.filter { groupOfID[$0.lowercased()] == group }
    otherGroups.formUnion(resource.dependsOn.compactMap { groupOfID[$0.lowercased()] }.filter { $0 != group })
    if !local.isEmpty {
      value["dependsOn"] = ARMValue.array(local.map { .string($0) })
        .replacingResourceIDs(subscriptionID: plan.subscriptionID, inGroup: group)
    }
    return value
  }

  /// An output name for a resource: letters, digits and underscores, then `_id`.
  static func outputName(_ name: String) -> String {
    String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }) + "_id"
  }

  /// The parameters file of a stage's template: known values only. Parameters without a value (SAS URLs, the
  /// operator's object ID, keys read at deployment time) are required and given on the command line by the
  /// deployment script; nothing secret and no placeholder is written.
  public func parametersFile(for template: ARMValue) -> ARMValue {
    var values: [String: ARMValue] = [:]
    if case .object(let declared) = template["parameters"] ?? [:] {
      for name in declared.keys {
        guard let parameter = plan.parameters.first(where: { $0.name == name }), !parameter.type.hasPrefix("secure"),
          let known = knownValues[name]
        else { continue }
        values[name] = ["value": .string(known)]
      }
    }
    return ["$schema": .string(Self.parametersSchema), "contentVersion": "1.0.0.0", "parameters": .object(values)]
  }
}
