/// Reads ServiceDefinition (`.csdef`) files.
enum CsdefParser {
  /// The ServiceDefinition namespace.
  static let namespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition"

  private static let roleChildren: Set<String> = [
    "Sites", "Endpoints", "Certificates", "Imports", "Startup", "LocalResources", "ConfigurationSettings",
    "Runtime", "Contents", "LocalStorage",
  ]

  /// The allowed structure; `Startup/Task`, `Runtime` and `Contents` internals are not modelled.
  static let shape = XMLShape(
    namespace: namespace, root: "ServiceDefinition",
    children: [
      "ServiceDefinition": ["WebRole", "WorkerRole", "LoadBalancerProbes", "NetworkTrafficRules"],
      "WebRole": roleChildren, "WorkerRole": roleChildren,
      "Sites": ["Site"], "Site": ["Bindings", "VirtualApplication", "VirtualDirectory"], "Bindings": ["Binding"],
      "Binding": [],
      "Endpoints": ["InputEndpoint", "InternalEndpoint", "InstanceInputEndpoint"],
      "InputEndpoint": [], "InternalEndpoint": ["FixedPort", "FixedPortRange"],
      "InstanceInputEndpoint": ["AllocatePublicPortFrom"], "AllocatePublicPortFrom": ["FixedPortRange"],
      "FixedPort": [], "FixedPortRange": [],
      "Certificates": ["Certificate"], "Certificate": [], "Imports": ["Import"], "Import": [],
      "Startup": ["Task"], "LocalResources": ["LocalStorage"], "LocalStorage": [],
      "ConfigurationSettings": ["Setting"], "Setting": [],
      "LoadBalancerProbes": ["LoadBalancerProbe"], "LoadBalancerProbe": [],
      "NetworkTrafficRules": ["OnlyAllowTrafficTo"],
      "OnlyAllowTrafficTo": ["Destinations", "AllowAllTraffic", "WhenSource"], "Destinations": ["RoleEndpoint"],
      "RoleEndpoint": [], "AllowAllTraffic": [], "WhenSource": ["FromRole"], "FromRole": [],
    ])

  /// Interprets a parsed tree; nil when the root is not `ServiceDefinition`.
  static func parse(_ root: XMLNode, context: inout XMLReadContext) -> ServiceDefinition? {
    guard shape.check(root, into: &context) else { return nil }
    var header = ServiceDefinitionHeader(name: context.name(of: root), location: context.location(root))
    header.schemaVersion = root.attributes["schemaVersion"]
    header.upgradeDomainCount = context.integer("upgradeDomainCount", of: root)
    header.topologyChangeDiscovery = root.attributes["topologyChangeDiscovery"]
    header.loadBalancerProbes = root.grandchildren("LoadBalancerProbes", "LoadBalancerProbe").map {
      probe($0, &context)
    }
    header.networkTrafficRules = root.grandchildren("NetworkTrafficRules", "OnlyAllowTrafficTo").map {
      trafficRule($0, &context)
    }
    let roleNodes = root.children.filter { RoleKind(rawValue: $0.name) != nil }
    let roles = context.limitedRoles(roleNodes).compactMap { node -> RoleDefinition? in
      guard let kind = RoleKind(rawValue: node.name) else { return nil }
      return role(node, kind: kind, &context)
    }
    return ServiceDefinition(header: header, roles: roles)
  }

  private static func role(_ node: XMLNode, kind: RoleKind, _ context: inout XMLReadContext) -> RoleDefinition {
    var role = RoleDefinition(name: context.name(of: node), kind: kind, location: context.location(node))
    role.vmSizeAttribute = node.attributes["vmsize"]
    role.enableNativeCodeExecution = context.boolean("enableNativeCodeExecution", of: node)
    role.runtimeExecutionContext = node.child("Runtime")?.attributes["executionContext"]
    role.endpoints = node.child("Endpoints")?.children.compactMap { endpoint($0, &context) } ?? []
    role.certificates = node.grandchildren("Certificates", "Certificate").map {
      CertificateDeclaration(
        name: context.name(of: $0), storeLocation: $0.attributes["storeLocation"],
        storeName: $0.attributes["storeName"], permissionLevel: $0.attributes["permissionLevel"],
        location: context.location($0))
    }
    role.imports = node.grandchildren("Imports", "Import").map {
      PluginImport(moduleName: context.name(of: $0, attribute: "moduleName"), location: context.location($0))
    }
    role.startupTasks = node.grandchildren("Startup", "Task").map {
      StartupTask(
        commandLine: context.name(of: $0, attribute: "commandLine"),
        executionContext: $0.attributes["executionContext"], taskType: $0.attributes["taskType"],
        location: context.location($0))
    }
    let storages = node.grandchildren("LocalResources", "LocalStorage") + node.children("LocalStorage")
    role.localResources = storages.map {
      LocalResource(
        name: context.name(of: $0), sizeInMB: context.integer("sizeInMB", of: $0),
        cleanOnRoleRecycle: context.boolean("cleanOnRoleRecycle", of: $0), location: context.location($0))
    }
    role.settings = node.grandchildren("ConfigurationSettings", "Setting").map {
      SettingDeclaration(name: context.name(of: $0), location: context.location($0))
    }
    role.sites = node.grandchildren("Sites", "Site").map { site($0, &context) }
    return role
  }

  private static func endpoint(_ node: XMLNode, _ context: inout XMLReadContext) -> Endpoint? {
    guard let kind = EndpointKind(rawValue: node.name) else { return nil }
    var endpoint = Endpoint(name: context.name(of: node), kind: kind, location: context.location(node))
    endpoint.protocol = node.attributes["protocol"]
    endpoint.port = context.integer("port", of: node, code: "port-not-numeric")
    endpoint.localPort = node.attributes["localPort"]
    endpoint.certificate = node.attributes["certificate"]
    endpoint.loadBalancer = node.attributes["loadBalancer"]
    endpoint.loadBalancerProbe = node.attributes["loadBalancerProbe"]
    endpoint.ignoreRoleInstanceStatus = context.boolean("ignoreRoleInstanceStatus", of: node)
    endpoint.fixedPorts = node.children("FixedPort").compactMap {
      context.integer("port", of: $0, code: "port-not-numeric", required: true)
    }
    let range = node.child("FixedPortRange") ?? node.child("AllocatePublicPortFrom")?.child("FixedPortRange")
    if let range,
      let min = context.integer("min", of: range, code: "port-not-numeric", required: true),
      let max = context.integer("max", of: range, code: "port-not-numeric", required: true)
    {
      endpoint.portRange = PortRange(min: min, max: max)
    }
    if kind == .instanceInput && endpoint.localPort == nil {
      context.report(.error, "missing-attribute", "<InstanceInputEndpoint> has no 'localPort' attribute", at: node)
    }
    return endpoint
  }

  private static func site(_ node: XMLNode, _ context: inout XMLReadContext) -> Site {
    let bindings = node.grandchildren("Bindings", "Binding").map {
      SiteBinding(
        name: context.name(of: $0), endpointName: context.name(of: $0, attribute: "endpointName"),
        hostHeader: $0.attributes["hostHeader"], location: context.location($0))
    }
    return Site(
      name: context.name(of: node), physicalDirectory: node.attributes["physicalDirectory"], bindings: bindings,
      location: context.location(node))
  }

  private static func probe(_ node: XMLNode, _ context: inout XMLReadContext) -> LoadBalancerProbe {
    LoadBalancerProbe(
      name: context.name(of: node), protocol: node.attributes["protocol"], path: node.attributes["path"],
      port: context.integer("port", of: node, code: "port-not-numeric"),
      intervalInSeconds: context.integer("intervalInSeconds", of: node),
      timeoutInSeconds: context.integer("timeoutInSeconds", of: node), location: context.location(node))
  }

  private static func trafficRule(_ node: XMLNode, _ context: inout XMLReadContext) -> NetworkTrafficRule {
    let destinations = node.grandchildren("Destinations", "RoleEndpoint").map {
      RoleEndpointRef(
        roleName: context.name(of: $0, attribute: "roleName"),
        endpointName: context.name(of: $0, attribute: "endpointName"))
    }
    let fromRoles = node.grandchildren("WhenSource", "FromRole").map { context.name(of: $0, attribute: "roleName") }
    return NetworkTrafficRule(
      destinations: destinations, allowAllTraffic: node.child("AllowAllTraffic") != nil, fromRoles: fromRoles,
      location: context.location(node))
  }
}
