import EstateModel

extension GatewayTemplate {
  static func deploymentName(_ group: String) -> String { String(("csmigrate-gateways-" + group).prefix(64)) }

  static func declaration(_ parameter: ARMParameter) -> ARMValue {
    ["type": .string(parameter.type), "metadata": ["description": .string(parameter.description)]]
  }

  /// The template, its parameters file and the findings, for a built plan.
  func bundle(for plan: ARMPlan) -> ARMTemplateBundle {
    ARMTemplateBundle(template: template(for: plan), parameters: parametersFile(for: plan), findings: plan.findings)
  }

  /// The subscription-scope template: the VNet's group, then one nested deployment holding every resource.
  func template(for plan: ARMPlan) -> ARMValue {
    var resources: [ARMValue] = []
    var outputs: [String: ARMValue] = [:]
    for group in plan.resourceGroups {
      resources.append([
        "type": "Microsoft.Resources/resourceGroups", "apiVersion": .string(Self.resourcesAPI),
        "name": .string(group.name), "location": .string(group.location),
      ])
      let members = plan.resources.filter { $0.resourceGroup == group.name }
      let ids = Set(members.map { $0.id.lowercased() })
      let inner: [ARMValue] = members.map { resource in
        var value: ARMValue = [
          "type": .string(resource.type), "apiVersion": .string(resource.apiVersion), "name": .string(resource.name),
          "location": .string(resource.location), "properties": resource.properties,
        ]
        if let sku = resource.sku { value["sku"] = sku }
        let local = resource.dependsOn.filter { ids.contains($0.lowercased()) }
        if !local.isEmpty { value["dependsOn"] = .array(local.map { .string($0) }) }
        return value
      }
      for resource in members where resource.type == Kind.gateway {
        outputs[ARMNames.parameter(resource.name, "id")] = ["type": "string", "value": .string(resource.id)]
      }
      let used = plan.parameters.filter { $0.resourceGroup == group.name }
      let innerTemplate: ARMValue = [
        "$schema": .string(Self.groupSchema), "contentVersion": "1.0.0.0",
        "parameters": .object(
          Dictionary(used.map { ($0.name, Self.declaration($0)) }, uniquingKeysWith: { a, _ in a })),
        "variables": [:], "resources": .array(inner), "outputs": [:],
      ]
      let passed = Dictionary(
        used.map { ($0.name, ARMValue.object(["value": .string("[parameters('\($0.name)')]")])) },
        uniquingKeysWith: { first, _ in first })
      resources.append([
        "type": "Microsoft.Resources/deployments", "apiVersion": .string(Self.resourcesAPI),
        "name": .string(Self.deploymentName(group.name)), "resourceGroup": .string(group.name),
        "dependsOn": [.string("[subscriptionResourceId('Microsoft.Resources/resourceGroups', '\(group.name)')]")],
        "properties": [
          "mode": "Incremental", "expressionEvaluationOptions": ["scope": "inner"], "parameters": .object(passed),
          "template": innerTemplate,
        ],
      ])
    }
    return [
      "$schema": .string(Self.subscriptionSchema), "contentVersion": "1.0.0.0",
      "parameters": .object(
        Dictionary(plan.parameters.map { ($0.name, Self.declaration($0)) }, uniquingKeysWith: { first, _ in first })),
      "variables": [:], "resources": .array(resources), "outputs": .object(outputs),
    ]
  }

  /// The parameters file: Key Vault references for shared keys, known values, placeholders for the rest.
  func parametersFile(for plan: ARMPlan) -> ARMValue {
    var values: [String: ARMValue] = [:]
    for parameter in plan.parameters {
      if let secret = parameter.keyVaultSecretName {
        let vault = ARMResource.id(
          subscriptionID: plan.subscriptionID, resourceGroup: "{key-vault-resource-group}", type: Kind.vault,
          name: "{key-vault-name}")
        values[parameter.name] = ["reference": ["keyVault": ["id": .string(vault)], "secretName": .string(secret)]]
      } else if let known = knownValues[parameter.name] {
        values[parameter.name] = ["value": .string(known)]
      } else {
        values[parameter.name] = ["value": .string("{\(parameter.description)}")]
      }
    }
    return ["$schema": .string(Self.parametersSchema), "contentVersion": "1.0.0.0", "parameters": .object(values)]
  }
}
