/// Reads ServiceConfiguration (`.cscfg`) files.
enum CscfgParser {
  /// The ServiceConfiguration namespace.
  static let namespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration"

  /// The allowed structure.
  static let shape = XMLShape(
    namespace: namespace, root: "ServiceConfiguration",
    children: [
      "ServiceConfiguration": ["Role", "NetworkConfiguration"],
      "Role": ["Instances", "ConfigurationSettings", "Certificates", "OsImage"],
      "Instances": [], "ConfigurationSettings": ["Setting"], "Setting": [], "Certificates": ["Certificate"],
      "Certificate": [],
      "NetworkConfiguration": [
        "AccessControls", "EndpointAcls", "Dns", "VirtualNetworkSite", "AddressAssignments", "LoadBalancers",
      ],
      "AccessControls": ["AccessControl"], "AccessControl": ["Rule"], "Rule": [],
      "EndpointAcls": ["EndpointAcl"], "EndpointAcl": [],
      "Dns": ["DnsServers"], "DnsServers": ["DnsServer"], "DnsServer": [], "VirtualNetworkSite": [],
      "AddressAssignments": ["InstanceAddress", "ReservedIPs", "VirtualIPs"],
      "InstanceAddress": ["Subnets", "PublicIPs"], "Subnets": ["Subnet"], "Subnet": [], "PublicIPs": ["PublicIP"],
      "ReservedIPs": ["ReservedIP"], "ReservedIP": [],
      "VirtualIPs": ["VirtualIP"], "VirtualIP": ["Endpoints"], "Endpoints": ["Endpoint"], "Endpoint": [],
      "LoadBalancers": ["LoadBalancer"], "LoadBalancer": ["FrontendIPConfiguration"], "FrontendIPConfiguration": [],
    ])

  /// Interprets a parsed tree; nil when the root is not `ServiceConfiguration`.
  /// `embedded` configurations (inside ASM deployments of IaaS VMs) may omit `serviceName`.
  static func parse(_ root: XMLNode, context: inout XMLReadContext, embedded: Bool = false) -> ServiceConfiguration? {
    guard shape.check(root, into: &context) else { return nil }
    let serviceName = context.attribute("serviceName", of: root, required: !embedded) ?? ""
    var header = ServiceConfigurationHeader(serviceName: serviceName, location: context.location(root))
    header.osFamily = root.attributes["osFamily"]
    header.osVersion = root.attributes["osVersion"]
    header.schemaVersion = root.attributes["schemaVersion"]
    header.network = root.child("NetworkConfiguration").map { CscfgNetworkParser.parse($0, &context) }
    let roles = context.limitedRoles(root.children("Role")).map { role($0, &context) }
    return ServiceConfiguration(header: header, roles: roles)
  }

  private static func role(_ node: XMLNode, _ context: inout XMLReadContext) -> RoleConfiguration {
    var role = RoleConfiguration(name: context.name(of: node), location: context.location(node))
    role.vmName = node.attributes["vmName"]
    if let instances = node.child("Instances") {
      role.instanceCount = context.integer("count", of: instances, code: "instances-not-numeric", required: true)
      if let count = role.instanceCount, !(0...context.limits.maxInstances).contains(count) {
        context.report(
          .error, "instances-out-of-range",
          "role '\(role.name)' asks for \(count) instances; the count must be between 0 and "
            + "\(context.limits.maxInstances)", at: instances)
        role.instanceCount = nil
      }
    } else {
      context.report(.error, "missing-instances", "role '\(role.name)' has no <Instances> element", at: node)
    }
    role.settings = node.grandchildren("ConfigurationSettings", "Setting").map {
      let name = context.name(of: $0)
      let text = context.attribute("value", of: $0, required: true) ?? ""
      return ConfiguredSetting(
        name: name, value: SecretPolicy.value(forSetting: name, text: text), location: context.location($0))
    }
    role.certificates = node.grandchildren("Certificates", "Certificate").map { certificate($0, &context) }
    return role
  }

  private static func certificate(_ node: XMLNode, _ context: inout XMLReadContext) -> ConfiguredCertificate {
    let name = context.name(of: node)
    let thumbprint = context.attribute("thumbprint", of: node, required: true) ?? ""
    let algorithm = node.attributes["thumbprintAlgorithm"]
    if !thumbprint.isEmpty {
      ThumbprintCheck.check(thumbprint, algorithm: algorithm, certificate: name, at: node, into: &context)
    }
    return ConfiguredCertificate(
      name: name, thumbprint: thumbprint, thumbprintAlgorithm: algorithm, location: context.location(node))
  }
}

/// Checks certificate thumbprints: hex digits in whole bytes, the length of the algorithm, upper case.
enum ThumbprintCheck {
  /// Expected hex length by thumbprint algorithm (lower-cased).
  static let expectedLength: [String: Int] = ["sha1": 40, "sha256": 64]

  static func check(
    _ thumbprint: String, algorithm: String?, certificate: String, at node: XMLNode,
    into context: inout XMLReadContext
  ) {
    let isHex = thumbprint.allSatisfy(\.isHexDigit) && thumbprint.count.isMultiple(of: 2)
    guard isHex else {
      context.report(
        .error, "thumbprint-not-hex",
        "certificate '\(certificate)' has thumbprint '\(thumbprint)', which is not a hexadecimal byte string",
        at: node)
      return
    }
    let algorithmName = (algorithm ?? "sha1").lowercased()
    if let length = expectedLength[algorithmName], thumbprint.count != length {
      context.report(
        .warning, "thumbprint-length",
        "certificate '\(certificate)' has a \(thumbprint.count)-digit thumbprint; \(algorithmName) needs \(length)",
        at: node)
    }
    if thumbprint != thumbprint.uppercased() {
      context.report(
        .warning, "thumbprint-lowercase",
        "certificate '\(certificate)' has a lower-case thumbprint; the platform expects upper case", at: node)
    }
  }
}
