import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

@testable import Report

/// The page's structure: every target, finding and diagram; nothing fetched; every estate value escaped.
struct ReportStructureTests {
  let fixture = ReportFixture()
  let sample: JSONValue = ["path": "estate.json"]

  @Test func everyTargetFindingAndDiagramOfTheSampleEstateIsOnThePage() async throws {
    let html = try await fixture.html(["estate": sample, "reportFolder": "."])
    let estate = try fixture.estates.resolve(.path("estate.json"), field: "estate").load.estate
    let targets = MigrationTarget.all(in: estate)
    #expect(!targets.isEmpty)
    for (index, target) in targets.enumerated() {
      #expect(html.contains("<section class=\"target"))
      #expect(html.contains("id=\"target-\(index + 1)\""))
      #expect(html.contains("href=\"#target-\(index + 1)\""), "the table of contents links every target")
      let report = try fixture.validation(target, estate: .path("estate.json"))
      #expect(!report.validationMessages.isEmpty)
      for message in report.validationMessages {
        #expect(html.contains(ReportFixture.escaped(message.message)), "missing finding \(message.ruleId)")
        #expect(html.contains(ReportFixture.escaped(message.fix)))
        #expect(html.contains("<code>\(message.ruleId)</code>"))
      }
    }
    let networks = estate.virtualNetworks
    #expect(html.ranges(of: "<svg ").count == networks.count)
    for network in networks {
      for subnet in network.subnets { #expect(html.contains("Subnet \(subnet.name)")) }
    }
    // The sample's VPN gateway: removed before, recreated after, and the runbook marks the downtime.
    #expect(html.contains("REMOVE before Prepare"))
    #expect(html.contains("RECREATE after Commit"))
    #expect(html.contains("Gateway runbook"))
    #expect(html.contains("downtime starts"))
    #expect(html.contains("connectivity restored"))
    // The summary: verdict counts, the revision and the estate's digest.
    #expect(html.contains("<span class=\"count\">\(targets.count)</span> targets"))
    #expect(html.contains("rules revision 2021-02"))
    let digest = try #require(
      try fixture.estates.resolve(.path("estate.json"), field: "estate").load.sourceDigest)
    #expect(html.contains(digest))
    // The sample's protected settings and secrets never reach the page.
    #expect(!html.contains("do-not-leak-this"))
  }

  @Test func thePageFetchesNothingAndRunsNoScript() async throws {
    let html = try await fixture.html(["estate": sample])
    for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "href=\"http", "href=\"//"] {
      #expect(!html.lowercased().contains(forbidden), "\(forbidden) in the page")
    }
    // The only absolute URL is the SVG namespace, which names the vocabulary and is never fetched.
    let urls = html.ranges(of: "http").count
    let namespaces = html.ranges(of: "xmlns=\"http://www.w3.org/2000/svg\"").count
    #expect(urls == namespaces)
  }

  @Test func estateValuesAreEscaped() async throws {
    let hostile = #"<script>alert("x")</script>'"#
    let netcfg = """
      <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
        <VirtualNetworkConfiguration><VirtualNetworkSites>
          <VirtualNetworkSite name="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&apos;" Location="West Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
            <Subnets><Subnet name="front&quot;end&apos;"><AddressPrefix>10.0.1.0/24</AddressPrefix></Subnet></Subnets>
          </VirtualNetworkSite>
        </VirtualNetworkSites></VirtualNetworkConfiguration>
      </NetworkConfiguration>
      """
    let document: JSONValue = [
      "version": 1, "subscription": ["id": "s1", "name": "<b>sub</b>"], "netcfg": ["inline": .string(netcfg)],
    ]
    let html = try await fixture.html(["estate": ["document": document]])
    #expect(!html.contains("<script>"))
    #expect(!html.contains("<b>sub</b>"))
    #expect(!html.contains(#"front"end'"#))
    #expect(html.contains(ReportFixture.escaped(hostile)))
    #expect(html.contains("front&quot;end&#39;"))
    #expect(html.contains("&lt;b&gt;sub&lt;/b&gt;"))
  }

  /// Service and deployment names are escaped in the contents and in each service's view, whether the views are
  /// rendered by their templates (few services) or written by `ServiceViewWriter` (many).
  @Test(arguments: [3, ReportPlugin.templatedServicesUpTo + 1])
  func serviceNamesAreEscapedInTheirViews(count: Int) async throws {
    let hostile = #"<script>alert("x")</script>'"#
    let document = LargeEstateTests.estate(services: count) { "\(hostile)\($0)" }
    let html = try await fixture.html(["estate": ["document": document]])
    #expect(!html.contains("<script>"))
    #expect(html.ranges(of: "<details class=\"service").count == count)
    for index in [0, count - 1] {
      let name = ReportFixture.escaped("\(hostile)\(index)")
      #expect(html.contains("\">\(name)</a>"), "the contents name service \(index)")
      #expect(html.contains("</span> \(name) <span class=\"muted\">/ \(name)-prod (Production)"))
    }
  }

  @Test func findingsLinkToTheirFilesRelativeToTheReport() async throws {
    let atRoot = try await fixture.html(["estate": sample, "reportFolder": "."])
    #expect(atRoot.contains("<a href=\"./ServiceDefinition.csdef#L"))
    let nested = try await fixture.html(["estate": sample, "reportFolder": "out/reports"])
    #expect(nested.contains("<a href=\"../../ServiceDefinition.csdef#L"))
    let unlinked = try await fixture.html(["estate": sample])
    #expect(!unlinked.contains("<a href=\"./"))
    #expect(unlinked.contains("ServiceDefinition.csdef:"))
    let rows = FindingRows(linkPrefix: "./")
    #expect(rows.link(to: "/etc/passwd", line: 1) == nil)
    #expect(rows.link(to: "../outside.cscfg", line: 1) == nil)
    #expect(rows.link(to: "a b/c.cscfg", line: 3) == "./a%20b/c.cscfg#L3")
    #expect(rows.link(to: "estate.json#services[0].cscfg", line: 1) == nil, "inline documents have no file")
    #expect(FindingRows.prefix(forReportFolder: "../elsewhere") == nil)
  }

  @Test func findingMembersBeyondTheKnownOnesAreShown() {
    let message: JSONValue = [
      "category": "Error", "message": "m", "fix": "f", "ruleId": "R-1", "phase": "Prepare", "newMember": "shown",
      "location": ["file": "x.cscfg", "line": 4, "column": 1],
    ]
    let row = FindingRows(linkPrefix: nil).row(message).templateValues
    #expect(row["phase"] as? String == "Prepare")
    #expect(row["where"] as? String == "x.cscfg:4")
    let extra = row["extra"] as? [[String: String]]
    #expect(extra == [["key": "newMember", "value": "shown"]])
  }

  @Test func oneTargetReportsOnlyThatTarget() async throws {
    let result = try await fixture.call([
      "estate": sample, "target": ["virtualNetwork": "contoso-vnet"], "generatedAt": "2026-12-01T00:00:00Z",
    ])
    #expect(result["targets"]?.intValue == 1)
    let html = try #require(result["html"]?.stringValue)
    #expect(result["bytes"]?.intValue == html.utf8.count)
    #expect(html.contains("Migration readiness: Virtual network contoso-vnet"))
    #expect(html.contains("report made 2026-12-01T00:00:00Z"))
    await #expect(throws: PluginError.self) {
      try await fixture.call(["estate": sample, "target": ["virtualNetwork": "no-such-vnet"]])
    }
  }

  @Test func theLedgerStateAndHistoryAppearOnRequest() async throws {
    let resolved = try fixture.estates.resolve(.path("estate.json"), field: "estate")
    _ = try fixture.lifecycle.importEstate(resolved)
    _ = try fixture.lifecycle.validate(.virtualNetwork("contoso-vnet"))
    let without = try await fixture.html(["estate": sample])
    #expect(!without.contains("<h3>Lifecycle</h3>"))
    let html = try await fixture.html(["estate": sample, "lifecycle": true])
    #expect(html.contains("<h3>Lifecycle</h3>"))
    #expect(html.contains("State <strong>NotPrepared</strong>"))
    #expect(html.contains("<td>validate</td>"))
  }
}
