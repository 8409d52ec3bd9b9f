import Foundation
import Testing

@testable import EstateModel

/// Inputs built to trap, recurse or go quadratic: each is answered with a finding (or a model) and never a crash.
/// They assert outcomes only; a return to quadratic work would show as a suite that takes minutes.
@Suite struct HostileInputTests {
  static let csdefNamespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition"
  static let cscfgNamespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration"

  /// A loader whose limits are the defaults changed by `adjust`.
  static func loader(_ adjust: (inout EstateLimits) -> Void = { _ in }) -> EstateLoader {
    var limits = EstateLimits.default
    adjust(&limits)
    return EstateLoader(root: URL(fileURLWithPath: NSTemporaryDirectory()), limits: limits)
  }

  static func cscfg(roles: Int, instances: (Int) -> String = { _ in "1" }) -> String {
    var text = #"<ServiceConfiguration serviceName="s" xmlns="\#(cscfgNamespace)">"#
    for index in 0..<roles {
      text += #"<Role name="r\#(index)"><Instances count="\#(instances(index))"/></Role>"#
    }
    return text + "</ServiceConfiguration>"
  }

  static func csdef(roles: Int) -> String {
    var text = #"<ServiceDefinition name="s" xmlns="\#(csdefNamespace)">"#
    for index in 0..<roles { text += #"<WorkerRole name="r\#(index)"/>"# }
    return text + "</ServiceDefinition>"
  }

  /// An estate document of one service whose deployment holds the two inline files.
  static func document(csdef: String, cscfg: String) throws -> String {
    let csdefReference = try String(decoding: JSONEncoder().encode(["inline": csdef]), as: UTF8.self)
    let cscfgReference = try String(decoding: JSONEncoder().encode(["inline": cscfg]), as: UTF8.self)
    return #"{"version": 1, "services": [{"name": "s", "deployments": {"production": {"name": "p", "#
      + #""csdef": \#(csdefReference), "cscfg": \#(cscfgReference)}}}]}"#
  }

  // MARK: - Arithmetic

  @Test func hugeInstanceCountsAreRefusedWhileReading() throws {
    let text = Self.cscfg(roles: 3) { ["9223372036854775807", "-5", "100001"][$0] }
    let result = Self.loader().parseArtifact(kind: .cscfg, path: nil, text: text)
    let problems = result.problems.filter { $0.code == "cscfg.instances-out-of-range" }
    #expect(problems.count == 3, "\(result.problems)")
    #expect(problems.allSatisfy { $0.severity == .error })
    guard case .serviceConfiguration(let configuration)? = result.model else {
      Issue.record("no model: \(result.problems)")
      return
    }
    #expect(configuration.roles.map(\.instanceCount) == [nil, nil, nil])
  }

  @Test func instanceCountsAtTheLimitAreSummedWithoutOverflow() throws {
    let loader = Self.loader { $0.maxInstances = .max }
    let text = try Self.document(
      csdef: Self.csdef(roles: 3), cscfg: Self.cscfg(roles: 3) { _ in "9223372036854775807" })
    let result = loader.load(documentText: text, baseDirectory: nil)
    #expect(result.problems.filter { $0.severity == .error }.isEmpty, "\(result.problems)")
    let summary = EstateSummary(result.estate)
    #expect(summary.roles == 3)
    #expect(summary.instances == .max)
  }

  @Test func saturatingArithmeticStopsAtTheBounds() {
    #expect(Int.max.saturatingAdding(1) == .max)
    #expect(Int.min.saturatingAdding(-1) == .min)
    #expect(Int.min.saturatingSubtracting(1) == .min)
    #expect(0.saturatingSubtracting(.min) == .max)
    #expect(Int.max.saturatingMultiplying(2) == .max)
    #expect(Int.max.saturatingMultiplying(-2) == .min)
    #expect(Int.min.saturatingMultiplying(-1) == .max)
    #expect(6.saturatingMultiplying(7) == 42)
    #expect([Int.max, 1, 1].saturatingSum { $0 } == .max)
    #expect([3, 4].saturatingSum { $0 } == 7)
  }

  // MARK: - Limits checked while reading

  @Test func anElementWithTooManyAttributesIsRefused() throws {
    let attributes = (0..<100_000).map { #"a\#($0)="v""# }.joined(separator: " ")
    let text =
      #"<ServiceConfiguration serviceName="s" xmlns="\#(Self.cscfgNamespace)">"#
      + "\n<Role name=\"r\" \(attributes)/></ServiceConfiguration>"
    let result = Self.loader().parseArtifact(kind: .cscfg, path: nil, text: text)
    #expect(result.model == nil)
    let problem = try #require(result.problems.first { $0.code == "xml.limit-exceeded" }, "\(result.problems)")
    #expect(problem.severity == .error)
    #expect(problem.line == 2)
    #expect(problem.message.contains("more than 256 attributes"))
  }

  @Test func manyAttributesUnderARaisedLimitAreReadByHash() throws {
    let count = 20_000
    let attributes = (0..<count).map { #"a\#($0)="v\#($0)""# }.joined(separator: " ")
    let outcome = XMLDocumentReader.read(
      Data("<r \(attributes)/>".utf8), file: "f",
      limits: {
        var limits = EstateLimits.default
        limits.maxXMLAttributes = count
        return limits
      }())
    let root = try #require(outcome.root, "\(outcome.problems)")
    #expect(root.attributes.count == count)
    #expect(root.attributes["a0"] == "v0")
    #expect(root.attributes["a\(count - 1)"] == "v\(count - 1)")
    #expect(root.attributes["a\(count)"] == nil)
    #expect(root.attributes == root.attributes)
  }

  @Test func deepNestingIsRefusedWhileReading() throws {
    let depth = 100_000
    let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
    let outcome = XMLDocumentReader.read(Data(text.utf8), file: "deep.xml")
    #expect(outcome.root == nil)
    let problem = try #require(outcome.problems.first, "no problem")
    #expect(problem.code == "xml.limit-exceeded")
    #expect(problem.message.contains("nested more than 128 deep"))
    #expect(problem.file == "deep.xml")
  }

  /// JSON trees are bounded while parsing too: an estate document and a fragment 100,000 levels deep are refused
  /// with an error (the worker's parser stops at 256 levels, Foundation's at 512) instead of overflowing the stack.
  @Test func deepJSONIsRefusedWhileParsing() throws {
    let depth = 100_000
    let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    let result = Self.loader().load(documentText: #"{"version": 1, "services": \#(nested)}"#, baseDirectory: nil)
    #expect(result.problems.map(\.code) == ["document.invalid"], "\(result.problems)")
    #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONFragment.self, from: Data(nested.utf8)) }
  }

  @Test func nestingAtTheLimitIsRead() throws {
    let depth = EstateLimits.default.maxXMLDepth
    let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
    let outcome = XMLDocumentReader.read(Data(text.utf8), file: "f")
    var node = try #require(outcome.root, "\(outcome.problems)")
    var levels = 1
    while let child = node.children.first {
      node = child
      levels += 1
    }
    #expect(levels == depth)
  }

  @Test func tooManyElementsAreRefusedWhileReading() throws {
    var limits = EstateLimits.default
    limits.maxXMLElements = 1_000
    let text = "<r>" + String(repeating: "<e/>", count: 5_000) + "</r>"
    let outcome = XMLDocumentReader.read(Data(text.utf8), file: "f", limits: limits)
    #expect(outcome.root == nil)
    #expect(outcome.problems.map(\.code) == ["xml.limit-exceeded"])
    #expect(outcome.problems.first?.message.contains("more than 1000 elements") == true)
  }

  @Test func tooManyRolesAreCutWithAnError() throws {
    let result = Self.loader().parseArtifact(kind: .cscfg, path: nil, text: Self.cscfg(roles: 60_001))
    let problem = try #require(result.problems.first { $0.code == "cscfg.too-many-roles" }, "\(result.problems)")
    #expect(problem.severity == .error)
    guard case .serviceConfiguration(let configuration)? = result.model else {
      Issue.record("no model")
      return
    }
    #expect(configuration.roles.count == EstateLimits.default.maxRoles)
    #expect(configuration.roles.last?.name == "r\(EstateLimits.default.maxRoles - 1)")
  }

  // MARK: - Linear work

  @Test func sixtyThousandRolesMergeInLinearTime() throws {
    let roles = 60_000
    let loader = Self.loader { $0.maxRoles = roles }
    let text = try Self.document(csdef: Self.csdef(roles: roles), cscfg: Self.cscfg(roles: roles))
    let result = loader.load(documentText: text, baseDirectory: nil)
    #expect(result.problems.filter { $0.severity == .error }.isEmpty, "\(result.problems.prefix(3))")
    let deployment = try #require(result.estate.cloudServices.first?.deployments.first)
    #expect(deployment.roles.count == roles)
    #expect(deployment.roles.allSatisfy { $0.definition != nil && $0.configuration != nil })
    #expect(EstateSummary(result.estate).instances == roles)
  }

  @Test func threeHundredThousandReservedIPsAreMergedByName() throws {
    let count = 300_000
    // The last thousand names come again with an address: the later entry replaces the earlier one in place.
    let entries =
      (0..<count).map { #"{"name":"ip-\#($0)"}"# }
      + ((count - 1_000)..<count).map { #"{"name":"ip-\#($0)","address":"10.0.0.1"}"# }
    let text = #"{"version": 1, "reservedIPs": [\#(entries.joined(separator: ","))]}"#
    let result = Self.loader().load(documentText: text, baseDirectory: nil)
    #expect(result.problems.filter { $0.severity == .error }.isEmpty, "\(result.problems.prefix(3))")
    #expect(result.estate.reservedIPs.count == count)
    #expect(result.estate.reservedIPs.first?.name == "ip-0")
    #expect(result.estate.reservedIPs.last?.name == "ip-\(count - 1)")
    #expect(result.estate.reservedIPs.last?.address == "10.0.0.1")
    #expect(result.estate.reservedIPs.filter { $0.address != nil }.count == 1_000)
  }

  /// Reserved IPs bind to their services by a lookup per IP, not a search of every service: 20,000 of each, named
  /// in another case, each bind to the production deployment of its own service (the first of two with one name).
  @Test func twentyThousandReservedIPsBindToTheirServices() throws {
    let count = 20_000
    let services =
      (0..<count).map { #"{"name":"svc-\#($0)","deployments":{"production":{"name":"d-\#($0)"}}}"# }
      + [#"{"name":"SVC-0","deployments":{"production":{"name":"twin"}}}"#]
    let reserved = (0..<count).map { #"{"name":"ip-\#($0)","serviceName":"SVC-\#($0)"}"# }
    let text =
      #"{"version": 1, "services": [\#(services.joined(separator: ","))], "reservedIPs": [\#(reserved.joined(separator: ","))]}"#
    let result = Self.loader().load(documentText: text, baseDirectory: nil)
    let bound = Dictionary(
      result.estate.cloudServices.compactMap { service in
        service.deployments.first.map { (service.name + "/" + ($0.name ?? ""), $0.reservedIPName) }
      }, uniquingKeysWith: { first, _ in first })
    #expect(bound.count == count + 1)
    #expect((0..<count).allSatisfy { bound["svc-\($0)/d-\($0)"] == "ip-\($0)" })
    #expect(bound["SVC-0/twin"] == .some(nil))
  }

  /// A tree far deeper than the reader allows (built directly) is freed without one stack frame per level: with a
  /// recursive teardown, 1,000,000 levels overflow the stack and crash the test process.
  @Test func aMillionLevelTreeIsFreedIteratively() {
    var node = XMLNode(name: "leaf", namespace: nil, attributes: [:], children: [], text: "", line: 1, column: 1)
    for level in 0..<1_000_000 {
      node = XMLNode(
        name: "e", namespace: nil, attributes: [:], children: [node], text: "", line: level, column: 1)
    }
    var depth = 0
    var cursor: XMLNode? = node
    while let current = cursor {
      depth += 1
      cursor = current.children.first
    }
    #expect(depth == 1_000_001)
    // A subtree still held elsewhere keeps its children when the tree around it goes.
    let kept = node.children[0].children[0]
    node = XMLNode(name: "new", namespace: nil, attributes: [:], children: [], text: "", line: 1, column: 1)
    #expect(kept.children.count == 1 && kept.children[0].children.count == 1)
  }

  // MARK: - Cancellation

  /// An estate document of `services` services named `s0`, `s1`…, each with one inline role.
  static func document(services: Int) throws -> String {
    let csdefReference = try String(decoding: JSONEncoder().encode(["inline": csdef(roles: 1)]), as: UTF8.self)
    let cscfgReference = try String(decoding: JSONEncoder().encode(["inline": cscfg(roles: 1)]), as: UTF8.self)
    let entries = (0..<services).map { index in
      #"{"name": "s\#(index)", "deployments": {"production": {"name": "p", "#
        + #""csdef": \#(csdefReference), "cscfg": \#(cscfgReference)}}}"#
    }
    return #"{"version": 1, "services": [\#(entries.joined(separator: ","))]}"#
  }

  /// Loading in a cancelled task reads no service and is marked as stopped early, on the serial and on the
  /// parallel path.
  @Test(arguments: [3, 100])
  func aCancelledLoadReadsNoService(services: Int) async throws {
    let text = try Self.document(services: services)
    let loader = Self.loader()
    let whole = loader.load(documentText: text, baseDirectory: nil)
    #expect(!whole.stoppedEarly)
    #expect(whole.estate.cloudServices.count == services)
    #expect(whole.estate.cloudServices.allSatisfy { !$0.deployments.isEmpty })
    let cancelled = await Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return loader.load(documentText: text, baseDirectory: nil)
    }.value
    #expect(cancelled.stoppedEarly)
    #expect(cancelled.estate.cloudServices.allSatisfy { $0.deployments.isEmpty })
  }

  @Test func appendNewKeepsTheFirstOfEachName() {
    var list = ["a", "b"]
    EstateAssembler.appendNew(["b", "c", "c", "d", "a"], to: &list) { $0 }
    #expect(list == ["a", "b", "c", "d"])
  }
}
