import EstateModel
import PluginAPI

/// The ARM mapping step that fills `extensionProfile.extensions` of each mapped cloud service.
enum ExtensionProfileStep {
  /// The step's id.
  static let id = "extensions.extension-profile"

  /// Runs after the core mapping (which writes an empty profile).
  static let step = ARMMappingStep(id: id, order: 100) { context, plan throws(PluginError) in
    apply(context: context, plan: &plan)
  }

  /// Replaces the empty profile of each cloud service in scope and adds the parameters the entries reference.
  ///
  /// The plan's resources are taken out, changed and put back once: changing them one by one through the plan
  /// copied the whole array for each cloud service, which made a VNet of thousands of services quadratic.
  static func apply(context: ARMMappingContext, plan: inout ARMPlan) {
    var services: [String: CloudService] = [:]
    for service in context.estate.cloudServices where services[service.name] == nil { services[service.name] = service }
    var resources = plan.resources
    plan.resources = []
    var parameters: [ARMParameter] = []
    var findings: [ARMFinding] = []
    for index in resources.indices where resources[index].type.lowercased() == "microsoft.compute/cloudservices" {
      let resource = resources[index]
      guard let serviceName = resource.source.service, context.services.contains(serviceName),
        let service = services[serviceName],
        let deployment = service.deployments.first(where: { ($0.name ?? $0.slot.rawValue) == resource.source.name })
      else { continue }
      let conversion = ExtensionConverter(service: service.name, deployment: deployment).convert()
      resources[index].properties["extensionProfile"] = [
        "extensions": .array(conversion.extensions.map(armValue))
      ]
      for parameter in conversion.parameters {
        parameters.append(
          ARMParameter(
            name: parameter.name, type: parameter.type,
            description: parameter.description + " of \(service.name)", resourceGroup: resource.resourceGroup))
      }
      for entry in conversion.extensions where !entry.userMustSupply.isEmpty {
        findings.append(
          ARMFinding(
            .info, "extensions.supply",
            "Extension \(entry.name) of \(service.name) needs: "
              + entry.userMustSupply.map(\.what).joined(separator: " "), resource: resource.name))
      }
      for dropped in conversion.dropped {
        findings.append(
          ARMFinding(
            .info, "extensions.dropped",
            "\(dropped.category == "plugin" ? "Plugin" : "Extension") \(dropped.name) of \(service.name) "
              + "(\(dropped.roles.joined(separator: ", "))) is not in the extension profile: \(dropped.reason)",
            resource: resource.name))
      }
    }
    plan.resources = resources
    for parameter in parameters { plan.addParameter(parameter) }
    plan.findings += findings
  }

  /// One profile entry as an ARM value.
  static func armValue(_ entry: ConvertedExtension) -> ARMValue {
    let item = entry.properties
    var properties: ARMValue = [
      "publisher": .string(item.publisher), "type": .string(item.type),
      "typeHandlerVersion": .string(item.typeHandlerVersion),
      "autoUpgradeMinorVersion": .bool(item.autoUpgradeMinorVersion),
    ]
    if let settings = item.settings { properties["settings"] = armValue(settings) }
    if let secret = item.protectedSettings { properties["protectedSettings"] = .string(secret) }
    if let roles = item.rolesAppliedTo { properties["rolesAppliedTo"] = .array(roles.map(ARMValue.string)) }
    if let tag = item.forceUpdateTag { properties["forceUpdateTag"] = .string(tag) }
    return ["name": .string(entry.name), "properties": properties]
  }

  /// A JSON fragment as an ARM value (integral numbers stay integers).
  static func armValue(_ value: JSONFragment) -> ARMValue {
    switch value {
    case .null: .null
    case .bool(let flag): .bool(flag)
    case .number(let number):
      number.rounded() == number && abs(number) < 1e15 ? .int(Int(number)) : .string(String(number))
    case .string(let text): .string(text)
    case .array(let items): .array(items.map(armValue))
    case .object(let members): .object(members.mapValues(armValue))
    }
  }
}
