import Foundation
import Testing

@testable import EstateModel

/// Element counts for a handful of corpus files, checked against the files by hand.
@Suite struct CorpusCountTests {
  let loader: EstateLoader

  init() throws {
    loader = EstateLoader(root: try TestPaths.requireCorpus())
  }

  func definition(_ path: String) throws -> ServiceDefinition {
    let result = loader.parseArtifact(kind: .csdef, path: path, text: nil)
    guard case .serviceDefinition(let value)? = result.model else {
      Issue.record("no definition for \(path): \(result.problems)")
      throw CancellationError()
    }
    return value
  }

  @Test func multiRoleDefinitionWithInternalEndpoints() throws {
    let value = try definition("cloud-services/004-SysSurge--vera/ServiceDefinition.csdef")
    #expect(value.roles.map(\.name) == ["Www", "MultiThreadedWorkerRole"])
    #expect(value.roles.map(\.kind) == [.web, .worker])
    let endpoints = value.roles[0].endpoints
    #expect(endpoints.map(\.name) == ["HttpIn", "Endpoint1"])
    #expect(endpoints.map(\.kind) == [.input, .internal])
    #expect(endpoints.first?.port == 88)
  }

  @Test func instanceInputEndpointHasItsPortRange() throws {
    let value = try definition(
      "cloud-services/031-microsoftgraph--microsoft-graph-comms-samples-PolicyRecordingBot/ServiceDefinition.csdef")
    #expect(value.roles.count == 1)
    let instanceInputs = value.roles.flatMap(\.endpoints).filter { $0.kind == .instanceInput }
    #expect(value.roles.first?.endpoints.count == 3)
    #expect(instanceInputs.map(\.name) == ["InstanceCallControlEndpoint", "InstanceMediaControlEndpoint"])
    #expect(instanceInputs.allSatisfy { $0.portRange != nil })
  }

  @Test func loadBalancerProbeIsRead() throws {
    let value = try definition("cloud-services/030-MRCollective--AzureWebFarm/ServiceDefinition.csdef")
    #expect(value.header.loadBalancerProbes.count == 1)
    #expect(value.roles.count == 1)
  }

  @Test func configurationWithInternalLoadBalancer() throws {
    let path =
      "cloud-services/048-Azure-Samples--cloud-services-dotnet-internal-load-balancer/"
      + "ServiceConfiguration.Cloud.cscfg"
    let result = loader.parseArtifact(kind: .cscfg, path: path, text: nil)
    guard case .serviceConfiguration(let value)? = result.model else {
      Issue.record("no configuration: \(result.problems)")
      return
    }
    #expect(value.roles.count == 2)
    #expect(value.header.network?.loadBalancers.count == 1)
    #expect(value.header.network?.instanceAddresses.count == 2)
  }

  @Test func networkConfigurationWithGateways() throws {
    let result = loader.parseArtifact(kind: .netcfg, path: "netcfg/004-Azure--azure-powershell.netcfg", text: nil)
    guard case .asm(.networkConfiguration(let value))? = result.model else {
      Issue.record("no network configuration: \(result.problems)")
      return
    }
    #expect(value.virtualNetworks.map(\.name) == ["NewVNet1", "NewVNet2", "NewVNet3"])
    #expect(value.virtualNetworks.map(\.subnets.count) == [3, 2, 2])
    #expect(value.localNetworkSites.map(\.name) == ["LocalNet1"])
    #expect(value.virtualNetworks.allSatisfy { $0.gateway?.type == .vpn })
    #expect(value.virtualNetworks.first?.dnsServers.first?.address == "208.67.222.222")
  }

  @Test func asmDeploymentWithInstancesAndEmbeddedConfiguration() throws {
    let result = loader.parseASMExport(
      path: "asm/003-Azure--azure-xplat-cli--deployment-rdpexttest-webrole-workerrole-rdpext.xml")
    guard case .asm(.deployment(let value))? = result.model else {
      Issue.record("no deployment: \(result.problems)")
      return
    }
    #expect(value.status == .running)
    #expect(value.slot == .production)
    #expect(value.roles.map(\.name).sorted() == ["WCFServiceWebRole1", "WorkerRole1"])
    #expect(value.roles.map(\.instances.count) == [1, 1])
    #expect(value.configuration?.serviceName == "LegacyRDP")
    #expect(value.allRoleExtensions.count == 1)
  }

  @Test func asmReservedIPsAndVirtualNetworkSites() throws {
    let reserved = loader.parseASMExport(path: "asm/014-Azure--azure-xplat-cli--reservedips-list.xml")
    guard case .asm(.reservedIPs(let ips))? = reserved.model else {
      Issue.record("no reserved IPs: \(reserved.problems)")
      return
    }
    #expect(ips.map(\.name) == ["clitestrip", "MyReservedIP"])
    #expect(ips.map(\.inUse) == [false, true])
    let sites = loader.parseASMExport(path: "asm/021-Azure--azure-xplat-cli--virtualnetworksites-list.xml")
    guard case .asm(.networkConfiguration(let network))? = sites.model else {
      Issue.record("no sites: \(sites.problems)")
      return
    }
    #expect(network.virtualNetworks.first?.name == "\"my vnet name\"")
    #expect(network.virtualNetworks.first?.subnets.count == 1)
  }
}
