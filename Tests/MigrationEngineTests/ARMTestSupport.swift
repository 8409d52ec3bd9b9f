import EstateModel
import Foundation
import MigrationEngine
import PluginAPI

/// Lets one checker process run at a time: several Python validators at once on a busy machine starve the
/// suites that wait on wall-clock deadlines.
actor ProcessGate {
  static let shared = ProcessGate()
  private var busy = false
  private var waiting: [CheckedContinuation<Void, Never>] = []

  /// Waits for the gate.
  func enter() async {
    guard busy else {
      busy = true
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  /// Opens the gate for the next waiter.
  func leave() {
    if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
  }
}

/// Helpers shared by the ARM tests.
enum ARMTestSupport {
  static let sharedRoot = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
  static let schemaDirectory = sharedRoot.appendingPathComponent("schemas")

  /// Pretty, sorted, stable JSON text.
  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }

  /// Loads the sample estate (paths under the package root).
  static func sampleEstate() -> EstateLoadResult {
    EstateLoader(root: packageRoot).load(documentAt: "examples/sample-estate/estate.json")
  }

  /// A planner reading artifacts under the package root.
  static let planner = ARMPlanner(files: RootedFileReader(root: packageRoot))

  /// A mapper for inline estates: the `.cscfg`/`.csdef` texts come from the test.
  static func mapper(cscfg: String?, csdef: String?, steps: [ARMMappingStep] = []) -> ARMMapper {
    ARMMapper(steps: steps) { file in
      if file.hasSuffix("cscfg") { return cscfg }
      if file.hasSuffix("csdef") { return csdef }
      return nil
    }
  }

  /// Loads an estate document given as text; `cscfg`/`csdef` are inlined into one production deployment.
  static func inlineEstate(
    service: String = "svc", region: String? = "West Europe", csdef: String, cscfg: String, netcfg: String? = nil,
    extra: String = ""
  ) throws -> Estate {
    func quoted(_ text: String) throws -> String { String(decoding: try JSONEncoder().encode(text), as: UTF8.self) }
    let regionMember = try region.map { #""region": \#(try quoted($0)), "# } ?? ""
    let netcfgMember = try netcfg.map { #""netcfg": {"inline": \#(try quoted($0))}, "# } ?? ""
    let document = """
      {"version": 1, "subscription": {"id": "11111111-2222-4333-8444-555555555555"}, \(netcfgMember)\(extra)
       "services": [{"name": \(try quoted(service)), \(regionMember)"deployments": {"production": {
         "name": "d1", "csdef": {"inline": \(try quoted(csdef))}, "cscfg": {"inline": \(try quoted(cscfg))}}}}]}
      """
    let load = EstateLoader(root: packageRoot).load(documentText: document, baseDirectory: nil)
    guard load.succeeded else { throw TestFailure(load.problems.map(\.description).joined(separator: "\n")) }
    return load.estate
  }

  struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  /// A csdef with the given roles (`name:vmsize:kind`) and optional extra XML inside each role.
  static func csdef(service: String = "svc", roles: [(String, String?)], roleBody: String = "") -> String {
    let body = roles.map { name, size in
      let sizeAttribute = size.map { " vmsize=\"\($0)\"" } ?? ""
      return """
          <WebRole name="\(name)"\(sizeAttribute)>
            <Endpoints><InputEndpoint name="Http" protocol="http" port="80" /></Endpoints>\(roleBody)
          </WebRole>
        """
    }.joined(separator: "\n")
    return """
      <?xml version="1.0" encoding="utf-8"?>
      <ServiceDefinition name="\(service)" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition">
      \(body)
      </ServiceDefinition>
      """
  }

  /// A cscfg with the given roles and a NetworkConfiguration body (none when nil).
  static func cscfg(service: String = "svc", roles: [String], roleBody: String = "", network: String?) -> String {
    let body = roles.map { "  <Role name=\"\($0)\">\n    <Instances count=\"2\" />\(roleBody)\n  </Role>" }
      .joined(separator: "\n")
    let networkXML = network.map { "\n  <NetworkConfiguration>\n\($0)\n  </NetworkConfiguration>" } ?? ""
    return """
      <?xml version="1.0" encoding="utf-8"?>
      <ServiceConfiguration serviceName="\(service)" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration" osFamily="6" osVersion="*">
      \(body)\(networkXML)
      </ServiceConfiguration>
      """
  }

  /// A netcfg with one VNet and two subnets.
  static func netcfg(vnet: String) -> String { netcfg(vnet: vnet, site: nil) }

  /// A netcfg with one VNet and two subnets; with `site`, also a GatewaySubnet and a VPN gateway connected to that
  /// local network site.
  static func netcfg(vnet: String, site: String?) -> String {
    let localSites =
      site.map {
        """
        <LocalNetworkSites><LocalNetworkSite name="\($0)">
          <AddressSpace><AddressPrefix>192.168.0.0/16</AddressPrefix></AddressSpace>
          <VPNGatewayAddress>203.0.113.10</VPNGatewayAddress>
        </LocalNetworkSite></LocalNetworkSites>
        """
      } ?? ""
    let gatewaySubnet =
      site == nil ? "" : "<Subnet name=\"GatewaySubnet\"><AddressPrefix>10.1.255.0/27</AddressPrefix></Subnet>"
    let gateway =
      site.map {
        "<Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name=\"\($0)\"><Connection type=\"IPsec\" />"
          + "</LocalNetworkSiteRef></ConnectionsToLocalNetwork></Gateway>"
      } ?? ""
    return """
      <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
        <VirtualNetworkConfiguration>
          \(localSites)
          <VirtualNetworkSites>
            <VirtualNetworkSite name="\(vnet)" Location="West Europe">
              <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
              <Subnets>
                <Subnet name="Front"><AddressPrefix>10.1.1.0/24</AddressPrefix></Subnet>
                <Subnet name="Back"><AddressPrefix>10.1.2.0/24</AddressPrefix></Subnet>
                \(gatewaySubnet)
              </Subnets>
              \(gateway)
            </VirtualNetworkSite>
          </VirtualNetworkSites>
        </VirtualNetworkConfiguration>
      </NetworkConfiguration>
      """
  }

  /// Validates templates with `Tests/Scripts/check_arm_template.py`; returns errors per template index.
  static func schemaErrors(_ templates: [ARMValue]) async throws -> [Int: [String]] {
    try await ensureJSONSchema()
    return try await checkerErrors(script: "check_arm_template.py", leading: [schemaDirectory.path], templates) {
      let decoded = try JSONDecoder().decode(SchemaReport.self, from: Data($0.utf8))
      for waiver in decoded.waivers { print("schema waiver: \(waiver)") }
      return decoded.files
    }
  }

  /// Writes documents to a temporary directory, runs `Tests/Scripts/<script>` on them and maps its
  /// `{path: [error]}` report (read by `report`) back to document indices; documents missing from it fail.
  static func checkerErrors(
    script: String, leading: [String] = [], _ documents: [ARMValue],
    report: (String) throws -> [String: [String]] = {
      try JSONDecoder().decode([String: [String]].self, from: Data($0.utf8))
    }
  ) async throws -> [Int: [String]] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-arm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var paths: [String] = []
    for (index, document) in documents.enumerated() {
      let url = directory.appendingPathComponent("d\(index).json")
      try Data(try json(document).utf8).write(to: url)
      paths.append(url.path)
    }
    let path = packageRoot.appendingPathComponent("Tests/Scripts/\(script)").path
    let byPath = try report(try await run(["python3", path] + leading + paths))
    var errors: [Int: [String]] = [:]
    for (index, path) in paths.enumerated() where !(byPath[path] ?? ["missing from report"]).isEmpty {
      errors[index] = byPath[path] ?? ["missing from report"]
    }
    return errors
  }

  /// What the earlier stages of a bundle make: the prerequisite template's resources and each imported secret
  /// (a certificate import makes the secret of the same name), as the semantic checker's `existing` list.
  static func existing(_ bundle: ARMTemplateBundle) -> [ARMValue] {
    var items: [ARMValue] = []
    func walk(_ template: ARMValue?, group: String?) {
      for resource in template?["resources"]?.arrayValue ?? [] {
        if let type = resource["type"]?.stringValue, let name = resource["name"]?.stringValue, let group,
          !type.hasPrefix("Microsoft.Resources/")
        {
          items.append(["type": .string(type), "resourceGroup": .string(group), "name": .string(name)])
        }
        walk(resource[path: ["properties", "template"]], group: resource["resourceGroup"]?.stringValue ?? group)
      }
    }
    walk(bundle.prerequisites, group: nil)
    for item in bundle.imports ?? [] {
      items.append([
        "type": "Microsoft.KeyVault/vaults/secrets", "resourceGroup": .string(item.resourceGroup),
        "name": .string(item.vault + "/" + item.name),
      ])
    }
    return items
  }

  /// Runs `Tests/Scripts/check_arm_semantics.py` on `{template, parameters, existing}` documents; errors by index.
  static func semanticErrors(_ documents: [ARMValue]) async throws -> [Int: [String]] {
    try await checkerErrors(script: "check_arm_semantics.py", documents)
  }

  /// The semantic checker's documents for a bundle: the main template and, when present, the prerequisites.
  static func semanticDocuments(_ bundle: ARMTemplateBundle, existing extra: [ARMValue] = []) -> [ARMValue] {
    var documents: [ARMValue] = [
      ["template": bundle.template, "parameters": bundle.parameters, "existing": .array(existing(bundle) + extra)]
    ]
    if let prerequisites = bundle.prerequisites {
      documents.append(["template": prerequisites, "parameters": [:], "existing": []])
    }
    return documents
  }

  /// The schema checker's documents for a bundle: main template, parameters file and prerequisites.
  static func schemaDocuments(_ bundle: ARMTemplateBundle) -> [ARMValue] {
    [bundle.template, bundle.parameters] + (bundle.prerequisites.map { [$0] } ?? [])
  }

  struct SchemaReport: Decodable {
    var waivers: [String]
    var files: [String: [String]]
  }

  /// Installs Python's `jsonschema` from PyPI when it is missing.
  static func ensureJSONSchema() async throws {
    if (try? await run(["python3", "-c", "import jsonschema, referencing"], checked: true)) != nil { return }
    _ = try await run(["python3", "-m", "pip", "install", "--quiet", "--user", "jsonschema"], checked: true)
  }

  /// Runs a command, returning stdout. It waits without holding a thread: the checkers run for seconds, and a
  /// blocked cooperative thread would stall the suites running beside them.
  @discardableResult
  static func run(_ arguments: [String], checked: Bool = false) async throws -> String {
    await ProcessGate.shared.enter()
    defer { Task { await ProcessGate.shared.leave() } }
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-run-\(UUID().uuidString)")
    guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
      throw TestFailure("cannot create \(output.path)")
    }
    defer { try? FileManager.default.removeItem(at: output) }
    let handle = try FileHandle(forWritingTo: output)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardOutput = handle
    process.standardError = FileHandle.nullDevice
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
      do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    try handle.close()
    if checked && status != 0 { throw TestFailure("\(arguments) failed") }
    return String(decoding: try Data(contentsOf: output), as: UTF8.self)
  }
}
