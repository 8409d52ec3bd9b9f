import Foundation

/// The smallest broken estate that makes loading report one problem code, for the table-driven tests of
/// ``ProblemCodeTests``.
///
/// Each case is one deployment `svc` (role `Worker`) built from a clean `.csdef` and `.cscfg` with one change, or
/// a clean deployment beside a broken `.netcfg`, ASM export or estate document. Its files live in their own folder
/// (`case.directory`) under a shared root.
struct ProblemCase: Sendable, CustomStringConvertible {
  /// The problem code loading reports.
  let code: String
  /// `error`, `warning` or `info`.
  let severity: String
  /// The file the problem is reported in, relative to the case's folder.
  let file: String
  /// Text on the line the problem is reported at (its first occurrence in `file`); nil when no line is reported.
  var lineMarker: String?
  /// The `.csdef`.
  var csdef = ProblemCase.definition()
  /// The `.cscfg`.
  var cscfg = ProblemCase.configuration()
  /// Further files by name (a `.netcfg`, an ASM export...).
  var files: [String: String] = [:]
  /// Members added to the estate document's top level (each followed by a comma).
  var documentMembers = ""
  /// Members added to the deployment (each preceded by a comma).
  var deploymentMembers = ""
  /// The deployment's `csdef` member.
  var csdefPath = "\"svc.csdef\""
  /// The whole estate document, when the case breaks the document itself.
  var document: String?
  /// Folders created beside the files (a folder where a file is expected cannot be read).
  var folders: [String] = []
  /// Files made one byte larger than the loader's 16 MiB limit (sparse, so nothing is written).
  var oversized: [String] = []

  var description: String { code }

  /// The folder of the case under the root (the code, which is unique in the table).
  var directory: String { code }

  /// Whether the problem is an error (the verdict fails, artifacts are refused).
  var isError: Bool { severity == "error" }

  /// The 1-based line of `lineMarker` in `file`, when there is one.
  var line: Int? {
    guard let lineMarker else { return nil }
    let text = fileText(file) ?? ""
    let lines = text.components(separatedBy: "\n")
    return lines.firstIndex { $0.contains(lineMarker) }.map { $0 + 1 }
  }

  private func fileText(_ name: String) -> String? {
    switch name {
    case "svc.csdef": csdef
    case "svc.cscfg": cscfg
    case "estate.json": estateDocument
    default: files[name]
    }
  }

  /// The estate document of the case.
  var estateDocument: String {
    document ?? """
      {"version": 1, "subscription": {"id": "s", "defaultRegion": "West Europe"},
       \(documentMembers)
       "services": [{"name": "svc", "region": "West Europe", "deployments": {"production": {
         "name": "svc-prod", "status": "Running", "csdef": \(csdefPath), "cscfg": "svc.cscfg"\(deploymentMembers)}}}]}

      """
  }

  /// Writes the case's files into `root/directory`.
  func write(under root: URL) throws {
    let folder = root.appendingPathComponent(directory)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var all = files
    all["svc.csdef"] = csdef
    all["svc.cscfg"] = cscfg
    all["estate.json"] = estateDocument
    for (name, text) in all {
      try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
    for name in folders {
      try FileManager.default.createDirectory(
        at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
    }
    for name in oversized {
      let url = folder.appendingPathComponent(name)
      guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
      }
      let handle = try FileHandle(forWritingTo: url)
      try handle.truncate(atOffset: 16 * 1024 * 1024 + 1)
      try handle.close()
    }
  }

  static let csdefNamespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition"
  static let cscfgNamespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration"
  static let netcfgNamespace = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"
  static let asmNamespace = "http://schemas.microsoft.com/windowsazure"

  /// A `.csdef` for service `svc` with one worker role, `role` inside it and `extra` after it.
  static func definition(
    role: String = "", extra: String = "", root: String = "ServiceDefinition", namespace: String = csdefNamespace
  ) -> String {
    """
    <?xml version="1.0" encoding="utf-8"?>
    <\(root) name="svc" xmlns="\(namespace)">
      <WorkerRole name="Worker" vmsize="Standard_A1_v2">
    \(role)
      </WorkerRole>
    \(extra)
    </\(root)>

    """
  }

  /// A `.cscfg` for service `svc` configuring role `Worker`, with `role` inside it and `extra` after it.
  static func configuration(
    role: String = #"<Instances count="2" />"#, extra: String = "", root: String = "ServiceConfiguration",
    namespace: String = cscfgNamespace, serviceName: String = "svc"
  ) -> String {
    """
    <?xml version="1.0" encoding="utf-8"?>
    <\(root) serviceName="\(serviceName)" xmlns="\(namespace)" osFamily="7" osVersion="*">
      <Role name="Worker">
        \(role)
      </Role>
    \(extra)
    </\(root)>

    """
  }

  /// A `.netcfg` with virtual network `v` (subnet `s`), `site` inside the site and `extra` after the sites.
  static func network(
    site: String = "", dns: String = "", root: String = "NetworkConfiguration", namespace: String = netcfgNamespace
  ) -> String {
    """
    <?xml version="1.0" encoding="utf-8"?>
    <\(root) xmlns="\(namespace)">
      <VirtualNetworkConfiguration>
    \(dns)
        <VirtualNetworkSites>
          <VirtualNetworkSite name="v" Location="West Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
            <Subnets><Subnet name="s"><AddressPrefix>10.0.0.0/24</AddressPrefix></Subnet></Subnets>
    \(site)
          </VirtualNetworkSite>
        </VirtualNetworkSites>
      </VirtualNetworkConfiguration>
    </\(root)>

    """
  }

  /// A case whose only change is a `.netcfg`.
  static func netcfg(_ code: String, _ severity: String, marker: String, _ text: String) -> ProblemCase {
    ProblemCase(
      code: code, severity: severity, file: "n.netcfg", lineMarker: marker, files: ["n.netcfg": text],
      documentMembers: #""netcfg": "n.netcfg","#)
  }

  /// A case whose only change is an ASM export.
  static func asm(_ code: String, _ severity: String, marker: String, _ text: String) -> ProblemCase {
    ProblemCase(
      code: code, severity: severity, file: "a.xml", lineMarker: marker,
      files: ["a.xml": "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + text + "\n"],
      documentMembers: #""asmExports": ["a.xml"],"#)
  }

  /// A case whose only change is inside the `.csdef`'s role.
  static func csdefRole(_ code: String, _ severity: String, marker: String, _ role: String) -> ProblemCase {
    ProblemCase(code: code, severity: severity, file: "svc.csdef", lineMarker: marker, csdef: definition(role: role))
  }

  /// A case whose only change is inside the `.cscfg`'s role (after its `<Instances>`).
  static func cscfgRole(_ code: String, _ severity: String, marker: String, _ role: String) -> ProblemCase {
    ProblemCase(
      code: code, severity: severity, file: "svc.cscfg", lineMarker: marker,
      cscfg: configuration(role: #"<Instances count="2" />"# + "\n" + role))
  }

  /// A case whose only change is one member of the estate document.
  static func documentCase(_ code: String, _ severity: String, members: String) -> ProblemCase {
    ProblemCase(code: code, severity: severity, file: "estate.json", documentMembers: members)
  }

  /// A certificate of the `.csdef`'s role, and its thumbprint in the `.cscfg`.
  static func certificate(_ code: String, _ severity: String, thumbprint: String) -> ProblemCase {
    ProblemCase(
      code: code, severity: severity, file: "svc.cscfg", lineMarker: "thumbprint=",
      csdef: definition(
        role: #"<Certificates><Certificate name="c" storeLocation="LocalMachine" storeName="My" /></Certificates>"#),
      cscfg: configuration(
        role: #"<Instances count="2" />"# + "\n"
          + #"<Certificates><Certificate name="c" thumbprint="\#(thumbprint)" thumbprintAlgorithm="sha1" /></Certificates>"#
      ))
  }

  /// Every problem code loading an estate can report, each with its smallest broken estate.
  static let all: [ProblemCase] =
    xml + input + document + csdefCases + cscfgCases + netcfgCases + asmCases + estate
    + limitCases

  static let xml: [ProblemCase] = [
    ProblemCase(
      code: "xml.malformed", severity: "error", file: "svc.cscfg", lineMarker: "</ServiceConfig>",
      cscfg: configuration().replacingOccurrences(of: "</ServiceConfiguration>", with: "</ServiceConfig>")),
    ProblemCase(
      code: "xml.entity-declaration", severity: "error", file: "svc.cscfg", lineMarker: "<!DOCTYPE",
      cscfg: configuration().replacingOccurrences(
        of: "?>\n", with: "?>\n<!DOCTYPE x [<!ENTITY e \"e\">]>\n")),
  ]

  static let input: [ProblemCase] = [
    ProblemCase(code: "input.file-not-found", severity: "error", file: "estate.json", csdefPath: "\"missing.csdef\""),
    ProblemCase(
      code: "input.path-outside-root", severity: "error", file: "estate.json", csdefPath: "\"../../outside.csdef\""),
    ProblemCase(
      code: "input.unreadable", severity: "error", file: "estate.json", csdefPath: "\"folder.csdef\"",
      folders: ["folder.csdef"]),
    ProblemCase(
      code: "input.file-too-large", severity: "error", file: "estate.json", csdefPath: "\"big.csdef\"",
      oversized: ["big.csdef"]),
    ProblemCase(
      code: "document.invalid", severity: "error", file: "estate.json", document: "[\"not an estate document\"]\n"),
  ]

  static let document: [ProblemCase] = [
    documentCase("document.unknown-key", "warning", members: #""colour": "blue","#),
    documentCase("document.wrong-type", "error", members: #""reservedIPs": 5,"#),
    documentCase("document.missing-field", "error", members: #""reservedIPs": [{"address": "1.2.3.4"}],"#),
    ProblemCase(
      code: "document.invalid-value", severity: "error", file: "estate.json",
      deploymentMembers: #", "virtualNetwork": {"kind": "sideways", "name": "v"}"#),
  ]

  static let csdefCases: [ProblemCase] = [
    csdefRole(
      "csdef.missing-attribute", "error", marker: "LocalStorage",
      #"<LocalResources><LocalStorage sizeInMB="1" /></LocalResources>"#),
    csdefRole(
      "csdef.not-numeric", "error", marker: "LocalStorage",
      #"<LocalResources><LocalStorage name="s" sizeInMB="big" /></LocalResources>"#),
    csdefRole(
      "csdef.not-boolean", "warning", marker: "LocalStorage",
      #"<LocalResources><LocalStorage name="s" cleanOnRoleRecycle="maybe" /></LocalResources>"#),
    csdefRole(
      "csdef.port-not-numeric", "error", marker: "InputEndpoint",
      #"<Endpoints><InputEndpoint name="e" protocol="tcp" port="eighty" /></Endpoints>"#),
    csdefRole("csdef.unknown-element", "warning", marker: "<Gizmo", "<Gizmo />"),
    ProblemCase(
      code: "csdef.wrong-root", severity: "error", file: "svc.csdef", lineMarker: "<ServiceDefinitions",
      csdef: definition(root: "ServiceDefinitions")),
    ProblemCase(
      code: "csdef.wrong-namespace", severity: "error", file: "svc.csdef", lineMarker: "<ServiceDefinition",
      csdef: definition(namespace: "urn:elsewhere")),
  ]

  static let cscfgCases: [ProblemCase] = [
    cscfgRole(
      "cscfg.missing-attribute", "error", marker: "<ConfigurationSettings",
      #"<ConfigurationSettings><Setting value="1" /></ConfigurationSettings>"#),
    ProblemCase(
      code: "cscfg.instances-not-numeric", severity: "error", file: "svc.cscfg", lineMarker: "<Instances",
      cscfg: configuration(role: #"<Instances count="two" />"#)),
    ProblemCase(
      code: "cscfg.missing-instances", severity: "error", file: "svc.cscfg", lineMarker: "<Role",
      cscfg: configuration(role: "")),
    ProblemCase(
      code: "cscfg.not-numeric", severity: "error", file: "svc.cscfg", lineMarker: "<Rule",
      cscfg: configuration(
        extra: """
          <NetworkConfiguration><AccessControls><AccessControl name="a">
          <Rule order="first" action="permit" remoteSubnet="0.0.0.0/0" />
          </AccessControl></AccessControls></NetworkConfiguration>
          """)),
    certificate("cscfg.thumbprint-not-hex", "error", thumbprint: "XYZ"),
    certificate("cscfg.thumbprint-length", "warning", thumbprint: "ABCD"),
    certificate("cscfg.thumbprint-lowercase", "warning", thumbprint: String(repeating: "ab", count: 20)),
    cscfgRole("cscfg.unknown-element", "warning", marker: "<Gizmo", "<Gizmo />"),
    ProblemCase(
      code: "cscfg.wrong-root", severity: "error", file: "svc.cscfg", lineMarker: "<ServiceConfigurations",
      cscfg: configuration(root: "ServiceConfigurations")),
    ProblemCase(
      code: "cscfg.wrong-namespace", severity: "error", file: "svc.cscfg", lineMarker: "<ServiceConfiguration",
      cscfg: configuration(namespace: "urn:elsewhere")),
  ]

  static let netcfgCases: [ProblemCase] = [
    netcfg(
      "netcfg.unknown-dns-server", "warning", marker: "<DnsServerRef",
      network(site: #"<DnsServersRef><DnsServerRef name="nowhere" /></DnsServersRef>"#)),
    netcfg(
      "netcfg.missing-attribute", "error", marker: "<DnsServer ",
      network(dns: #"<Dns><DnsServers><DnsServer name="d" /></DnsServers></Dns>"#)),
    netcfg("netcfg.unknown-element", "warning", marker: "<Gizmo", network(site: "<Gizmo />")),
    netcfg(
      "netcfg.wrong-root", "error", marker: "<NetworkConfigurations",
      network(root: "NetworkConfigurations")),
    netcfg(
      "netcfg.wrong-namespace", "error", marker: "<NetworkConfiguration ", network(namespace: "urn:elsewhere")),
  ]

  static let asmCases: [ProblemCase] = [
    asm(
      "asm.wrong-namespace", "error", marker: "<ReservedIPs",
      #"<ReservedIPs xmlns="urn:elsewhere"><ReservedIP><Name>r</Name></ReservedIP></ReservedIPs>"#),
    asm("asm.unknown-root", "error", marker: "<Gadget", #"<Gadget xmlns="\#(asmNamespace)" />"#),
    asm(
      "asm.missing-element", "error", marker: "<ReservedIP><Address>",
      #"<ReservedIPs xmlns="\#(asmNamespace)">"# + "\n<ReservedIP><Address>1.2.3.4</Address></ReservedIP></ReservedIPs>"
    ),
    asm("asm.not-loaded", "info", marker: "<Operation", #"<Operation xmlns="\#(asmNamespace)" />"#),
    ProblemCase(
      code: "asm.configuration-not-base64", severity: "warning", file: "a.xml", lineMarker: "<Configuration>",
      files: [
        "a.xml": """
        <?xml version="1.0" encoding="utf-8"?>
        <Deployment xmlns="\(asmNamespace)">
          <Name>svc-prod</Name><DeploymentSlot>Production</DeploymentSlot>
          <Configuration>***</Configuration>
        </Deployment>

        """
      ],
      deploymentMembers: #", "asmExport": "a.xml""#),
  ]

  static let estate: [ProblemCase] = [
    ProblemCase(
      code: "estate.service-name-mismatch", severity: "error", file: "svc.cscfg", lineMarker: "<ServiceConfiguration",
      cscfg: configuration(serviceName: "elsewhere")),
    ProblemCase(
      code: "estate.role-not-in-csdef", severity: "error", file: "svc.cscfg", lineMarker: "Extra",
      cscfg: configuration(extra: #"<Role name="Extra"><Instances count="1" /></Role>"#)),
    ProblemCase(
      code: "estate.role-not-in-cscfg", severity: "error", file: "svc.csdef", lineMarker: "Extra",
      csdef: definition(extra: #"<WorkerRole name="Extra" vmsize="Standard_A1_v2" />"#)),
    cscfgRole(
      "estate.plugin-setting-not-imported", "warning", marker: "RemoteAccess",
      """
      <ConfigurationSettings>
      <Setting name="Microsoft.WindowsAzure.Plugins.RemoteAccess.Enabled" value="false" />
      </ConfigurationSettings>
      """),
    cscfgRole(
      "estate.setting-not-in-csdef", "error", marker: "Colour",
      #"<ConfigurationSettings><Setting name="Colour" value="blue" /></ConfigurationSettings>"#),
    csdefRole(
      "estate.setting-not-in-cscfg", "error", marker: "Colour",
      #"<ConfigurationSettings><Setting name="Colour" /></ConfigurationSettings>"#),
    cscfgRole(
      "estate.certificate-not-in-csdef", "error", marker: "thumbprint",
      #"<Certificates><Certificate name="c" thumbprint="\#(String(repeating: "AB", count: 20))" thumbprintAlgorithm="sha1" /></Certificates>"#
    ),
    csdefRole(
      "estate.certificate-not-in-cscfg", "error", marker: "<Certificate ",
      #"<Certificates><Certificate name="c" storeLocation="LocalMachine" storeName="My" /></Certificates>"#),
    ProblemCase(
      code: "estate.unknown-virtual-network", severity: "warning", file: "svc.cscfg",
      lineMarker: "<NetworkConfiguration",
      cscfg: configuration(
        extra: #"<NetworkConfiguration><VirtualNetworkSite name="nowhere" /></NetworkConfiguration>"#),
      files: ["n.netcfg": network()], documentMembers: #""netcfg": "n.netcfg","#),
    ProblemCase(
      code: "estate.unknown-subnet", severity: "warning", file: "svc.cscfg", lineMarker: "<NetworkConfiguration",
      cscfg: configuration(
        extra: """
          <NetworkConfiguration><VirtualNetworkSite name="v" /><AddressAssignments>
          <InstanceAddress roleName="Worker"><Subnets><Subnet name="nowhere" /></Subnets></InstanceAddress>
          </AddressAssignments></NetworkConfiguration>
          """),
      files: ["n.netcfg": network()], documentMembers: #""netcfg": "n.netcfg","#),
    ProblemCase(
      code: "estate.unknown-reserved-ip", severity: "warning", file: "svc.cscfg", lineMarker: "<NetworkConfiguration",
      cscfg: configuration(
        extra: """
          <NetworkConfiguration><AddressAssignments>
          <ReservedIPs><ReservedIP name="nowhere" /></ReservedIPs>
          </AddressAssignments></NetworkConfiguration>
          """),
      documentMembers: #""reservedIPs": [{"name": "listed"}],"#),
    ProblemCase(
      code: "estate.unknown-role", severity: "warning", file: "estate.json",
      deploymentMembers: #", "extensions": [{"name": "x", "type": "T", "publisher": "P", "roles": ["Nowhere"]}]"#),
  ]
}
