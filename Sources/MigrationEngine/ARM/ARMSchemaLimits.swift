import EstateModel

/// The extended-support schema limits on `networkProfile` (bicep-types-az 2024-11-04 wording).
enum ARMSchemaLimits {
  static let maxConfigurations = 2
  static let configurationMessage =
    "Cloud service can have up to two load balancer configurations, corresponding to a Public Load Balancer and "
    + "an Internal Load Balancer."
  static let frontendMessage = "Each load balancer configuration must have exactly one frontend IP configuration."
  static let ipv4Message = "Only IPv4 frontend IP address is supported."

  /// Error findings for every cloud service breaking a limit.
  static func check(_ plan: ARMPlan) -> [ARMFinding] {
    var findings: [ARMFinding] = []
    // Positions, not copies: a plan of 10,000 cloud services has as many public IPs, and copying each resource
    // (then freeing it) was most of this check's time.
    let resources = plan.resources
    var publicIPs: [String: Int] = [:]
    for position in resources.indices where resources[position].isOfType(ARMType.publicIP) {
      let id = resources[position].id.lowercased()
      if publicIPs[id] == nil { publicIPs[id] = position }
    }
    for position in resources.indices where resources[position].isOfType(ARMType.cloudService) {
      let service = resources[position]
      let configurations =
        service.properties[path: ["networkProfile", "loadBalancerConfigurations"]]?.arrayValue ?? []
      if configurations.count > maxConfigurations {
        findings.append(
          ARMFinding(
            .error, "arm.lb-configuration-limit",
            configurationMessage + " \(service.name) would need \(configurations.count).", resource: service.id))
      }
      for configuration in configurations {
        let name = configuration["name"]?.stringValue ?? "?"
        let frontends = configuration[path: ["properties", "frontendIpConfigurations"]]?.arrayValue ?? []
        if frontends.count != 1 {
          findings.append(
            ARMFinding(
              .error, "arm.frontend-count",
              frontendMessage + " \(name) of \(service.name) has \(frontends.count).", resource: service.id))
        }
        for frontend in frontends {
          let privateAddress = frontend[path: ["properties", "privateIPAddress"]]?.stringValue
          let publicID = frontend[path: ["properties", "publicIPAddress", "id"]]?.stringValue
          let publicVersion = publicID.flatMap { publicIPs[$0.lowercased()] }.flatMap {
            resources[$0].properties["publicIPAddressVersion"]?.stringValue
          }
          if privateAddress?.contains(":") == true || publicVersion?.lowercased() == "ipv6" {
            findings.append(
              ARMFinding(
                .error, "arm.ipv4-only", ipv4Message + " \(name) of \(service.name) is IPv6.", resource: service.id))
          }
        }
      }
    }
    return findings
  }
}
