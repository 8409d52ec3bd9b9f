import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Validation

/// A minimal, clean estate and the request around it, which each case then changes slightly.
struct Case: Sendable {
  var mutate: @Sendable (inout Estate) -> Void = { _ in }
  var target: MigrationTarget = .virtualNetwork("vnet1")
  var destination: MigrationDestination?
  var revision: RulesRevision = .preview2021
  var phase: ValidationPhase = .validate

  /// The base estate: service `contoso` (West Europe) with one production deployment in `vnet1/web`.
  static func baseEstate() -> Estate {
    var estate = Estate(subscription: Subscription(id: "sub", defaultRegion: "West Europe"))
    let endpoint = Endpoint(name: "http", kind: .input, protocol: "http", port: 80)
    let definition = RoleDefinition(name: "Web", kind: .web, vmSizeAttribute: "Standard_A1_v2", endpoints: [endpoint])
    let role = Role(
      name: "Web", definition: definition, configuration: RoleConfiguration(name: "Web", instanceCount: 2),
      subnets: ["web"])
    let deployment = Deployment(
      slot: .production, name: "contoso-prod", status: .running,
      definition: ServiceDefinitionHeader(name: "contoso"),
      configuration: ServiceConfigurationHeader(serviceName: "contoso"), roles: [role],
      virtualNetwork: .named("vnet1"))
    estate.cloudServices = [CloudService(name: "contoso", region: "West Europe", deployments: [deployment])]
    estate.virtualNetworks = [VirtualNetwork(name: "vnet1", region: "West Europe", subnets: [Subnet(name: "web")])]
    estate.quotas = [decode(#"{"region": "West Europe", "resource": "cores", "limit": 100, "used": 0}"#)]
    return estate
  }

  /// The engine's report for this case.
  func report(engine: ValidationEngine = Catalogue.engine) throws -> ValidationReport {
    var estate = Self.baseEstate()
    mutate(&estate)
    let load = EstateLoadResult(estate: estate, problems: [])
    return try engine.run(
      ValidationRequest(load: load, target: target, destination: destination, revision: revision, phase: phase))
  }

  /// The base case with `count` copies of its role (`Web0`, `Web1`...), each of the legacy size `Small`, so that
  /// the same findings repeat once per role.
  static func legacySizedRoles(_ count: Int) -> Case {
    var repeated = Case()
    repeated.mutate = { estate in
      estate.production { deployment in
        let role = deployment.roles[0]
        deployment.roles = (0..<count).map { index in
          var copy = role
          copy.name = "Web\(index)"
          copy.definition?.name = copy.name
          copy.definition?.vmSizeAttribute = "Small"
          copy.configuration?.name = copy.name
          return copy
        }
      }
    }
    return repeated
  }

  /// The ids of the rules that fired.
  func ruleIDs() throws -> Set<String> { Set(try report().validationMessages.map(\.ruleId)) }
}

/// The catalogue and an engine over it.
enum Catalogue {
  static let engine = ValidationEngine(plugins: [ValidationPlugin()])
}

/// Decodes a model value from JSON text (for types with no public initialiser).
func decode<T: Decodable>(_ text: String) -> T {
  do {
    return try JSONDecoder().decode(T.self, from: Data(text.utf8))
  } catch {
    fatalError("test fixture does not decode: \(error)")
  }
}

extension Estate {
  /// Changes the production deployment of the first service.
  mutating func production(_ change: (inout Deployment) -> Void) { change(&cloudServices[0].deployments[0]) }
  /// Changes the first role of the production deployment.
  mutating func webRole(_ change: (inout Role) -> Void) { change(&cloudServices[0].deployments[0].roles[0]) }
  /// Adds a staging deployment (a copy of production) in `vnet`.
  mutating func addStaging(vnet: String = "vnet1", reservedIP: String? = nil) {
    var staging = cloudServices[0].deployments[0]
    staging.slot = .staging
    staging.name = "contoso-staging"
    staging.virtualNetwork = .named(vnet)
    staging.reservedIPName = reservedIP
    cloudServices[0].deployments.append(staging)
  }
  /// Adds a tenant to `vnet1`.
  mutating func addTenant(_ kind: String) {
    virtualNetworks[0].tenants.append(decode(#"{"kind": "\#(kind)", "name": "t1"}"#))
  }
}

extension ValidationEngine {
  /// Convenience used by the fixture's default argument.
  static var catalogue: ValidationEngine { Catalogue.engine }
}
