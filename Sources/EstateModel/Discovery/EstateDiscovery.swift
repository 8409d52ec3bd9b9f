import Foundation
import WorkerProtocol

/// Proposes an estate document from the files a team has: a Visual Studio cloud service project (`.ccproj`,
/// `ServiceDefinition.csdef`, `ServiceConfiguration.*.cscfg`), a `.netcfg` exported from the portal, ASM exports.
///
/// Definitions and configurations pair by service name, role names and folder; each service takes its `.Cloud`
/// configuration over `.Local` unless told otherwise; Get Deployment exports attach to the service they describe.
/// Every fact no file gives is written into the document with a value and listed as a ``DiscoveryAssumption``.
public struct EstateDiscovery: Sendable {
  /// The reader confined to the root.
  public let files: RootedFileReader

  /// Creates a discovery over a root.
  public init(files: RootedFileReader) {
    self.files = files
  }

  /// Discovers the estate in `path`: a folder, or a file whose folder is searched (a `.cscfg` also picks itself as
  /// the configuration).
  ///
  /// - Parameters:
  ///   - configuration: the configuration to use (`Cloud`, `Local`, ...), or nil for the default choice.
  ///   - documentDirectory: the folder, relative to the root, the document will be written to; its paths are made
  ///     relative to it. Nil makes them relative to the root (for an inline document).
  /// - Throws: ``DiscoveryError`` when the path cannot be used or holds nothing to propose.
  public func discover(_ path: String, configuration: String? = nil, documentDirectory: String? = nil)
    throws(DiscoveryError) -> DiscoveryResult
  {
    let resolved: (absolute: String, display: String)
    do {
      resolved = try files.resolve(path, field: "path")
    } catch {
      throw .input(error)
    }
    var folder = resolved
    var requested = configuration
    var isDirectory: ObjCBool = false
    _ = FileManager.default.fileExists(atPath: resolved.absolute, isDirectory: &isDirectory)
    if !isDirectory.boolValue {
      folder = (
        (resolved.absolute as NSString).deletingLastPathComponent,
        ServicePairing.folder(of: resolved.display).isEmpty ? "." : ServicePairing.folder(of: resolved.display)
      )
      if requested == nil, resolved.display.lowercased().hasSuffix(".cscfg") {
        requested = ServicePairing.configurationName(of: resolved.display)
      }
    }
    guard FileManager.default.isReadableFile(atPath: folder.absolute) else {
      throw .input(.unreadable(path: folder.display, field: "path"))
    }
    let scan = ArtifactScan(folder: folder.absolute, display: folder.display, files: files)
    guard !scan.isEmpty else { throw .nothingFound(folder: folder.display, skipped: scan.problems) }
    var services = ServicePairing.pair(scan)
    if let requested {
      let names = Set(
        services.flatMap(\.otherConfigurations).map { ServicePairing.configurationName(of: $0.path) })
      if !names.contains(where: { $0.equalsIgnoringCase(requested) }) {
        throw .unknownConfiguration(name: requested, available: names.sorted())
      }
    }
    var builder = DocumentBuilder(base: documentDirectory)
    builder.notes =
      scan.notes
      + scan.projects.map { path in
        let kind = path.lowercased().hasSuffix(".sln") ? "Visual Studio solution" : "cloud service project"
        return DiscoveryNote(file: path, "found the \(kind) \((path as NSString).lastPathComponent)")
      }
    for index in services.indices {
      if let note = ServicePairing.choose(&services[index], requested: requested) { builder.notes.append(note) }
    }
    builder.build(services: services, scan: scan)
    return DiscoveryResult(
      document: builder.document, assumptions: builder.assumptions, notes: builder.notes, problems: scan.problems,
      files: builder.named)
  }
}

/// A deployment an ASM export describes, with the export's path.
typealias LiveDeployment = (path: String, deployment: Deployment)

/// Writes the proposed document, recording what it assumes.
struct DocumentBuilder {
  /// The folder the document's paths are relative to (nil: the root).
  let base: String?
  var assumptions: [DiscoveryAssumption] = []
  var notes: [DiscoveryNote] = []
  /// Every file the document names, relative to the root.
  var named: [String] = []
  var document: JSONValue = .null

  init(base: String?) {
    self.base = base
  }

  /// A root-relative path as the document writes it.
  mutating func reference(_ path: String) -> JSONValue {
    named.append(path)
    return .string(Self.relative(path, to: base))
  }

  /// `path` relative to `base` (both relative to the root), with `..` where `base` is deeper.
  static func relative(_ path: String, to base: String?) -> String {
    guard let base, !base.isEmpty, base != "." else { return path }
    let from = base.split(separator: "/").filter { $0 != "." }
    let to = path.split(separator: "/")
    var common = 0
    while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
    let up = Array(repeating: "..", count: from.count - common)
    return (up + to[common...].map(String.init)).joined(separator: "/")
  }

  mutating func build(services candidates: [ServiceCandidate], scan: ArtifactScan) {
    var exports = scan.exports
    let hosted = Self.hostedDeployments(scan.exports)
    var services: [JSONValue] = []
    var used: Set<String> = []
    for candidate in candidates {
      guard used.insert(candidate.name).inserted else {
        let file = candidate.definition?.path ?? candidate.configuration?.path
        notes.append(DiscoveryNote(file: file, "a second service named '\(candidate.name)' is left out"))
        continue
      }
      let live = Self.takeDeployments(of: candidate, from: &exports)
      let described =
        live
        + (hosted[candidate.name.lowercased()] ?? []).filter { known in
          !live.contains { $0.deployment.slot == known.deployment.slot }
        }
      services.append(service(candidate, live: live, described: described, index: services.count))
    }
    var object = JSONObject()
    object["version"] = 1
    object["services"] = .array(services)
    if let network = scan.networks.first {
      object["netcfg"] = reference(network.path)
      for other in scan.networks.dropFirst() {
        notes.append(DiscoveryNote(file: other.path, "only one .netcfg is read; this one is left out"))
      }
    }
    if !exports.isEmpty { object["asmExports"] = .array(exports.map { reference($0.path) }) }
    let known = Self.networkNames(scan)
    for candidate in candidates {
      if let site = candidate.configuration?.model.header.network?.virtualNetworkSite, !known.contains(site) {
        notes.append(
          DiscoveryNote(
            file: candidate.configuration?.path,
            "service '\(candidate.name)' is in VNet '\(site)', which no file found defines; export the network "
              + "configuration (Get-AzureVNetConfig -ExportToFile network.netcfg) and put it next to the project"))
      }
    }
    for case .object(let service) in services where service["region"] == nil {
      let name = service["name"]?.stringValue ?? "?"
      assume(
        nil, "unknown",
        because: "no file gives the region of '\(name)'; validation warns and arm/template refuses until it is known",
        check: "Get-AzureService -ServiceName \(name): Location (or the portal), then add \"region\" to the service")
    }
    object["quotas"] = []
    assume(
      "quotas", [],
      because: "no file gives the subscription's ARM vCPU quota; with no entry csmigrate does not check it",
      check: "Get-AzVMUsage -Location <region>, then add {region, resource: \"cores\", limit, used}")
    assume(
      nil, "Registered",
      because: "migration needs the Microsoft.ClassicInfrastructureMigrate provider and the CloudServices feature "
        + "of Microsoft.Compute registered; no file records it",
      check: "Get-AzResourceProvider -ProviderNamespace Microsoft.ClassicInfrastructureMigrate and "
        + "Get-AzProviderFeature -FeatureName CloudServices -ProviderNamespace Microsoft.Compute: RegistrationState; "
        + "record both under subscription.registrations")
    object["assumptions"] = .array(assumptions.map(\.jsonValue))
    document = .object(object)
  }

  /// The names of the VNets the document's network files define (the first `.netcfg` and the ASM exports).
  static func networkNames(_ scan: ArtifactScan) -> Set<String> {
    var names = Set(scan.networks.first?.model.virtualNetworks.map(\.name) ?? [])
    for export in scan.exports {
      if case .networkConfiguration(let network) = export.export {
        names.formUnion(network.virtualNetworks.map(\.name))
      }
    }
    return names
  }

  /// Removes and returns the Get Deployment exports that describe `candidate` (by service URL, else role names).
  static func takeDeployments(of candidate: ServiceCandidate, from exports: inout [ArtifactScan.Export])
    -> [LiveDeployment]
  {
    var taken: [LiveDeployment] = []
    exports.removeAll { export in
      guard case .deployment(let deployment) = export.export else { return false }
      let name = EstateAssembler.serviceName(fromURL: deployment.url)
      let matches =
        name.map { $0.equalsIgnoringCase(candidate.name) }
        ?? (!candidate.roleNames.isEmpty && Set(deployment.roles.map(\.name)) == candidate.roleNames)
      guard matches, !taken.contains(where: { $0.deployment.slot == deployment.slot }) else { return false }
      taken.append((export.path, deployment))
      return true
    }
    return taken
  }

  /// A service entry: the project's files in Production (or in the slot ASM says), each slot ASM knows.
  ///
  /// `live` are the Get Deployment exports attached to it; `described` also holds the deployments a hosted-service
  /// export (listed in `asmExports`) gives, whose facts the loader merges, so nothing is assumed for them either.
  mutating func service(
    _ candidate: ServiceCandidate, live: [LiveDeployment], described: [LiveDeployment], index: Int
  ) -> JSONValue {
    let field = "services[\(index)]"
    let projectSlot: DeploymentSlot =
      described.contains { $0.deployment.slot == .production }
      ? .production : (described.first?.deployment.slot ?? .production)
    if described.isEmpty {
      assume(
        "\(field).deployments.production", "Production",
        because: "no file says which slot '\(candidate.name)' is deployed to",
        check: "Get-AzureDeployment -ServiceName \(candidate.name) -Slot Production (or the portal's Overview); "
          + "move the entry under \"staging\" if it runs there")
    }
    var deployments = JSONObject()
    for slot in DeploymentSlot.allCases {
      let export = live.first { $0.deployment.slot == slot }
      guard slot == projectSlot || export != nil else { continue }
      let key = slot.rawValue.lowercased()
      var entry = JSONObject()
      if slot == projectSlot {
        if let definition = candidate.definition { entry["csdef"] = reference(definition.path) }
        if let configuration = candidate.configuration { entry["cscfg"] = reference(configuration.path) }
      }
      if let export {
        entry["asmExport"] = reference(export.path)
      } else if let known = described.first(where: { $0.deployment.slot == slot }) {
        notes.append(
          DiscoveryNote(
            file: known.path,
            "service '\(candidate.name)': the \(slot.rawValue) deployment's facts come from this export"))
      } else {
        entry.merge(assumedFacts(of: candidate, at: "\(field).deployments.\(key)"))
      }
      deployments[key] = .object(entry)
    }
    var object = JSONObject()
    object["name"] = .string(candidate.name)
    object["deployments"] = .object(deployments)
    return .object(object)
  }

  /// The deployments hosted-service exports give, by lower-cased service name.
  static func hostedDeployments(_ exports: [ArtifactScan.Export]) -> [String: [LiveDeployment]] {
    var result: [String: [LiveDeployment]] = [:]
    for export in exports {
      guard case .cloudServices(let services) = export.export else { continue }
      for service in services {
        result[service.name.lowercased(), default: []] += service.deployments.map { (export.path, $0) }
      }
    }
    return result
  }

  /// What a deployment without an ASM export assumes: its status, its VNet when the `.cscfg` names none, and no
  /// platform extensions.
  mutating func assumedFacts(of candidate: ServiceCandidate, at field: String) -> JSONObject {
    var entry = JSONObject()
    let name = candidate.name
    entry["status"] = "Running"
    assume(
      "\(field).status", "Running", because: "no file gives the deployment's status",
      check: "Get-AzureDeployment -ServiceName \(name): Status (Suspended deployments migrate too, but read the rules)")
    if candidate.configuration?.model.header.network?.virtualNetworkSite == nil {
      let membership: JSONValue = ["kind": "default"]
      entry["virtualNetwork"] = membership
      assume(
        "\(field).virtualNetwork", membership,
        because:
          "the .cscfg names no VirtualNetworkSite; deployments made since late 2018 sit in a hidden default VNet",
        check: "Move-AzureService -Validate -ServiceName \(name) ... or Get-AzureDeployment: VirtualNetworkName; "
          + "write {\"kind\": \"none\"} for a deployment in no virtual network")
    }
    entry["extensions"] = []
    assume(
      "\(field).extensions", [],
      because: "extensions (RDP, Diagnostics, Antimalware) are set on the platform, not in the project's files",
      check: "Get-AzureServiceExtension -ServiceName \(name), or export Get Deployment (ASM) next to the project")
    return entry
  }

  mutating func assume(_ field: String?, _ value: JSONValue, because reason: String, check: String) {
    assumptions.append(DiscoveryAssumption(field: field, value: value, reason: reason, check: check))
  }
}

extension JSONObject {
  /// Adds (or replaces) every member of `other`.
  fileprivate mutating func merge(_ other: JSONObject) {
    for (key, value) in other { self[key] = value }
  }
}
