import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

/// Target matching through ``EstateTargetIndex`` gives exactly what the scan of every cloud service gave before it
/// (kept here as the reference): the same services, deployments, network and not-found errors, and the same
/// problems in the same order, on the example estates, on the corpus and on generated estates whose names differ in
/// case, repeat, use both slots, or are missing.
struct TargetIndexTests {
  @Test(arguments: ["examples/sample-estate/estate.json", "examples/solo-estate/estate.json"])
  func exampleEstates(path: String) throws {
    let load = EstateLoader(root: packageRoot).load(documentAt: path)
    #expect(!load.estate.cloudServices.isEmpty)
    try Self.expectSameAnswers(load)
  }

  /// Every service of the corpus's `.csdef`/`.cscfg` pairs in one estate: real names and network sites, several
  /// services of one name.
  @Test func corpusEstate() throws {
    let corpus = ARMCorpusTests()
    let folders = try FileManager.default.contentsOfDirectory(atPath: ARMCorpusTests.pairsRoot.path).sorted()
    var estate = Estate()
    var problems: [Problem] = []
    for folder in folders {
      guard let load = try corpus.load(folder) else { continue }
      estate.cloudServices += load.estate.cloudServices
      problems += load.problems
    }
    #expect(estate.cloudServices.count >= 30)
    // Names repeated in other cases, after the originals: the first spelling must still win.
    for service in estate.cloudServices.prefix(10) {
      var twin = service
      twin.name = service.name.uppercased()
      estate.cloudServices.append(twin)
    }
    #expect(Set(estate.cloudServices.map { $0.name.lowercased() }).count < estate.cloudServices.count)
    try Self.expectSameAnswers(EstateLoadResult(estate: estate, problems: problems))
  }

  @Test(arguments: 0..<12)
  func generatedEstates(seed: Int) throws {
    var generator = SeededGenerator(seed: UInt64(seed))
    let load = Self.generatedEstate(services: 10 + seed * 7, using: &generator)
    try Self.expectSameAnswers(load)
  }

  /// The estate's resolved index (kept in the store) answers like a fresh one, and the store hands the same index to
  /// every request by handle.
  @Test func theStoreKeepsOneIndexPerEstate() throws {
    let store = EstateStore(root: packageRoot)
    let first = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate")
    let again = try store.resolve(.handle(first.handle), field: "estate")
    #expect(first.targets === again.targets)
    for target in MigrationTarget.all(in: first.load.estate) {
      let indexed = try target.match(using: again.targetIndex)
      let reference = try ReferenceMatch.match(target, in: first.load.estate)
      #expect(Self.same(indexed, reference))
    }
  }

  // MARK: Comparing

  /// Every target the estate offers and many it does not (each name in other cases, both slots, deployment names,
  /// missing names), with and without empty services allowed: matches and problems as the reference gives them.
  static func expectSameAnswers(_ load: EstateLoadResult, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    throws
  {
    let estate = load.estate
    let index = EstateTargetIndex(estate)
    var asked = 0
    for target in targets(of: estate) {
      for allowingEmpty in [false, true] {
        asked += 1
        let indexed = Result { () throws(PluginError) in
          try target.match(using: index, allowingEmptyService: allowingEmpty)
        }
        let reference = Result { () throws(PluginError) in
          try ReferenceMatch.match(target, in: estate, allowingEmptyService: allowingEmpty)
        }
        switch (indexed, reference) {
        case (.success(let a), .success(let b)):
          #expect(same(a, b), "\(target), empty allowed: \(allowingEmpty)", sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
          #expect(
            ResponseError(mapping: a) == ResponseError(mapping: b), "\(target)", sourceLocation: sourceLocation)
        default:
          Issue.record("\(target), empty allowed: \(allowingEmpty): \(indexed) vs \(reference)")
        }
      }
      #expect(
        target.problems(in: load, using: index) == ReferenceMatch.problems(target, in: load), "\(target)",
        sourceLocation: sourceLocation)
      if asked < 100 {
        #expect(
          target.problems(in: load) == ReferenceMatch.problems(target, in: load), sourceLocation: sourceLocation)
      }
    }
    #expect(asked > 0, sourceLocation: sourceLocation)
    // The services a mapping step sees for a set of names: every service of those exact names, in estate order.
    let names = estate.cloudServices.map(\.name)
    for nameSet in [[], names, Array(names.prefix(3)), names.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)]
      + [names.map { $0.uppercased() }, ["no-such-service"]]
    {
      let wanted = Set(nameSet)
      let reference = estate.cloudServices.filter { wanted.contains($0.name) }
      #expect(index.services(exactlyNamedIn: wanted) == reference, sourceLocation: sourceLocation)
      var context = ARMMappingContext(
        estate: estate, target: .virtualNetwork("any"), options: ARMPlanOptions(), services: nameSet)
      #expect(context.servicesInScope == reference, sourceLocation: sourceLocation)
      context.targets = index
      #expect(context.servicesInScope == reference, sourceLocation: sourceLocation)
    }
  }

  static func same(_ a: TargetMatch, _ b: ReferenceMatch.Found) -> Bool {
    a.services == b.services && a.deployments == b.deployments && a.virtualNetwork == b.virtualNetwork
      && zip(a.deployments, b.deployments).allSatisfy { $0.service.name == $1.service.name }
  }

  /// The targets to ask about: the estate's own, each service and network name as written, upper- and lower-cased,
  /// by slot, by deployment name and missing.
  static func targets(of estate: Estate) -> [MigrationTarget] {
    var targets = MigrationTarget.all(in: estate)
    var networkNames = estate.virtualNetworks.map(\.name) + ["no-such-network"]
    for service in estate.cloudServices {
      for deployment in service.deployments {
        if case .named(let name) = MigrationTarget.membership(of: deployment) { networkNames.append(name) }
      }
    }
    for name in networkNames {
      targets += [name, name.uppercased(), name.lowercased()].map { .virtualNetwork($0) }
    }
    for service in estate.cloudServices + [CloudService(name: "no-such-service")] {
      for name in [service.name, service.name.uppercased(), service.name.lowercased()] {
        targets += [nil, "Production", "staging", "STAGING"].map {
          .deployment(service: name, slot: $0, deployment: nil)
        }
        let deploymentNames = service.deployments.compactMap(\.name) + ["no-such-deployment"]
        for deployment in deploymentNames {
          targets += [deployment, deployment.uppercased()].map {
            .deployment(service: name, slot: nil, deployment: $0)
          }
        }
      }
    }
    return targets
  }

  // MARK: Generated estates

  /// Services whose names repeat in other cases (non-ASCII ones too), with no deployment, one or both slots,
  /// deployments in networks named in any case, in none or in the hidden default, networks defined twice, and
  /// problems about deployments, networks and the whole estate.
  static func generatedEstate(services count: Int, using generator: inout SeededGenerator) -> EstateLoadResult {
    let serviceNames = ["alpha", "Alpha", "ALPHA", "beta", "Gamma", "délta", "DÉLTA", "svc-1", "SVC-1", "zeta"]
    let networkNames = ["vnet-a", "VNet-A", "vnet-b", "VNET-B", "Réseau", "RÉSEAU", "vnet-c"]
    var estate = Estate()
    for _ in 0..<count {
      let name = serviceNames.randomElement(using: &generator)! + (Bool.random(using: &generator) ? "" : "-x")
      var deployments: [Deployment] = []
      for slot in DeploymentSlot.allCases where Int.random(in: 0..<3, using: &generator) > 0 {
        let membership: VirtualNetworkMembership? =
          switch Int.random(in: 0..<5, using: &generator) {
          case 0: nil
          case 1: VirtualNetworkMembership.none
          case 2: .hiddenDefault
          default: .named(networkNames.randomElement(using: &generator)!)
          }
        let deploymentName = Bool.random(using: &generator) ? "\(name)-\(slot.rawValue)" : "D\(slot.rawValue)"
        deployments.append(Deployment(slot: slot, name: deploymentName, virtualNetwork: membership))
      }
      estate.cloudServices.append(CloudService(name: name, deployments: deployments))
    }
    for name in networkNames where Bool.random(using: &generator) {
      estate.virtualNetworks.append(VirtualNetwork(name: name))
    }
    var problems: [Problem] = [Problem(.warning, "doc.note", "About the whole estate.")]
    for service in estate.cloudServices {
      for deployment in service.deployments where Int.random(in: 0..<4, using: &generator) == 0 {
        var problem = Problem(.error, "xml.malformed", "Broken \(service.name) \(deployment.slot.rawValue).")
        problem.subject = .deployment(service: service.name, slot: deployment.slot)
        problems.append(problem)
      }
    }
    for name in networkNames.prefix(3) {
      var problem = Problem(.warning, "netcfg.note", "About \(name).")
      problem.subject = .virtualNetwork(name)
      problems.append(problem)
    }
    return EstateLoadResult(estate: estate, problems: problems)
  }
}

/// Target matching and target problems as they were before the index: a scan of every cloud service (and network)
/// per question. The reference the index is held to.
enum ReferenceMatch {
  /// What the scan found: ``TargetMatch``'s members.
  struct Found {
    var services: [CloudService]
    var deployments: [ScopedDeployment]
    var virtualNetwork: VirtualNetwork?
  }

  static func match(_ target: MigrationTarget, in estate: Estate, allowingEmptyService: Bool = false)
    throws(PluginError) -> Found
  {
    switch target {
    case .deployment(let serviceName, let slot, let deploymentName):
      guard let service = estate.cloudServices.first(where: { $0.name.equalsIgnoringCase(serviceName) }) else {
        throw PluginError(
          code: .notFound, message: "HostedService \(serviceName) was not found.",
          data: ["field": "target.service", "service": .string(serviceName)])
      }
      if allowingEmptyService && service.deployments.isEmpty {
        return Found(services: [service], deployments: [], virtualNetwork: nil)
      }
      let picked =
        if let deploymentName {
          service.deployments.first { $0.name.map { $0.equalsIgnoringCase(deploymentName) } ?? false }
        } else {
          service.deployments.first { $0.slot.rawValue.equalsIgnoringCase(slot ?? "Production") }
        }
      guard let deployment = picked else {
        throw PluginError(
          code: .notFound,
          message: "HostedService \(service.name) has no deployment \(deploymentName ?? slot ?? "Production").",
          data: [
            "field": .string(deploymentName == nil ? "target.slot" : "target.deployment"),
            "service": .string(service.name),
          ])
      }
      let network: VirtualNetwork? =
        if case .named(let name) = MigrationTarget.membership(of: deployment) {
          estate.virtualNetworks.first { $0.name.equalsIgnoringCase(name) }
        } else {
          nil
        }
      return Found(
        services: [service], deployments: [ScopedDeployment(service: service, deployment: deployment)],
        virtualNetwork: network)
    case .virtualNetwork(let name):
      var services: [CloudService] = []
      var deployments: [ScopedDeployment] = []
      for service in estate.cloudServices.sorted(by: { $0.name < $1.name }) {
        let inside = service.deployments.filter {
          if case .named(let network) = MigrationTarget.membership(of: $0) { return network.equalsIgnoringCase(name) }
          return false
        }
        guard !inside.isEmpty else { continue }
        services.append(service)
        deployments += inside.map { ScopedDeployment(service: service, deployment: $0) }
      }
      let network = estate.virtualNetworks.first { $0.name.equalsIgnoringCase(name) }
      guard network != nil || !deployments.isEmpty else {
        throw PluginError(
          code: .notFound, message: "Virtual Network \(name) was not found.",
          data: ["field": "target.virtualNetwork", "virtualNetwork": .string(name)])
      }
      return Found(services: services, deployments: deployments, virtualNetwork: network)
    }
  }

  static func problems(_ target: MigrationTarget, in load: EstateLoadResult) -> [Problem] {
    let match = try? match(target, in: load.estate, allowingEmptyService: true)
    return load.problems.filter { problem in
      switch (problem.subject, target) {
      case (nil, _):
        return true
      case (.deployment(let service, let slot)?, .deployment(let targetService, _, _)):
        guard service.equalsIgnoringCase(targetService) else { return false }
        guard let covered = match?.deployments, !covered.isEmpty else { return true }
        return covered.contains { $0.deployment.slot == slot }
      case (.deployment(let service, let slot)?, .virtualNetwork):
        if match?.deployments.contains(where: { $0.service.name == service && $0.deployment.slot == slot }) == true {
          return true
        }
        let deployment = load.estate.cloudServices.first { $0.name == service }?.deployments.first {
          $0.slot == slot
        }
        return deployment.map { $0.virtualNetwork == nil && $0.configuration == nil } ?? false
      case (.virtualNetwork(let name)?, .virtualNetwork(let targetName)):
        return name.equalsIgnoringCase(targetName)
      case (.virtualNetwork(let name)?, .deployment):
        return match?.virtualNetwork.map { $0.name.equalsIgnoringCase(name) } ?? false
      }
    }
  }
}
