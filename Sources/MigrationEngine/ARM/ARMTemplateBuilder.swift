import EstateModel

/// Turns a plan into a subscription-scope deployment template: one resource group resource and one nested
/// deployment per resource group, so the cloud service's and the VNet's groups are created in one deployment.
///
/// Secrets are never inlined: every secure value is a `securestring` parameter, and the parameters file
/// points those at Key Vault secrets.
enum ARMTemplateBuilder {
  static let subscriptionSchema =
    "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"
  static let groupSchema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
  static let parametersSchema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"

  static func bundle(for plan: ARMPlan) -> ARMTemplateBundle {
    ARMTemplateBundle(template: template(for: plan), parameters: parametersFile(for: plan), findings: plan.findings)
  }

  static func deploymentName(_ group: String) -> String { String(("csmigrate-" + group).prefix(64)) }

  static func parameterDeclaration(_ parameter: ARMParameter) -> ARMValue {
    ["type": .string(parameter.type), "metadata": ["description": .string(parameter.description)]]
  }

  static func template(for plan: ARMPlan) -> ARMValue {
    var resources: [ARMValue] = []
    let groupOfID = Dictionary(
      plan.resources.map { ($0.id.lowercased(), $0.resourceGroup) }, uniquingKeysWith: { first, _ in first })
    for group in plan.resourceGroups {
      resources.append([
        "type": .string(ARMType.resourceGroup), "apiVersion": .string(ARMType.apiVersion(ARMType.resourceGroup)),
        "name": .string(group.name), "location": .string(group.location),
      ])
    }
    var outputs: [String: ARMValue] = [:]
    for group in plan.resourceGroups {
      let members = plan.resources.filter { $0.resourceGroup == group.name }
      guard !members.isEmpty else { continue }
      var inner: [ARMValue] = []
      var otherGroups: Set<String> = []
      for resource in members {
        var value: ARMValue = [
          "type": .string(resource.type), "apiVersion": .string(resource.apiVersion), "name": .string(resource.name),
          "location": .string(resource.location), "properties": resource.properties,
        ]
        if let sku = resource.sku { value["sku"] = sku }
        let local = resource.dependsOn.filter { groupOfID[$0.lowercased()] == group.name }
        otherGroups.formUnion(resource.dependsOn.compactMap { groupOfID[$0.lowercased()] }.filter { $0 != group.name })
        if !local.isEmpty { value["dependsOn"] = .array(local.map { .string($0) }) }
        inner.append(value)
        if resource.type == ARMType.cloudService {
          outputs[ArtifactRewriter.sanitize(resource.name) + "_id"] = ["type": "string", "value": .string(resource.id)]
        }
      }
      let used = plan.parameters.filter { $0.resourceGroup == group.name }
      var innerParameters: [String: ARMValue] = [:]
      var passed: [String: ARMValue] = [:]
      for parameter in used {
        innerParameters[parameter.name] = parameterDeclaration(parameter)
        passed[parameter.name] = ["value": .string("[parameters('\(parameter.name)')]")]
      }
      let innerTemplate: ARMValue = [
        "$schema": .string(groupSchema), "contentVersion": "1.0.0.0", "parameters": .object(innerParameters),
        "variables": .object(plan.variables[group.name] ?? [:]), "resources": .array(inner), "outputs": [:],
      ]
      var dependsOn: [ARMValue] = [
        .string("[subscriptionResourceId('Microsoft.Resources/resourceGroups', '\(group.name)')]")
      ]
      for other in otherGroups.sorted() {
        dependsOn.append(
          .string("[resourceId('\(other)', 'Microsoft.Resources/deployments', '\(deploymentName(other))')]"))
      }
      resources.append([
        "type": .string(ARMType.deployment), "apiVersion": .string(ARMType.apiVersion(ARMType.deployment)),
        "name": .string(deploymentName(group.name)), "resourceGroup": .string(group.name),
        "dependsOn": .array(dependsOn),
        "properties": [
          "mode": "Incremental", "expressionEvaluationOptions": ["scope": "inner"],
          "parameters": .object(passed), "template": innerTemplate,
        ],
      ])
    }
    return [
      "$schema": .string(subscriptionSchema), "contentVersion": "1.0.0.0",
      "parameters": .object(
        Dictionary(plan.parameters.map { ($0.name, parameterDeclaration($0)) }, uniquingKeysWith: { first, _ in first })
      ),
      "variables": [:], "resources": .array(resources), "outputs": .object(outputs),
    ]
  }

  /// The parameters file: Key Vault references for secure values, placeholders for URLs the caller supplies.
  static func parametersFile(for plan: ARMPlan) -> ARMValue {
    var values: [String: ARMValue] = [:]
    for parameter in plan.parameters {
      if let secretName = parameter.keyVaultSecretName {
        let vault =
          plan.resources(ofType: ARMType.keyVault).first { $0.resourceGroup == parameter.resourceGroup }?.id
          ?? ARMResource.id(
            subscriptionID: plan.subscriptionID, resourceGroup: parameter.resourceGroup, type: ARMType.keyVault,
            name: "{key-vault-name}")
        values[parameter.name] = ["reference": ["keyVault": ["id": .string(vault)], "secretName": .string(secretName)]]
      } else {
        values[parameter.name] = ["value": .string("{\(parameter.description)}")]
      }
    }
    return ["$schema": .string(parametersSchema), "contentVersion": "1.0.0.0", "parameters": .object(values)]
  }
}
