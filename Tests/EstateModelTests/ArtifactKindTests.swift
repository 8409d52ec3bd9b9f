import Foundation
import Testing

@testable import EstateModel

/// `parseArtifact` with each ASM kind on a corpus sample, and a kind that does not match the file.
@Suite struct ArtifactKindTests {
  @Test(arguments: [
    (ArtifactKind.asmDeployment, "asm/005-Azure--azure-xplat-cli--deployment-azsmnet8752-suspended-webrole.xml"),
    (.asmHostedService, "asm/039-Azure--azure-sdk-for-python--hostedservice-embed-detail-workerrole.xml"),
    (.asmHostedServices, "asm/011-Azure--azure-xplat-cli--hostedservices-list-2015.xml"),
    (.asmReservedIPs, "asm/015-Azure--azure-xplat-cli--reservedip-get.xml"),
    (.asmNetworkConfig, "asm/018-Azure--azure-xplat-cli--netcfg-get-network-configuration.xml"),
    (.asmVNetSites, "asm/038-Azure--azure-sdk-for-ruby--virtualnetworksites-list-dns.xml"),
  ])
  func eachKindParsesItsSample(kind: ArtifactKind, path: String) throws {
    let loader = EstateLoader(root: try TestPaths.requireCorpus())
    let result = loader.parseArtifact(kind: kind, path: path, text: nil)
    #expect(result.model != nil)
    #expect(!result.problems.containsErrors, "\(result.problems)")
  }

  @Test func suspendedStatusIsRead() throws {
    let loader = EstateLoader(root: try TestPaths.requireCorpus())
    let result = loader.parseArtifact(
      kind: .asmDeployment, path: "asm/005-Azure--azure-xplat-cli--deployment-azsmnet8752-suspended-webrole.xml",
      text: nil)
    guard case .asm(.deployment(let deployment))? = result.model else {
      Issue.record("no deployment")
      return
    }
    #expect(deployment.status == .suspended)
  }

  @Test func wrongKindIsAnError() throws {
    let loader = EstateLoader(root: try TestPaths.requireCorpus())
    let result = loader.parseArtifact(
      kind: .asmReservedIPs, path: "asm/011-Azure--azure-xplat-cli--hostedservices-list-2015.xml", text: nil)
    #expect(result.model == nil)
    #expect(result.problems.map(\.code) == ["asm.wrong-root"])
    #expect(
      ArtifactKind.allCases.map(\.rawValue) == [
        "csdef", "cscfg", "netcfg", "asm-deployment", "asm-hosted-service", "asm-hosted-services", "asm-reserved-ips",
        "asm-network-config", "asm-vnet-sites",
      ])
  }
}
