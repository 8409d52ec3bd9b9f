import EstateModel
import Foundation

/// Rewrites a deployment's `.cscfg` and `.csdef` for extended support by editing the original text in place.
///
/// `.cscfg`: `VirtualNetworkSite` becomes the VNet's ARM ID, each role gets an `InstanceAddress` with a subnet,
/// the reserved IP is referenced by its (static) public IP name, RemoteAccess/RemoteForwarder settings and the
/// RDP password-encryption certificate are removed, and secret setting values become placeholders that the
/// template replaces with secure parameters. `.csdef`: legacy `vmsize` becomes the modern size and the
/// RemoteAccess/RemoteForwarder/Diagnostics imports are removed. Comments and formatting elsewhere are kept byte for byte.
enum ArtifactRewriter {
  /// What the mapper decided, which the files must agree with.
  struct Decisions {
    var virtualNetworkID: String
    var roleSubnets: [String: String]
    var roleSizes: [String: String]
    var reservedPublicIP: String?
    var parameterPrefix: String
    /// `role/setting` of every setting the model marks secret, whatever made it secret (name or value).
    var secretSettings: Set<String> = []

    /// Whether a setting's value must become a Key Vault-backed parameter.
    func isSecret(role: String, setting: String) -> Bool {
      SecretPolicy.isSecret(settingName: setting) || secretSettings.contains(role + "/" + setting)
    }

    init(
      virtualNetworkID: String, roleSubnets: [String: String], roleSizes: [String: String],
      reservedPublicIP: String?, parameterPrefix: String
    ) {
      self.virtualNetworkID = virtualNetworkID
      self.roleSubnets = roleSubnets
      self.roleSizes = roleSizes
      self.reservedPublicIP = reservedPublicIP
      self.parameterPrefix = parameterPrefix
    }

    /// The decisions of `builder`, whose plan already holds the deployment's network and public IPs: every name
    /// is the plan's own, never the platform's name worked out again.
    init(builder: ARMPlanBuilder, service: CloudService, deployment: Deployment, network: MappedNetwork) {
      var sizes: [String: String] = [:]
      for role in deployment.roles {
        if let size = RoleSizeMap.extendedSupportSize(for: role.definition?.vmSizeAttribute) { sizes[role.name] = size }
      }
      let reserved =
        deployment.reservedIPName
        ?? deployment.configuration?.network?.reservedIPs.first { $0.virtualIPName == nil }?.name
      self.init(
        virtualNetworkID: network.virtualNetworkID, roleSubnets: network.roleSubnets, roleSizes: sizes,
        reservedPublicIP: reserved.flatMap { reserved in
          builder.plan.resources(ofType: ARMType.publicIP).first {
            $0.source.kind == "reservedIP" && $0.source.name == reserved && $0.source.service == service.name
          }?.name
        },
        parameterPrefix: builder.parameterName(service.name, ""))
      for role in deployment.roles {
        for setting in role.configuration?.settings ?? [] where setting.value.isSecret {
          secretSettings.insert(role.name + "/" + setting.name)
        }
      }
    }
  }

  /// A secret setting value replaced by a placeholder.
  struct Secret: Codable, Sendable, Hashable {
    var role: String
    var setting: String
    var parameter: String
    var placeholder: String
  }

  /// One rewritten file.
  struct File: Sendable {
    var path: String
    var original: String
    var text: String
    var secrets: [Secret]
    /// The text the diff starts from: the original, with secret values masked.
    var diffBase: String
    /// A unified diff from `diffBase` to `text`. Computed when asked for: planning (and so every
    /// `validation/run` in the prepare phase) rewrites the files for their findings and never shows the diff.
    var diff: String { UnifiedDiff.diff(old: diffBase, new: text, path: path) }
  }

  /// Both files (each when its original text was available) and what was found.
  struct Result: Sendable {
    var configuration: File?
    var definition: File?
    var findings: [ARMFinding]
  }

  /// Settings the extended-support prerequisites say to remove (`deploy-prerequisite.md`).
  static let removedSettingPrefixes = [
    "Microsoft.WindowsAzure.Plugins.RemoteAccess.", "Microsoft.WindowsAzure.Plugins.RemoteForwarder.",
  ]
  static let removedSettings = ["Microsoft.WindowsAzure.Plugins.Diagnostics.ConnectionString"]
  static let removedCertificates = ["Microsoft.WindowsAzure.Plugins.RemoteAccess.PasswordEncryption"]
  /// Diagnostics goes too: without its ConnectionString setting (removed above) the import cannot stay; the
  /// Extensions plugin puts the PaaSDiagnostics extension in the profile instead.
  static let removedImports = ["RemoteAccess", "RemoteForwarder", "Diagnostics"]

  ///
  /// The decisions are worked out only when a file's text is there to rewrite (not for documents inline in the
  /// estate, whose texts the planner does not read).
  static func rewrite(deployment: Deployment, plan: @autoclosure () -> Decisions, texts: ARMSourceTexts) -> Result {
    var result = Result(configuration: nil, definition: nil, findings: [])
    var made: Decisions?
    func decisions() -> Decisions {
      if let made { return made }
      let decisions = plan()
      made = decisions
      return decisions
    }
    if let file = deployment.configuration?.location?.file {
      if let text = texts(file) {
        result.configuration = rewriteConfiguration(text, path: file, decisions: decisions())
      } else {
        result.findings.append(
          ARMFinding(.warning, "arm.cscfg-unavailable", "The .cscfg text of \(file) is not available to rewrite."))
      }
    }
    if let file = deployment.definition?.location?.file {
      if let text = texts(file) {
        result.definition = rewriteDefinition(text, path: file, decisions: decisions())
      } else {
        result.findings.append(
          ARMFinding(.warning, "arm.csdef-unavailable", "The .csdef text of \(file) is not available to rewrite."))
      }
    }
    return result
  }

  static func isRemovedSetting(_ name: String) -> Bool {
    removedSettings.contains(name) || removedSettingPrefixes.contains { name.hasPrefix($0) }
  }

  // MARK: - .cscfg

  static func rewriteConfiguration(_ text: String, path: String, decisions: Decisions) -> File? {
    var editor = TextEditor(text)
    guard let root = XMLSpanScanner.scan(editor.bytes) else { return nil }
    var secrets: [Secret] = []
    var configuredRoles: [String] = []
    for role in root.children("Role") {
      let roleName = role.attribute("name")?.value ?? ""
      configuredRoles.append(roleName)
      if let settings = role.child("ConfigurationSettings") {
        let removed = settings.children("Setting").filter { isRemovedSetting($0.attribute("name")?.value ?? "") }
        editor.remove(children: removed, of: settings)
        let removedRanges = Set(removed.map(\.range))
        for setting in settings.children("Setting") where !removedRanges.contains(setting.range) {
          let name = setting.attribute("name")?.value ?? ""
          guard let value = setting.attribute("value"),
            decisions.isSecret(role: roleName, setting: name)
              || SecretPolicy.isSecret(settingName: name, value: value.value)
          else { continue }
          let parameter = decisions.parameterPrefix + sanitize(roleName) + "_" + sanitize(name)
          let placeholder = "__SECRET_\(parameter)__"
          secrets.append(Secret(role: roleName, setting: name, parameter: parameter, placeholder: placeholder))
          editor.replace(value.valueRange, with: placeholder)
        }
      }
      if let certificates = role.child("Certificates") {
        let removed = certificates.children("Certificate").filter {
          removedCertificates.contains($0.attribute("name")?.value ?? "")
        }
        editor.remove(children: removed, of: certificates)
      }
    }
    rewriteNetwork(root: root, roles: configuredRoles, decisions: decisions, editor: &editor)
    let rewritten = editor.result()
    return File(
      path: path, original: text, text: rewritten, secrets: secrets,
      diffBase: redact(text, secrets: secrets, root: root))
  }

  /// The original text with secret values masked too, so the diff shows no secret.
  static func redact(_ text: String, secrets: [Secret], root: XMLSpan) -> String {
    guard !secrets.isEmpty else { return text }
    var editor = TextEditor(text)
    let secretKeys = Set(secrets.map { [$0.role, $0.setting] })
    for role in root.children("Role") {
      let roleName = role.attribute("name")?.value ?? ""
      for setting in role.child("ConfigurationSettings")?.children("Setting") ?? [] {
        let name = setting.attribute("name")?.value ?? ""
        if let value = setting.attribute("value"), secretKeys.contains([roleName, name]) {
          editor.replace(value.valueRange, with: "(secret)")
        } else if let value = setting.attribute("value"), isRemovedSetting(name),
          SecretPolicy.isSecret(settingName: name, value: value.value)
        {
          editor.replace(value.valueRange, with: "(secret)")
        }
      }
    }
    return editor.result()
  }

  static func rewriteNetwork(root: XMLSpan, roles: [String], decisions: Decisions, editor: inout TextEditor) {
    let vnetID = xmlEscape(decisions.virtualNetworkID)
    let unit = editor.indentUnit(root: root)
    guard let network = root.child("NetworkConfiguration") else {
      var lines = ["<NetworkConfiguration>", unit + "<VirtualNetworkSite name=\"\(vnetID)\" />"]
      lines += addressAssignments(roles: roles, existing: [], decisions: decisions, unit: unit).map { unit + $0 }
      lines.append("</NetworkConfiguration>")
      editor.insert(lines: lines, before: root, unit: unit)
      return
    }
    if let site = network.child("VirtualNetworkSite"), let name = site.attribute("name") {
      editor.replace(name.valueRange, with: vnetID)
    } else {
      editor.insert(lines: ["<VirtualNetworkSite name=\"\(vnetID)\" />"], atStartOf: network, unit: unit)
    }
    guard let assignments = network.child("AddressAssignments"), assignments.endTag != nil else {
      editor.insert(
        lines: addressAssignments(roles: roles, existing: [], decisions: decisions, unit: unit), before: network,
        unit: unit)
      return
    }
    let existing = Set(assignments.children("InstanceAddress").compactMap { $0.attribute("roleName")?.value })
    for address in assignments.children("InstanceAddress") where address.child("Subnets")?.child("Subnet") == nil {
      completeInstanceAddress(address, decisions: decisions, unit: unit, editor: &editor)
    }
    var added: [String] = []
    for role in roles where !existing.contains(role) {
      added += instanceAddress(role: role, decisions: decisions, unit: unit)
    }
    let reservedIPs = assignments.child("ReservedIPs")
    if !added.isEmpty {
      if let anchor = assignments.children.first(where: { $0.name != "InstanceAddress" }) {
        editor.insert(lines: added, beforeElement: anchor)
      } else {
        editor.insert(lines: added, before: assignments, unit: unit)
      }
    }
    if let reserved = decisions.reservedPublicIP {
      if let first = reservedIPs?.children("ReservedIP").first, let name = first.attribute("name") {
        if name.value != reserved { editor.replace(name.valueRange, with: xmlEscape(reserved)) }
      } else if reservedIPs == nil {
        editor.insert(
          lines: ["<ReservedIPs>", unit + "<ReservedIP name=\"\(xmlEscape(reserved))\" />", "</ReservedIPs>"],
          before: assignments, unit: unit)
      }
    }
  }

  /// Gives an existing `<InstanceAddress>` the `<Subnets>` extended support requires (the role's mapped subnet).
  static func completeInstanceAddress(
    _ address: XMLSpan, decisions: Decisions, unit: String, editor: inout TextEditor
  ) {
    let role = address.attribute("roleName")?.value ?? ""
    let subnet = "<Subnet name=\"\(xmlEscape(decisions.roleSubnets[role] ?? "default"))\" />"
    if let subnets = address.child("Subnets"), subnets.endTag != nil {
      editor.insert(lines: [subnet], before: subnets, unit: unit)
    } else if let subnets = address.child("Subnets") {
      editor.replace(subnets.range, with: "<Subnets>\(subnet)</Subnets>")
    } else if address.endTag != nil {
      editor.insert(lines: ["<Subnets>", unit + subnet, "</Subnets>"], before: address, unit: unit)
    } else {
      let indent = editor.indentation(at: address.range.lowerBound)
      let lines = instanceAddress(role: role, decisions: decisions, unit: unit)
      editor.replace(address.range, with: lines.joined(separator: editor.newline + indent))
    }
  }

  static func addressAssignments(roles: [String], existing: [String], decisions: Decisions, unit: String) -> [String] {
    var lines = ["<AddressAssignments>"]
    for role in roles { lines += instanceAddress(role: role, decisions: decisions, unit: unit).map { unit + $0 } }
    if let reserved = decisions.reservedPublicIP {
      lines += [
        unit + "<ReservedIPs>", unit + unit + "<ReservedIP name=\"\(xmlEscape(reserved))\" />", unit + "</ReservedIPs>",
      ]
    }
    lines.append("</AddressAssignments>")
    return lines
  }

  static func instanceAddress(role: String, decisions: Decisions, unit: String) -> [String] {
    let subnet = decisions.roleSubnets[role] ?? "default"
    return [
      "<InstanceAddress roleName=\"\(xmlEscape(role))\">", unit + "<Subnets>",
      unit + unit + "<Subnet name=\"\(xmlEscape(subnet))\" />", unit + "</Subnets>", "</InstanceAddress>",
    ]
  }

  // MARK: - .csdef

  static func rewriteDefinition(_ text: String, path: String, decisions: Decisions) -> File? {
    var editor = TextEditor(text)
    guard let root = XMLSpanScanner.scan(editor.bytes) else { return nil }
    for role in root.children where role.name == "WebRole" || role.name == "WorkerRole" {
      let roleName = role.attribute("name")?.value ?? ""
      if let size = decisions.roleSizes[roleName] {
        if let attribute = role.attribute("vmsize") {
          if attribute.value != size { editor.replace(attribute.valueRange, with: xmlEscape(size)) }
        } else {
          editor.insertAttribute("vmsize", value: xmlEscape(size), into: role)
        }
      }
      if let imports = role.child("Imports") {
        let removed = imports.children("Import").filter {
          removedImports.contains($0.attribute("moduleName")?.value ?? "")
        }
        editor.remove(children: removed, of: imports)
      }
      if let settings = role.child("ConfigurationSettings") {
        let removed = settings.children("Setting").filter {
          removedSettings.contains($0.attribute("name")?.value ?? "")
        }
        editor.remove(children: removed, of: settings)
      }
    }
    let rewritten = editor.result()
    return File(
      path: path, original: text, text: rewritten, secrets: [],
      diffBase: text)
  }

  static func sanitize(_ text: String) -> String {
    String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
  }

  static func xmlEscape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: "\"", with: "&quot;")
  }
}
