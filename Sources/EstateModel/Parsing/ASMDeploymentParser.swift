import Foundation

/// Reads ASM hosted services and deployments, including the base64 `.cscfg` they embed.
enum ASMDeploymentParser {
  static func hostedService(_ node: XMLNode, _ context: inout XMLReadContext) -> CloudService {
    let properties = node.child("HostedServiceProperties")
    var service = CloudService(name: node.childText("ServiceName") ?? "", location: context.location(node))
    if service.name.isEmpty {
      context.report(.error, "missing-element", "<HostedService> has no <ServiceName>", at: node)
    }
    service.region = properties?.childText("Location")
    service.affinityGroup = properties?.childText("AffinityGroup")
    service.label = ASMParser.decodeLabel(properties?.childText("Label"))
    service.deployments = node.grandchildren("Deployments", "Deployment").map { deployment($0, &context) }
    return service
  }

  static func deployment(_ node: XMLNode, _ context: inout XMLReadContext) -> Deployment {
    let slotText = node.childText("DeploymentSlot") ?? "Production"
    let slot = DeploymentSlot.allCases.first { $0.rawValue.equalsIgnoringCase(slotText) } ?? .production
    var deployment = Deployment(slot: slot, name: node.childText("Name"), location: context.location(node))
    if let statusText = node.childText("Status") {
      deployment.status = DeploymentStatus(text: statusText) ?? .unknown
    }
    deployment.label = ASMParser.decodeLabel(node.childText("Label"))
    deployment.url = node.childText("Url")
    deployment.reservedIPName = node.childText("ReservedIPName")
    deployment.virtualNetwork = node.childText("VirtualNetworkName").map(VirtualNetworkMembership.named)
    deployment.upgradeDomainCount = node.childText("UpgradeDomainCount").flatMap { Int($0) }
    deployment.virtualIPs = node.grandchildren("VirtualIPs", "VirtualIP").map {
      VirtualIPAddress(
        name: $0.childText("Name"), address: $0.childText("Address"),
        reservedIPName: $0.childText("ReservedIPName"))
    }
    let configuration = embeddedConfiguration(node.child("Configuration"), &context)
    deployment.configuration = configuration?.header
    deployment.roles = roles(node, configuration: configuration, &context)
    let extensions = node.child("ExtensionConfiguration")
    deployment.allRoleExtensions = (extensions?.grandchildren("AllRoles", "Extension") ?? []).map(extensionReference)
    for named in extensions?.grandchildren("NamedRoles", "Role") ?? [] {
      guard let roleName = named.childText("RoleName"),
        let index = deployment.roles.firstIndex(where: { $0.name == roleName })
      else { continue }
      deployment.roles[index].extensions += named.grandchildren("Extensions", "Extension").map(extensionReference)
    }
    return deployment
  }

  private static func extensionReference(_ node: XMLNode) -> RoleExtension {
    let state = node.childText("State")?.lowercased()
    return RoleExtension(name: node.childText("Id") ?? "", enabled: state != "disable" && state != "uninstall")
  }

  private static func embeddedConfiguration(
    _ node: XMLNode?, _ context: inout XMLReadContext
  ) -> ServiceConfiguration? {
    guard let node, case let text = node.trimmedText, !text.isEmpty else { return nil }
    guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
      context.report(.warning, "configuration-not-base64", "<Configuration> is not base64; it is ignored", at: node)
      return nil
    }
    let embeddedFile = "\(context.file)#Configuration"
    let outcome = XMLDocumentReader.read(data, file: embeddedFile, limits: context.limits)
    context.problems += outcome.problems
    guard let root = outcome.root else { return nil }
    var inner = XMLReadContext(file: embeddedFile, prefix: "cscfg", limits: context.limits)
    let configuration = CscfgParser.parse(root, context: &inner, embedded: true)
    context.problems += inner.problems
    return configuration
  }

  private static func roles(
    _ node: XMLNode, configuration: ServiceConfiguration?, _ context: inout XMLReadContext
  ) -> [Role] {
    var roles: [Role] = []
    var positions: [String: Int] = [:]
    func index(of name: String) -> Int {
      if let found = positions[name] { return found }
      positions[name] = roles.count
      roles.append(Role(name: name))
      return roles.count - 1
    }
    for roleNode in node.grandchildren("RoleList", "Role") {
      guard let name = roleNode.childText("RoleName") else { continue }
      let subnets = roleNode.grandchildren("ConfigurationSets", "ConfigurationSet")
        .flatMap { $0.grandchildren("SubnetNames", "SubnetName") }.map(\.trimmedText)
      roles[index(of: name)].subnets = subnets
    }
    for roleConfiguration in configuration?.roles ?? [] {
      roles[index(of: roleConfiguration.name)].configuration = roleConfiguration
    }
    for instanceNode in node.grandchildren("RoleInstanceList", "RoleInstance") {
      guard let roleName = instanceNode.childText("RoleName") else { continue }
      roles[index(of: roleName)].instances.append(instance(instanceNode))
    }
    return roles
  }

  private static func instance(_ node: XMLNode) -> RoleInstance {
    let endpoints = node.grandchildren("InstanceEndpoints", "InstanceEndpoint").map {
      InstanceEndpoint(
        name: $0.childText("Name") ?? "", vip: $0.childText("Vip"),
        publicPort: $0.childText("PublicPort").flatMap { Int($0) },
        localPort: $0.childText("LocalPort").flatMap { Int($0) }, protocol: $0.childText("Protocol"))
    }
    return RoleInstance(
      name: node.childText("InstanceName") ?? "", status: node.childText("InstanceStatus"),
      size: node.childText("InstanceSize"), ipAddress: node.childText("IpAddress"),
      powerState: node.childText("PowerState"),
      upgradeDomain: node.childText("InstanceUpgradeDomain").flatMap { Int($0) },
      faultDomain: node.childText("InstanceFaultDomain").flatMap { Int($0) }, endpoints: endpoints)
  }
}
