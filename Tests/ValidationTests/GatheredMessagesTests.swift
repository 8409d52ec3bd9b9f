import EstateModel
import Foundation
import PluginAPI
import Testing
import WorkerProtocol

@testable import MigrationEngine
@testable import Validation

/// The ARM findings gathered beside a parallel rule pass give the very report of gathering them first.
struct GatheredMessagesTests {
  static let csdefNamespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition"
  static let cscfgNamespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration"
  static let netcfgNamespace = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"

  /// An estate of `count` one-role services in one VNet, inline; every seventh has a name too long for its
  /// public IP and cloud service, so the ARM mapping has findings of its own.
  static func document(services count: Int) throws -> JSONValue {
    let netcfg =
      "<NetworkConfiguration xmlns=\"\(netcfgNamespace)\"><VirtualNetworkConfiguration><VirtualNetworkSites>"
      + "<VirtualNetworkSite name=\"big-vnet\" Location=\"West Europe\"><AddressSpace><AddressPrefix>10.0.0.0/8"
      + "</AddressPrefix></AddressSpace><Subnets><Subnet name=\"apps\"><AddressPrefix>10.1.0.0/16</AddressPrefix>"
      + "</Subnet></Subnets></VirtualNetworkSite></VirtualNetworkSites></VirtualNetworkConfiguration>"
      + "</NetworkConfiguration>"
    let services = (0..<count).map { index -> [String: Any] in
      let name = index % 7 == 3 ? "svc-\(index)-" + String(repeating: "long", count: 16) : "svc-\(index)"
      let size = index % 5 == 0 ? "Small" : "Standard_A1_v2"
      let csdef =
        "<ServiceDefinition name=\"\(name)\" xmlns=\"\(csdefNamespace)\"><WorkerRole name=\"Worker\" "
        + "vmsize=\"\(size)\"><Endpoints><InputEndpoint name=\"In\" protocol=\"tcp\" port=\"8080\"/></Endpoints>"
        + "</WorkerRole></ServiceDefinition>"
      let cscfg =
        "<ServiceConfiguration serviceName=\"\(name)\" xmlns=\"\(cscfgNamespace)\"><Role name=\"Worker\">"
        + "<Instances count=\"2\"/></Role><NetworkConfiguration><VirtualNetworkSite name=\"big-vnet\"/>"
        + "<AddressAssignments><InstanceAddress roleName=\"Worker\"><Subnets><Subnet name=\"apps\"/></Subnets>"
        + "</InstanceAddress></AddressAssignments></NetworkConfiguration></ServiceConfiguration>"
      return [
        "name": name, "region": "West Europe",
        "deployments": [
          "production": [
            "name": "\(name)-prod", "status": "Running", "csdef": ["inline": csdef], "cscfg": ["inline": cscfg],
          ]
        ],
      ]
    }
    let document: [String: Any] = [
      "version": 1, "subscription": ["id": "gathered"], "netcfg": ["inline": netcfg], "services": services,
    ]
    return try JSONParser.parse(Array(try JSONSerialization.data(withJSONObject: document)))
  }

  @Test(arguments: [ValidationPhase.prepare, .validate])
  func gatheringBesideTheRulesGivesTheSameReport(phase: ValidationPhase) throws {
    let store = EstateStore(root: Paths.packageRoot)
    let resolved = try store.resolve(.document(try Self.document(services: 300)), field: "estate")
    let planner = ARMPlanner(store: store)
    let target = MigrationTarget.virtualNetwork("big-vnet")
    let gather: @Sendable () -> [ValidationMessage] = {
      phase == .prepare
        ? ARMMappingFindings.messages(planner: planner, estate: resolved, target: target, revision: .defaultRevision)
        : []
    }
    func request() -> ValidationRequest {
      ValidationRequest(load: resolved.load, target: target, phase: phase)
    }
    // Gathered first, as an additional message list (the path before gathering existed).
    var given = request()
    given.additionalMessages = gather()
    let engine = ValidationEngine(rules: Catalogue.engine.rules, parallelFromRoles: 1)
    let reference = try engine.run(given)
    // Gathered beside a parallel pass.
    var gathered = request()
    gathered.gatheredMessages = gather
    let beside = try engine.run(gathered)
    // Gathered first because another pass holds the permit.
    #expect(engine.parallelPass.enter())
    let serial = try engine.run(gathered)
    engine.parallelPass.leave()
    // And below the parallel threshold.
    let small = try ValidationEngine(rules: Catalogue.engine.rules, parallelFromRoles: 1_000_000).run(gathered)

    #expect(reference.validationMessages.count > 300)
    let armMessages = reference.validationMessages.filter { $0.ruleId.hasPrefix("CS-ARM-") }.count
    #expect(phase == .prepare ? armMessages > 0 : armMessages == 0)
    #expect(beside == reference)
    #expect(serial == reference)
    #expect(small == reference)
  }
}
