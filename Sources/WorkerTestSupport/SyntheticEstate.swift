public import WorkerProtocol

/// Estate documents of any size for tests that need long work: cloud services with one worker role each.
public enum SyntheticEstate {
  /// `services` cloud services, each with one worker role and one certificate, spread over `networks` classic
  /// VNets (with no VNet at all when `networks` is 0, so that each service is a migration target of its own).
  public static func document(services: Int, networks: Int) -> JSONValue {
    let namespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/"
    let sites = (0..<networks).map { index in
      "<VirtualNetworkSite name=\"net-\(index)\" Location=\"West Europe\"><AddressSpace><AddressPrefix>10.\(index).0.0/16"
        + "</AddressPrefix></AddressSpace><Subnets><Subnet name=\"apps\"><AddressPrefix>10.\(index).1.0/24</AddressPrefix>"
        + "</Subnet></Subnets></VirtualNetworkSite>"
    }
    let netcfg =
      "<NetworkConfiguration xmlns=\"http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration\">"
      + "<VirtualNetworkConfiguration><VirtualNetworkSites>\(sites.joined())</VirtualNetworkSites>"
      + "</VirtualNetworkConfiguration></NetworkConfiguration>"
    let list: [JSONValue] = (0..<services).map { index in
      let name = "svc-\(index)"
      let csdef =
        "<ServiceDefinition name=\"\(name)\" xmlns=\"\(namespace)ServiceDefinition\">"
        + "<WorkerRole name=\"Worker\" vmsize=\"Standard_A1_v2\"><Certificates><Certificate name=\"ssl\" "
        + "storeLocation=\"LocalMachine\" storeName=\"My\"/></Certificates></WorkerRole></ServiceDefinition>"
      let network =
        networks == 0
        ? ""
        : "<NetworkConfiguration><VirtualNetworkSite name=\"net-\(index % networks)\"/><AddressAssignments>"
          + "<InstanceAddress roleName=\"Worker\"><Subnets><Subnet name=\"apps\"/></Subnets></InstanceAddress>"
          + "</AddressAssignments></NetworkConfiguration>"
      let cscfg =
        "<ServiceConfiguration serviceName=\"\(name)\" xmlns=\"\(namespace)ServiceConfiguration\">"
        + "<Role name=\"Worker\"><Instances count=\"1\"/><Certificates><Certificate name=\"ssl\" "
        + "thumbprint=\"\(String(repeating: "A", count: 40))\" thumbprintAlgorithm=\"sha1\"/></Certificates></Role>"
        + network + "</ServiceConfiguration>"
      return [
        "name": .string(name), "region": "West Europe",
        "deployments": [
          "production": [
            "name": .string(name + "-prod"), "status": "Running", "csdef": ["inline": .string(csdef)],
            "cscfg": ["inline": .string(cscfg)],
          ]
        ],
      ]
    }
    guard networks > 0 else { return ["version": 1, "subscription": ["id": "sub-1"], "services": .array(list)] }
    return [
      "version": 1, "subscription": ["id": "sub-1"], "netcfg": ["inline": .string(netcfg)], "services": .array(list),
    ]
  }
}
