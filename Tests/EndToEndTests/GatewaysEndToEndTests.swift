import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// `gateways/*` through the binary, plus the plugin's rules in `validation/run` and the secret check on every reply.
struct GatewaysEndToEndTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
  static let key = "E2E-Shared-Key-Do-Not-Leak-71bd"

  static var estate: String {
    let netcfg = """
      <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
        <VirtualNetworkConfiguration>
          <LocalNetworkSites>
            <LocalNetworkSite name="site1">
              <AddressSpace><AddressPrefix>192.168.0.0/16</AddressPrefix></AddressSpace>
              <VPNGatewayAddress>203.0.113.10</VPNGatewayAddress>
            </LocalNetworkSite>
          </LocalNetworkSites>
          <VirtualNetworkSites>
            <VirtualNetworkSite name="vnet1" Location="West Europe">
              <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
              <Subnets>
                <Subnet name="GatewaySubnet"><AddressPrefix>10.0.255.0/27</AddressPrefix></Subnet>
              </Subnets>
              <Gateway>
                <ConnectionsToLocalNetwork><LocalNetworkSiteRef name="site1" /></ConnectionsToLocalNetwork>
              </Gateway>
            </VirtualNetworkSite>
          </VirtualNetworkSites>
        </VirtualNetworkConfiguration>
      </NetworkConfiguration>
      """
    let inline = String(decoding: (try? JSONEncoder().encode(netcfg)) ?? Data(), as: UTF8.self)
    return """
      {"document":{"version":1,"netcfg":{"inline":\(inline)},"subscription":{"id":"sub-1"},\
      "gateways":[{"virtualNetwork":"vnet1","type":"VPN","connections":[{"target":"site1","state":"NotConnected",\
      "sharedKey":"\(key)"}]}]}}
      """
  }

  @Test func inventoryPlanRecreateAndRules() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--root", Self.root])
    defer { worker.terminate() }
    let estate = Self.estate
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"clientInfo":{"name":"e2e"}}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"gateways/inventory","params":{"estate":\#(estate)}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":3,"method":"gateways/plan","params":{"estate":\#(estate),"virtualNetwork":"vnet1"}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":4,"method":"gateways/recreate","params":{"estate":\#(estate),"virtualNetwork":"vnet1"}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":5,"method":"validation/run","params":{"estate":\#(estate),"target":{"virtualNetwork":"vnet1"}}}"#
    )
    worker.send(#"{"jsonrpc":"2.0","id":6,"method":"estate/load","params":{"estate":\#(estate)}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":7,"method":"gateways/plan","params":{"estate":\#(estate),"virtualNetwork":"nope"}}"#)
    let messages = await worker.waitForMessages(7)
    #expect(messages.count == 7)
    let lines = worker.allLines
    let inventory = try #require(lines.first { $0.contains("\"id\":2") })
    #expect(inventory.contains("\"sharedKeyKnown\":true") && inventory.contains("site1"))
    let plan = try #require(lines.first { $0.contains("\"id\":3") })
    #expect(plan.contains("\"id\":\"remove-gateway\"") && plan.contains("\"id\":\"reconnect:site1\""))
    let recreate = try #require(lines.first { $0.contains("\"id\":4") })
    #expect(recreate.contains("Microsoft.Network/virtualNetworkGateways") && recreate.contains("securestring"))
    let validation = try #require(lines.first { $0.contains("\"id\":5") })
    #expect(validation.contains("CS-UNSUP-VPN-GATEWAY"))
    let error = try #require(lines.first { $0.contains("\"id\":7") })
    #expect(error.contains("1002") && error.contains("virtualNetwork"))
    for line in lines { #expect(!line.contains(Self.key)) }
  }
}
