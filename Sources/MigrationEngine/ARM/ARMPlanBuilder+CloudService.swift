import EstateModel
import Foundation

/// One load-balancer configuration of a cloud service.
struct MappedFrontend {
  var configuration: ARMValue
  var dependsOn: [String]
}

extension ARMPlanBuilder {
  /// Public frontends (the VIP, each extra VIP) and internal load balancers.
  mutating func mapFrontends(service: CloudService, deployment: Deployment, group: String, network: MappedNetwork)
    -> [MappedFrontend]
  {
    var frontends: [MappedFrontend] = []
    let cscfgNetwork = deployment.configuration?.network
    let reservations = cscfgNetwork?.reservedIPs ?? []
    let mainReserved = deployment.reservedIPName ?? reservations.first { $0.virtualIPName == nil }?.name
    let hasInput = deployment.roles.contains { role in
      role.definition?.endpoints.contains { $0.kind == .input } ?? false
    }
    if hasInput || mainReserved != nil || !deployment.virtualIPs.isEmpty {
      let ipID = mapPublicIP(
        service: service, reserved: mainReserved, dynamicName: PlatformNames.dynamicPublicIP(service.name),
        version: "IPv4", dnsLabel: service.name.lowercased(), group: group, location: network.location)
      frontends.append(
        publicFrontend(
          name: armName(PlatformNames.loadBalancer(service.name), type: ARMType.loadBalancer),
          frontend: armName(deployment.virtualIPs.first?.name ?? service.name + "LBFE", type: ARMType.frontend),
          publicIPID: ipID, group: group))
    }
    for vip in cscfgNetwork?.virtualIPs ?? [] {
      let reserved = reservations.first { $0.virtualIPName == vip.name }?.name
      let version = vip.ipVersion?.lowercased() == "ipv6" ? "IPv6" : "IPv4"
      let ipID = mapPublicIP(
        service: service, reserved: reserved, dynamicName: "\(service.name)-\(vip.name)ContractContract",
        version: version, dnsLabel: nil, group: group, location: network.location)
      frontends.append(
        publicFrontend(
          name: armName("LB-\(service.name)-\(vip.name)", type: ARMType.loadBalancer),
          frontend: armName(vip.name, type: ARMType.frontend), publicIPID: ipID, group: group))
    }
    for balancer in cscfgNetwork?.loadBalancers ?? [] {
      let subnet = balancer.subnet ?? network.roleSubnets.values.sorted().first ?? "default"
      var properties: ARMValue = ["subnet": ["id": .string(network.virtualNetworkID + "/subnets/" + subnet)]]
      if let address = balancer.staticAddress { properties["privateIPAddress"] = .string(address) }
      let frontend: ARMValue = [
        "name": .string(armName(balancer.name, type: ARMType.frontend)), "properties": properties,
      ]
      let configuration: ARMValue = [
        "name": .string(armName(balancer.name, type: ARMType.loadBalancer)),
        "properties": ["frontendIpConfigurations": [frontend]],
      ]
      frontends.append(MappedFrontend(configuration: configuration, dependsOn: []))
    }
    return frontends
  }

  func publicFrontend(name: String, frontend: String, publicIPID: String, group: String) -> MappedFrontend {
    let frontendValue: ARMValue = [
      "name": .string(frontend), "properties": ["publicIPAddress": ["id": .string(publicIPID)]],
    ]
    let configuration: ARMValue = [
      "name": .string(name),
      "properties": ["frontendIpConfigurations": [frontendValue]],
    ]
    return MappedFrontend(configuration: configuration, dependsOn: [publicIPID])
  }

  /// A Basic public IP: static with the reserved IP's name, or dynamic `<service>ContractContract`.
  mutating func mapPublicIP(
    service: CloudService, reserved: String?, dynamicName: String, version: String, dnsLabel: String?, group: String,
    location: String
  ) -> String {
    let platformName = reserved.map(PlatformNames.reservedPublicIP) ?? dynamicName
    let name = armName(platformName, type: ARMType.publicIP)
    var properties: ARMValue = [
      "publicIPAllocationMethod": .string(reserved == nil ? "Dynamic" : "Static"),
      "publicIPAddressVersion": .string(version),
    ]
    if let dnsLabel { properties["dnsSettings"] = ["domainNameLabel": .string(dnsLabel)] }
    let classicReserved = reserved.flatMap { name in estate.reservedIPs.first { $0.name == name } }
    let resource = ARMResource(
      subscriptionID: subscriptionID, type: ARMType.publicIP, apiVersion: ARMType.apiVersion(ARMType.publicIP),
      name: name, resourceGroup: group, location: location, sku: ["name": "Basic"], properties: properties,
      source: ARMClassicSource(
        kind: reserved == nil ? "virtualIP" : "reservedIP", name: reserved ?? service.name, service: service.name,
        location: classicReserved?.location))
    plan.upsert(resource)
    return resource.id
  }

  /// The `Microsoft.Compute/cloudServices` resource.
  mutating func mapCloudService(
    service: CloudService, deployment: Deployment, group: String, network: MappedNetwork,
    frontends: [MappedFrontend], vault: ARMResourceID?
  ) {
    let name = armName(service.name, type: ARMType.cloudService)
    var roles: [ARMValue] = []
    for role in deployment.roles {
      let size = mapSize(role: role, service: service)
      let sku: ARMValue = [
        "name": .string(size), "tier": .string(RoleSizeMap.tier(for: size)), "capacity": .int(role.instanceCount ?? 1),
      ]
      roles.append(["name": .string(role.name), "sku": sku])
    }
    var properties: ARMValue = [
      "roleProfile": ["roles": .array(roles)],
      "networkProfile": ["loadBalancerConfigurations": .array(frontends.map(\.configuration))],
      "osProfile": ["secrets": []],
      "extensionProfile": ["extensions": []],
      "upgradeMode": .string(options.effectiveUpgradeMode),
    ]
    let packageParameter = parameterName(service.name, "packageUrl")
    properties["packageUrl"] = .string("[parameters('\(packageParameter)')]")
    plan.addParameter(
      ARMParameter(
        name: packageParameter, type: "securestring",
        description: "SAS URL of the package (.cspkg) of \(service.name), built with the rewritten .csdef",
        resourceGroup: group))
    if rewritesArtifacts {
      mapConfiguration(
        service: service, deployment: deployment, group: group, network: network, vault: vault,
        properties: &properties)
    } else {
      nameSecretsFromModel(service: service, deployment: deployment)
    }
    let dependsOn = [network.virtualNetworkID] + frontends.flatMap(\.dependsOn)
    plan.upsert(
      ARMResource(
        subscriptionID: subscriptionID, type: ARMType.cloudService,
        apiVersion: ARMType.apiVersion(ARMType.cloudService),
        name: name, resourceGroup: group, location: network.location, properties: properties, dependsOn: dependsOn,
        source: ARMClassicSource(
          kind: "deployment", name: deployment.name ?? deployment.slot.rawValue, service: service.name,
          location: deployment.configuration?.location ?? deployment.location)))
  }

  /// Findings only: fits the Key Vault secret names the rewrite would give the deployment's secret settings,
  /// from the model instead of the file, so a name past its limit is reported on this path too.
  mutating func nameSecretsFromModel(service: CloudService, deployment: Deployment) {
    let prefix = parameterName(service.name, "")
    for role in deployment.roles {
      for setting in role.configuration?.settings ?? []
      where setting.value.isSecret && !ArtifactRewriter.isRemovedSetting(setting.name) {
        let parameter = prefix + ArtifactRewriter.sanitize(role.name) + "_" + ArtifactRewriter.sanitize(setting.name)
        _ = armName(parameter.replacingOccurrences(of: "_", with: "-"), type: ARMType.keyVaultSecret)
      }
    }
  }

  /// The cloud service's configuration: the rewritten `.cscfg` text as a template variable (its secrets as
  /// secure parameters), or a `configurationUrl` parameter when the text is not available.
  mutating func mapConfiguration(
    service: CloudService, deployment: Deployment, group: String, network: MappedNetwork, vault: ARMResourceID?,
    properties: inout ARMValue
  ) {
    let rewrite = ArtifactRewriter.rewrite(
      deployment: deployment,
      plan: ArtifactRewriter.Decisions(builder: self, service: service, deployment: deployment, network: network),
      texts: sourceTexts)
    // The rewriter's findings concern this service: named by it, as the size findings are.
    plan.findings += rewrite.findings.map { finding in
      var named = finding
      named.resource = finding.resource ?? service.name
      return named
    }
    if let cscfg = rewrite.configuration {
      let variable = parameterName(service.name, "configuration")
      // The VNet ID in the text names the deployment's own subscription when it runs, not the estate's.
      let subscriptionPlaceholder = "__SUBSCRIPTION_ID__"
      plan.variables[group, default: [:]][variable] = .string(
        cscfg.text.replacingOccurrences(
          of: "/subscriptions/\(subscriptionID)/", with: "/subscriptions/\(subscriptionPlaceholder)/"))
      var expression =
        "replace(variables('\(variable)'), '\(subscriptionPlaceholder)', subscription().subscriptionId)"
      for secret in cscfg.secrets {
        let secretName = armName(
          secret.parameter.replacingOccurrences(of: "_", with: "-"), type: ARMType.keyVaultSecret)
        let description = "Value of the setting \(secret.setting) of role \(secret.role) in \(service.name)"
        plan.addParameter(
          ARMParameter(
            name: secret.parameter, type: "securestring", description: description, resourceGroup: group,
            keyVaultSecretName: secretName))
        if let vault {
          plan.addVaultImport(
            ARMVaultImport(
              kind: .secret, vault: vault.name, resourceGroup: group, name: secretName,
              variable: "CSMIGRATE_SECRET_" + secret.parameter.uppercased(), description: description))
        }
        expression = "replace(\(expression), '\(secret.placeholder)', parameters('\(secret.parameter)'))"
      }
      properties["configuration"] = .string("[\(expression)]")
    } else {
      let parameter = parameterName(service.name, "configurationUrl")
      properties["configurationUrl"] = .string("[parameters('\(parameter)')]")
      plan.addParameter(
        ARMParameter(
          name: parameter, type: "securestring",
          description: "SAS URL of the rewritten .cscfg of \(service.name) (its text was not available)",
          resourceGroup: group))
    }
  }

  /// The extended-support size of a role, with findings for legacy and deprecated sizes.
  mutating func mapSize(role: Role, service: CloudService) -> String {
    let original = role.vmSize
    switch RoleSizeMap.mapping(for: original) {
    case .modern(let size):
      return size
    case .legacy(let legacy, let successor):
      let latest = options.effectiveRevision == .current2024
      plan.findings.append(
        ARMFinding(
          latest ? .warning : .info, "arm.size-mapped",
          "Role \(role.name) of \(service.name) uses the legacy size \(legacy), mapped to \(successor)"
            + (latest ? "; update the .csdef before migrating." : " during migration."),
          resource: service.name))
      return successor
    case .deprecated(let legacy):
      plan.findings.append(
        ARMFinding(
          .error, "arm.size-deprecated",
          "Role \(role.name) of \(service.name) uses the size \(legacy), which is deprecated with no successor.",
          resource: service.name))
      return legacy
    }
  }

  /// A template parameter or variable name scoped to a service: letters, digits and underscores.
  func parameterName(_ service: String, _ suffix: String) -> String {
    Self.cleanedName(service) + "_" + suffix
  }

  /// `name` with every character that is not an ASCII letter or digit replaced by `_`: byte by byte for ASCII
  /// names without `\r` (then every byte is one character; this runs twice per cloud service planned), else
  /// character by character.
  static func cleanedName(_ name: String) -> String {
    let bytes = name.utf8
    guard bytes.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) else {
      return String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
    return String(
      decoding: bytes.map { byte in
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
          UInt8(ascii: "0")...UInt8(ascii: "9"):
          byte
        default: UInt8(ascii: "_")
        }
      }, as: UTF8.self)
  }
}
