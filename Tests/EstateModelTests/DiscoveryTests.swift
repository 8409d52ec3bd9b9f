import Foundation
import Testing
import WorkerProtocol

@testable import EstateModel

/// Small project files for discovery tests.
enum DiscoveryFixture {
  static func csdef(_ name: String, roles: [String]) -> String {
    let body = roles.map { "  <WorkerRole name=\"\($0)\" vmsize=\"Standard_A1_v2\" />" }.joined(separator: "\n")
    return """
      <?xml version="1.0" encoding="utf-8"?>
      <ServiceDefinition name="\(name)" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition">
      \(body)
      </ServiceDefinition>
      """
  }

  static func cscfg(_ name: String, roles: [String], count: Int = 2, network: String = "") -> String {
    let body = roles.map { "  <Role name=\"\($0)\"><Instances count=\"\(count)\" /></Role>" }.joined(separator: "\n")
    return """
      <?xml version="1.0" encoding="utf-8"?>
      <ServiceConfiguration serviceName="\(name)" osFamily="7" osVersion="*" \
      xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration">
      \(body)
      \(network)
      </ServiceConfiguration>
      """
  }

  static let netcfg = """
    <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
      <VirtualNetworkConfiguration>
        <VirtualNetworkSites>
          <VirtualNetworkSite name="vnet1" Location="West Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
            <Subnets><Subnet name="FrontEnd"><AddressPrefix>10.0.0.0/24</AddressPrefix></Subnet></Subnets>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
      </VirtualNetworkConfiguration>
    </NetworkConfiguration>
    """

  static let inVNet1 = """
    <NetworkConfiguration><VirtualNetworkSite name="vnet1" /><AddressAssignments>\
    <InstanceAddress roleName="B1"><Subnets><Subnet name="FrontEnd" /></Subnets></InstanceAddress>\
    </AddressAssignments></NetworkConfiguration>
    """

  /// Writes `files` (path → text) under `root`, creating folders.
  static func write(_ files: [String: String], under root: URL) throws {
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
  }

  /// Copies a corpus file into `root` at `path`.
  static func copy(corpus file: String, to path: String, under root: URL) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: TestPaths.corpus.appendingPathComponent(file), to: url)
  }
}

@Suite struct DiscoveryTests {
  /// Every corpus project: the proposed document loads with exactly the problems of the hand-made one that names
  /// the same two files.
  @Test func everyCorpusPairLoadsLikeTheHandMadeDocument() throws {
    let corpus = try TestPaths.requireCorpus()
    let loader = EstateLoader(root: corpus)
    let discovery = EstateDiscovery(files: loader.files)
    let folders = try FileManager.default.contentsOfDirectory(
      atPath: corpus.appendingPathComponent("cloud-services").path
    )
    .filter { !$0.hasSuffix(".tsv") }.sorted()
    #expect(folders.count == 50)
    for folder in folders {
      let path = "cloud-services/\(folder)"
      let result = try discovery.discover(path)
      let services = result.document["services"]?.arrayValue ?? []
      try #require(services.count == 1, "\(folder): \(services.count) services")
      let name = try #require(services[0]["name"]?.stringValue)
      let production = try #require(services[0]["deployments"]?["production"], "\(folder): no production entry")
      let csdef = try #require(production["csdef"]?.stringValue)
      let cscfg = try #require(production["cscfg"]?.stringValue)
      let siblings = try FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(path).path)
      if siblings.contains("ServiceConfiguration.Cloud.cscfg") {
        #expect(cscfg.hasSuffix("/ServiceConfiguration.Cloud.cscfg"), "\(folder) chose \(cscfg)")
      }
      var handMade = JSONObject()
      handMade["services"] = [
        ["name": .string(name), "deployments": ["production": ["csdef": .string(csdef), "cscfg": .string(cscfg)]]]
      ]
      let expected = loader.load(documentText: JSONValue.object(handMade).jsonText, baseDirectory: nil)
      let actual = loader.load(documentText: result.document.jsonText, baseDirectory: nil)
      #expect(actual.problems == expected.problems, "\(folder)")
      #expect(
        actual.estate.cloudServices.first?.deployments.first?.roles.count
          == expected.estate.cloudServices.first?.deployments.first?.roles.count)
      #expect(result.problems.isEmpty, "\(folder): \(result.problems)")
    }
  }

  /// A folder holding two services, a netcfg and ASM exports: each file goes where it belongs.
  @Test func mixedFolder() throws {
    let root = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try DiscoveryFixture.write(
      [
        "shop/ServiceDefinition.csdef": DiscoveryFixture.csdef("prodgamediumvm", roles: ["WebRole1"]),
        "shop/ServiceConfiguration.Cloud.cscfg": DiscoveryFixture.cscfg("prodgamediumvm", roles: ["WebRole1"]),
        "shop/ServiceConfiguration.Local.cscfg": DiscoveryFixture.cscfg(
          "prodgamediumvm", roles: ["WebRole1"], count: 1),
        "jobs/Jobs.csdef": DiscoveryFixture.csdef("jobs", roles: ["B1"]),
        "jobs/Jobs.Production.cscfg": DiscoveryFixture.cscfg("jobs", roles: ["B1"], network: DiscoveryFixture.inVNet1),
        "network/portal.netcfg": DiscoveryFixture.netcfg,
        "worker/ServiceDefinition.csdef": DiscoveryFixture.csdef("utsvc75f61e6c", roles: ["WorkerRole1"]),
        "worker/ServiceConfiguration.Cloud.cscfg": DiscoveryFixture.cscfg("utsvc75f61e6c", roles: ["WorkerRole1"]),
        "jobs/bin/Release/ServiceDefinition.csdef": DiscoveryFixture.csdef("stale-build-copy", roles: ["B1"]),
        "shop/Web.config.xml": "<configuration><appSettings /></configuration>",
      ], under: root)
    try DiscoveryFixture.copy(
      corpus: "asm/004-Azure--azure-xplat-cli--deployment-prodgamediumvm-webrole-2inst.xml",
      to: "asm/deployment.xml", under: root)
    try DiscoveryFixture.copy(
      corpus: "asm/014-Azure--azure-xplat-cli--reservedips-list.xml", to: "asm/ips.xml", under: root)
    try DiscoveryFixture.copy(
      corpus: "asm/016-Azure--azure-xplat-cli--operation-status-succeeded.xml", to: "asm/op.xml", under: root)
    try DiscoveryFixture.copy(
      corpus: "asm/039-Azure--azure-sdk-for-python--hostedservice-embed-detail-workerrole.xml",
      to: "asm/hosted.xml", under: root)

    let loader = EstateLoader(root: root)
    let result = try EstateDiscovery(files: loader.files).discover(".")
    let document = result.document
    let services = document["services"]?.arrayValue ?? []
    #expect(services.compactMap { $0["name"]?.stringValue } == ["jobs", "prodgamediumvm", "utsvc75f61e6c"])
    let jobs = services[0]["deployments"]?["production"]
    #expect(jobs?["cscfg"] == "jobs/Jobs.Production.cscfg")
    #expect(jobs?["virtualNetwork"] == nil, "the .cscfg names vnet1, nothing to assume")
    #expect(jobs?["status"] == "Running")
    let shop = services[1]["deployments"]?["production"]
    #expect(shop?["cscfg"] == "shop/ServiceConfiguration.Cloud.cscfg")
    #expect(shop?["asmExport"] == "asm/deployment.xml", "the Get Deployment export names prodgamediumvm")
    #expect(shop?["status"] == nil, "ASM gives the status")
    #expect(document["netcfg"] == "network/portal.netcfg")
    #expect(document["asmExports"] == ["asm/hosted.xml", "asm/ips.xml"])
    let worker = services[2]["deployments"]?["production"]
    #expect(worker?["status"] == nil && worker?["virtualNetwork"] == nil, "the hosted-service export gives them")
    #expect(result.notes.contains { $0.file == "asm/hosted.xml" && $0.message.contains("utsvc75f61e6c") })
    #expect(result.notes.contains { $0.message.contains("uses ServiceConfiguration.Cloud.cscfg because the .Cloud") })
    #expect(result.notes.contains { $0.message.contains("ServiceConfiguration.Local.cscfg (--configuration Local)") })
    #expect(result.notes.contains { $0.file == "asm/op.xml" && $0.message.contains("does not load") })
    #expect(!result.files.contains { $0.contains("bin/") }, "build output is skipped")
    #expect(result.problems.isEmpty, "\(result.problems)")

    let fields = result.assumptions.compactMap(\.field)
    #expect(fields.contains("services[0].deployments.production.status"))
    #expect(!fields.contains("services[1].deployments.production.status"))
    #expect(!fields.contains { $0.hasPrefix("services[2]") })
    #expect(
      result.assumptions.contains { $0.field == nil && $0.check.contains("Microsoft.ClassicInfrastructureMigrate") })
    #expect(document["assumptions"]?.arrayValue?.count == result.assumptions.count)

    let loaded = loader.load(documentText: document.jsonText, baseDirectory: nil)
    #expect(!loaded.problems.containsErrors, "\(loaded.problems)")
    #expect(loaded.estate.virtualNetworks.map(\.name) == ["vnet1"])
    let live = loaded.estate.cloudServices.first { $0.name == "prodgamediumvm" }?.deployments.first
    #expect(live?.status == .running)
    #expect(live?.roles.first?.instances.count == 2)
    let hosted = loaded.estate.cloudServices.first { $0.name == "utsvc75f61e6c" }?.deployments.first
    #expect(hosted?.status == .suspended, "the export's status, not the assumed Running")
    #expect(hosted?.roles.map(\.name) == ["WorkerRole1"])

    let local = try EstateDiscovery(files: loader.files).discover("shop", configuration: "local")
    #expect(
      local.document["services"]?.arrayValue?.first?["deployments"]?["production"]?["cscfg"]
        == "shop/ServiceConfiguration.Local.cscfg")
    #expect(throws: DiscoveryError.unknownConfiguration(name: "Staging", available: ["Cloud", "Local"])) {
      try EstateDiscovery(files: loader.files).discover("shop", configuration: "Staging")
    }
  }

  /// A document written elsewhere names the files relative to itself and loads from there.
  @Test func documentDirectoryMakesPathsRelative() throws {
    let root = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try DiscoveryFixture.write(
      [
        "src/App/ServiceDefinition.csdef": DiscoveryFixture.csdef("app", roles: ["W"]),
        "src/App/ServiceConfiguration.Cloud.cscfg": DiscoveryFixture.cscfg("app", roles: ["W"]),
      ], under: root)
    try FileManager.default.createDirectory(at: root.appendingPathComponent("out"), withIntermediateDirectories: true)
    let loader = EstateLoader(root: root)
    let result = try EstateDiscovery(files: loader.files).discover(
      "src/App/ServiceDefinition.csdef", documentDirectory: "out")
    #expect(
      result.document["services"]?.arrayValue?.first?["deployments"]?["production"]?["csdef"]
        == "../src/App/ServiceDefinition.csdef")
    try Data(result.document.jsonText.utf8).write(to: root.appendingPathComponent("out/estate.json"))
    let loaded = loader.load(documentAt: "out/estate.json")
    #expect(loaded.problems == [], "\(loaded.problems)")
    #expect(loaded.estate.cloudServices.first?.deployments.first?.roles.map(\.name) == ["W"])
  }

  /// Nothing usable: a clear error, with the files left out.
  @Test func folderWithNothingUsable() throws {
    let root = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try DiscoveryFixture.write(
      ["docs/README.md": "# notes", "docs/app.xml": "<settings />", "docs/broken.csdef": "not xml at all"], under: root)
    let discovery = EstateDiscovery(files: RootedFileReader(root: root))
    do {
      _ = try discovery.discover("docs")
      Issue.record("discovery proposed a document for a folder with nothing usable")
    } catch {
      guard case .nothingFound(let folder, let skipped) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(folder == "docs")
      #expect(skipped.map(\.code) == ["discover.unusable"])
      #expect(skipped.first?.file == "docs/broken.csdef")
    }
    #expect(throws: DiscoveryError.input(.pathOutsideRoot(path: "../elsewhere", field: "path"))) {
      try discovery.discover("../elsewhere")
    }
    #expect(throws: DiscoveryError.input(.fileNotFound(path: "missing", field: "path"))) {
      try discovery.discover("missing")
    }
  }

  /// A walk that passes its entry limit stops there and says so, instead of leaving files out silently.
  @Test func aWalkCutShortSaysSo() throws {
    let root = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try DiscoveryFixture.write(
      [
        "app/a.csdef": DiscoveryFixture.csdef("app", roles: ["Web"]), "app/b.txt": "", "app/c.txt": "", "app/d.txt": "",
      ],
      under: root)
    let files = RootedFileReader(root: root)
    let cut = ArtifactScan(folder: root.appendingPathComponent("app").path, display: "app", files: files, maxEntries: 2)
    #expect(cut.problems.map(\.code) == ["discover.too-many-files"])
    #expect(cut.problems.first?.file == "app")
    let whole = ArtifactScan(
      folder: root.appendingPathComponent("app").path, display: "app", files: files, maxEntries: 4)
    #expect(whole.problems.isEmpty)
    #expect(whole.definitions.count == 1)
  }

  /// Files that cannot be read are left out with a warning; the rest is still proposed.
  @Test func unreadableFilesAreLeftOut() throws {
    let root = try TestPaths.temporaryDirectory()
    let outside = try TestPaths.temporaryDirectory()
    defer {
      try? FileManager.default.removeItem(at: root)
      try? FileManager.default.removeItem(at: outside)
    }
    try DiscoveryFixture.write(
      [
        "app/ServiceDefinition.csdef": DiscoveryFixture.csdef("app", roles: ["W"]),
        "app/ServiceConfiguration.Cloud.cscfg": DiscoveryFixture.cscfg("app", roles: ["W"]),
        "app/Huge.Test.cscfg": DiscoveryFixture.cscfg("app", roles: ["W"]) + String(repeating: " ", count: 4096),
      ], under: root)
    try DiscoveryFixture.write(["secret.cscfg": DiscoveryFixture.cscfg("app", roles: ["W"])], under: outside)
    let manager = FileManager.default
    try manager.createSymbolicLink(
      atPath: root.appendingPathComponent("app/Escape.Other.cscfg").path,
      withDestinationPath: outside.appendingPathComponent("secret.cscfg").path)
    try manager.createSymbolicLink(
      atPath: root.appendingPathComponent("app/Dangling.Gone.cscfg").path, withDestinationPath: "/nonexistent/x.cscfg")
    var unreadable: [String] = []
    if geteuid() != 0 {
      try DiscoveryFixture.write(["app/Locked.Lock.cscfg": DiscoveryFixture.cscfg("app", roles: ["W"])], under: root)
      try manager.setAttributes(
        [.posixPermissions: 0], ofItemAtPath: root.appendingPathComponent("app/Locked.Lock.cscfg").path)
      unreadable.append("app/Locked.Lock.cscfg")
    }
    let files = RootedFileReader(root: root, limits: EstateLimits(maxFileBytes: 2048))
    let result = try EstateDiscovery(files: files).discover("app")
    let leftOut = result.problems.filter { $0.code == "discover.unreadable" }.compactMap(\.file).sorted()
    #expect(
      leftOut == (["app/Dangling.Gone.cscfg", "app/Escape.Other.cscfg", "app/Huge.Test.cscfg"] + unreadable).sorted())
    #expect(result.problems.allSatisfy { $0.severity == .warning })
    #expect(
      result.document["services"]?.arrayValue?.first?["deployments"]?["production"]?["cscfg"]
        == "app/ServiceConfiguration.Cloud.cscfg")
    #expect(!result.document.jsonText.contains("secret"))
  }
}
