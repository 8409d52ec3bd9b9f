import Foundation
import Testing
import WorkerProtocol

/// A large estate stays usable: one collapsed view per cloud service, a table of contents, a bounded size.
///
/// The 10,000-deployment figure (time and size) is measured in `bench/domain`; this checks the structure on
/// 200 deployments and that the size per service keeps 10,000 well under 20 MB.
struct LargeEstateTests {
  static let ns = "http://schemas.microsoft.com/ServiceHosting/2008/10/"

  /// An estate of `count` one-role services in one virtual network, as bench/domain generates it.
  static func estate(services count: Int) -> JSONValue {
    let netcfg =
      "<NetworkConfiguration xmlns=\"http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration\">"
      + "<VirtualNetworkConfiguration><VirtualNetworkSites><VirtualNetworkSite name=\"bench-vnet\" "
      + "Location=\"West Europe\"><AddressSpace><AddressPrefix>10.0.0.0/8</AddressPrefix></AddressSpace><Subnets>"
      + "<Subnet name=\"apps\"><AddressPrefix>10.1.0.0/16</AddressPrefix></Subnet></Subnets></VirtualNetworkSite>"
      + "</VirtualNetworkSites></VirtualNetworkConfiguration></NetworkConfiguration>"
    let services: [JSONValue] = (0..<count).map { index in
      let name = "svc-\(index)"
      let csdef =
        "<ServiceDefinition name=\"\(name)\" xmlns=\"\(ns)ServiceDefinition\"><WorkerRole name=\"Role0000\" "
        + "vmsize=\"Standard_A1_v2\"><Endpoints><InputEndpoint name=\"In0\" protocol=\"tcp\" port=\"10000\"/>"
        + "</Endpoints></WorkerRole></ServiceDefinition>"
      let cscfg =
        "<ServiceConfiguration serviceName=\"\(name)\" xmlns=\"\(ns)ServiceConfiguration\"><Role name=\"Role0000\">"
        + "<Instances count=\"2\"/></Role><NetworkConfiguration><VirtualNetworkSite name=\"bench-vnet\"/>"
        + "<AddressAssignments><InstanceAddress roleName=\"Role0000\"><Subnets><Subnet name=\"apps\"/></Subnets>"
        + "</InstanceAddress></AddressAssignments></NetworkConfiguration></ServiceConfiguration>"
      return [
        "name": .string(name), "region": "West Europe",
        "deployments": [
          "production": [
            "name": .string("\(name)-prod"), "status": "Running", "csdef": ["inline": .string(csdef)],
            "cscfg": ["inline": .string(cscfg)],
          ]
        ],
      ]
    }
    return [
      "version": 1, "subscription": ["id": "bench"], "netcfg": ["inline": .string(netcfg)],
      "services": .array(services),
    ]
  }

  @Test func twoHundredServicesInOneNetworkAreCollapsedAndListed() async throws {
    let count = 200
    let result = try await ReportFixture().call(["estate": ["document": Self.estate(services: count)]])
    let html = try #require(result["html"]?.stringValue)
    #expect(result["targets"]?.intValue == 1)
    #expect(html.ranges(of: "<details class=\"service").count == count)
    #expect(html.ranges(of: "\" open>").count == 0, "every service starts collapsed")
    #expect(html.ranges(of: "<li><a href=\"#target-1-").count == count, "the contents list every service")
    #expect(html.contains("id=\"target-1-\(count)\""))
    #expect(html.ranges(of: "<svg ").count == 1)
    // Linear in services: 10,000 services at this size per service stay far under the 20 MB bar.
    let perService = html.utf8.count / count
    #expect(perService * 10_000 < 20_000_000, "\(perService) bytes per service")
  }
}
