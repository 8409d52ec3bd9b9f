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
  static func apply(context: ARMMappingContext, plan: inout ARMPlan) {
    // Each service in scope by name once (the first of a repeated name, as a search from the start finds it).
    let services = Dictionary(context.servicesInScope.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let inScope = Set(context.services)
    for index in plan.resources.indices
    where plan.resources[index].isOfType("microsoft.compute/cloudservices") {
      let resource = plan.resources[index]
      guard let serviceName = resource.source.service, inScope.contains(serviceName),
        let service = services[serviceName],
        let deployment = service.deployments.first(where: { ($0.name ?? $0.slot.rawValue) == resource.source.name })
      else { continue }
      let conversion = ExtensionConverter(service: service.name, deployment: deployment).convert()
      plan.updateResource(at: index) {
        $0.properties["extensionProfile"] = ["extensions": .array(conversion.extensions.map(armValue))]
      }
      for parameter in conversion.parameters {
        plan.addParameter(
          ARMParameter(
            name: parameter.name, type: parameter.type,
            description: parameter.description + " of \(service.name)", resourceGroup: resource.resourceGroup))
      }
      for entry in conversion.extensions where !entry.userMustSupply.isEmpty {
        plan.findings.append(
          ARMFinding(
            .info, "extensions.supply",
            "Extension \(entry.name) of \(service.name) needs: "
              + entry.userMustSupply.map(\.what).joined(separator: " "), resource: resource.name))
      }
      for dropped in conversion.dropped {
        plan.findings.append(
          ARMFinding(
            .info, "extensions.dropped",
            "\(dropped.category == "plugin" ? "Plugin" : "Extension") \(dropped.name) of \(service.name) "
              + "(\(dropped.roles.joined(separator: ", "))) is not in the extension profile: \(dropped.reason)",
            resource: resource.name))
      }
    }
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
