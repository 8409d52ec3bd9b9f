import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing

/// Extended-support schema limits become Error findings; mapping steps run and are checked too.
struct ARMLimitsTests {
  let target = MigrationTarget.deployment(service: "svc", slot: nil, deployment: nil)

  func plan(network: String, steps: [ARMMappingStep] = []) throws -> ARMPlan {
    let cscfg = ARMTestSupport.cscfg(roles: ["Web"], network: network)
    let csdef = ARMTestSupport.csdef(roles: [("Web", "Standard_D1_v2")])
    let estate = try ARMTestSupport.inlineEstate(
      csdef: csdef, cscfg: cscfg, netcfg: ARMTestSupport.netcfg(vnet: "vnet1"))
    return try ARMTestSupport.mapper(cscfg: cscfg, csdef: csdef, steps: steps)
      .plan(estate: estate, target: target, options: ARMPlanOptions())
  }

  let site = "    <VirtualNetworkSite name=\"vnet1\" />"

  func codes(_ plan: ARMPlan) -> [String] { plan.findings.filter { $0.severity == .error }.map(\.code) }

  /// A public VIP plus an internal load balancer is within limits; a private frontend sits on a subnet.
  @Test func publicAndInternalIsAllowed() throws {
    let plan = try plan(
      network: site + """

            <LoadBalancers><LoadBalancer name="ilb"><FrontendIPConfiguration type="private" subnet="Back" staticVirtualNetworkIPAddress="10.1.2.10" /></LoadBalancer></LoadBalancers>
        """)
    #expect(codes(plan).isEmpty)
    let configurations =
      plan.resources(ofType: "Microsoft.Compute/cloudServices").first?
      .properties[path: ["networkProfile", "loadBalancerConfigurations"]]?.arrayValue ?? []
    #expect(configurations.count == 2)
    let ilb = configurations.first { $0["name"] == "ilb" }
    let frontend = ilb?[path: ["properties", "frontendIpConfigurations"]]?.arrayValue?.first
    #expect(frontend?[path: ["properties", "privateIPAddress"]] == "10.1.2.10")
    #expect(
      frontend?[path: ["properties", "subnet", "id"]]?.stringValue?.hasSuffix("/virtualNetworks/vnet1/subnets/Back")
        == true)
  }

  /// A third load-balancer configuration (an extra VIP) is an Error finding, and the template is still produced.
  @Test func moreThanTwoConfigurations() throws {
    let plan = try plan(
      network: site + """

            <AddressAssignments><VirtualIPs><VirtualIP name="vip2"><Endpoints><Endpoint role="Web" name="Http" /></Endpoints></VirtualIP></VirtualIPs></AddressAssignments>
            <LoadBalancers><LoadBalancer name="ilb"><FrontendIPConfiguration type="private" subnet="Back" /></LoadBalancer></LoadBalancers>
        """)
    #expect(codes(plan) == ["arm.lb-configuration-limit"])
    #expect(ARMTemplateBuilder_bundleHasCloudService(plan))
  }

  /// An IPv6 VIP is an Error finding.
  @Test func ipv6FrontendIsRefused() throws {
    let plan = try plan(
      network: site + """

            <AddressAssignments><VirtualIPs><VirtualIP name="v6" ipVersion="IPv6"><Endpoints><Endpoint role="Web" name="Http" /></Endpoints></VirtualIP></VirtualIPs></AddressAssignments>
        """)
    #expect(codes(plan) == ["arm.ipv4-only"])
  }

  /// A step that adds a second frontend to a configuration is checked after it ran.
  @Test func stepsRunInOrderAndAreChecked() throws {
    let first = ARMMappingStep(id: "test.b", order: 10) { _, plan in
      guard let index = plan.index(ofType: "Microsoft.Compute/cloudServices", named: "svc") else { return }
      let path = ["networkProfile", "loadBalancerConfigurations"]
      var configurations = plan.resources[index].properties[path: path]?.arrayValue ?? []
      configurations[0].append(["name": "second", "properties": [:]], at: ["properties", "frontendIpConfigurations"])
      plan.resources[index].properties[path: path] = .array(configurations)
    }
    let second = ARMMappingStep(id: "test.a", order: 20) { context, plan in
      plan.findings.append(ARMFinding(.info, "test.ran-after", "services \(context.services)"))
    }
    let plan = try plan(network: site, steps: [second, first])
    #expect(codes(plan) == ["arm.frontend-count"])
    #expect(plan.findings.contains { $0.code == "test.ran-after" && $0.message == "services [\"svc\"]" })
  }

  func ARMTemplateBuilder_bundleHasCloudService(_ plan: ARMPlan) -> Bool {
    !plan.resources(ofType: "Microsoft.Compute/cloudServices").isEmpty
  }
}
