import Foundation
import Testing
import WorkerProtocol

/// A large estate stays usable: one collapsed view per cloud service, a table of contents, a bounded size.
///
/// The 10,000-deployment figure (time and size) is measured in `bench/domain`; this checks the structure on
/// 300 deployments and that the size grows linearly, at a rate that keeps 10,000 under 20 MB.
struct LargeEstateTests {
  static let ns = "http://schemas.microsoft.com/ServiceHosting/2008/10/"

  /// An estate of `count` one-role services in one virtual network, as bench/domain generates it; `label` names
  /// the services in the estate document (their XML keeps `svc-N`), `svc-N` when absent.
  static func estate(services count: Int, label: ((Int) -> String)? = nil) -> JSONValue {
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
      let shown = label?(index) ?? name
      return [
        "name": .string(shown), "region": "West Europe",
        "deployments": [
          "production": [
            "name": .string("\(shown)-prod"), "status": "Running", "csdef": ["inline": .string(csdef)],
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

  /// The page of `count` services in one network.
  static func page(services count: Int) async throws -> String {
    let result = try await ReportFixture().call([
      "estate": ["document": Self.estate(services: count)], "generatedAt": "2026-12-03T00:00:00Z",
    ])
    #expect(result["targets"]?.intValue == 1)
    return try #require(result["html"]?.stringValue)
  }

  @Test func threeHundredServicesInOneNetworkAreCollapsedAndListed() async throws {
    let count = 300
    let html = try await Self.page(services: count)
    #expect(html.ranges(of: "<nav id=\"contents\">").count == 1, "one table of contents")
    #expect(html.ranges(of: "<details class=\"service").count == count, "one view per service")
    #expect(html.ranges(of: "\" open>").count == 0, "every view starts collapsed")
    // The contents link every view and name every service once; every view is a collapsed `details`.
    let entries = html.matches(of: /<li><a href="#target-1-(\d+)">svc-(\d+)<\/a>/)
    #expect(Set(entries.map { String($0.1) }) == Set((1...count).map(String.init)))
    #expect(Set(entries.map { String($0.2) }) == Set((0..<count).map(String.init)))
    #expect(entries.count == count)
    let views = html.matches(of: /<details class="service ready" id="target-1-(\d+)">/)
    #expect(Set(views.map { String($0.1) }) == Set((1...count).map(String.init)))
    #expect(html.ranges(of: "<svg ").count == 1)
    // Each service's ARM notes are in its own view (inline documents cannot be rewritten), not in one list of
    // 300 lines at the top of the target.
    let starts = html.ranges(of: "<details class=\"service").map(\.lowerBound)
    #expect(html.ranges(of: "<code>arm.cscfg-unavailable</code>").count == count)
    let firstView = try #require(starts.first)
    #expect(!html[..<firstView].contains("arm.cscfg-unavailable"))
    for (start, end) in zip(starts, starts.dropFirst() + [html.endIndex]) {
      #expect(html[start..<end].ranges(of: "<code>arm.cscfg-unavailable</code>").count == 1)
    }
  }

  /// Every service has a role named `Role0000`, so a finding about that role's endpoint names no one service by its
  /// role; its location (the service's own `.csdef`) does, and it is listed in that service's view, not in one
  /// table of 300 rows for the target as a whole.
  @Test func findingsInAServicesDefinitionAreListedInItsView() async throws {
    let count = 300
    let html = try await Self.page(services: count)
    let starts = html.ranges(of: "<details class=\"service").map(\.lowerBound)
    let firstView = try #require(starts.first)
    #expect(!html[..<firstView].contains("CS-SUP-ENDPOINT"))
    for (start, end) in zip(starts, starts.dropFirst() + [html.endIndex]) {
      #expect(html[start..<end].contains(/<p class="muted">Information: [^<]*CS-SUP-ENDPOINT/))
    }
  }

  /// The size bar without timing: the bytes each service adds stay the same from N to 2N services (no part of
  /// the page grows faster than the services), and at that rate 10,000 services stay under 20 MB.
  @Test func theSizeGrowsLinearlyWithTheServices() async throws {
    var sizes: [Int: Int] = [:]
    for count in [100, 200, 400] { sizes[count] = try await Self.page(services: count).utf8.count }
    let (small, middle, large) = (try #require(sizes[100]), try #require(sizes[200]), try #require(sizes[400]))
    let firstStep = Double(middle - small) / 100
    let secondStep = Double(large - middle) / 200
    #expect(firstStep > 500, "each service adds its view: \(firstStep) bytes")
    #expect(secondStep <= firstStep * 1.05, "bytes per service \(firstStep) from 100 to 200, \(secondStep) to 400")
    #expect(secondStep >= firstStep * 0.95)
    let fixed = Double(small) - 100 * firstStep
    #expect(fixed + 10_000 * secondStep < 20_000_000, "10,000 services would take \(fixed + 10_000 * secondStep)")
  }
}
