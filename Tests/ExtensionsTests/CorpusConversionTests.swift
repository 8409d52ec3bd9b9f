import EstateModel
import Foundation
import Testing

@testable import Extensions

/// Conversion of the corpus' real RemoteAccess/Diagnostics imports and of Microsoft's extended-support samples.
struct CorpusConversionTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")

  /// Loads a corpus pair (with optional extra deployment JSON such as extensions) as service `svc`.
  static func load(_ folder: String, extensions: String = "[]") throws -> (Estate, Deployment) {
    let directory = corpus.appendingPathComponent("cloud-services/" + folder)
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    let csdef = try #require(files.first { $0.hasSuffix(".csdef") })
    let cscfg = try #require(files.sorted().first { $0.hasSuffix(".cscfg") })
    let document = """
      {"version": 1, "services": [{"name": "svc", "deployments": {"production": {
        "csdef": "\(folder)/\(csdef)", "cscfg": "\(folder)/\(cscfg)", "extensions": \(extensions)}}}]}
      """
    let loaded = EstateLoader(root: corpus.appendingPathComponent("cloud-services"))
      .load(documentText: document, baseDirectory: nil)
    let deployment = try #require(loaded.estate.cloudServices.first?.deployments.first)
    return (loaded.estate, deployment)
  }

  /// Every secret text the estate holds (setting values marked secret, protected settings).
  static func secrets(of deployment: Deployment) -> [String] {
    var texts: [String] = []
    for role in deployment.roles {
      texts += role.configuration?.settings.filter(\.value.isSecret).map(\.value.text) ?? []
      texts += role.extensions.compactMap { $0.protectedSettings?.text }
    }
    texts += deployment.allRoleExtensions.compactMap { $0.protectedSettings?.text }
    // Also every JSON string inside protected settings, and connection string keys.
    var parts: [String] = []
    for text in texts {
      parts += text.split(separator: ";").map(String.init)
      parts += text.split(separator: "\"").map(String.init)
    }
    return (texts + parts).filter { $0.count >= 6 && !$0.hasPrefix("UseDevelopmentStorage") && !$0.contains(":") }
  }

  static func encoded(_ conversion: DeploymentConversion) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(conversion), as: UTF8.self)
  }

  /// Pairs with a RemoteAccess import and the user name their .cscfg gives.
  static let remoteAccessPairs: [(String, String)] = [
    ("003-kayone--Orchard", "kay.one"), ("011-NuGet--NuGetGallery-Scripts", "nugetgallery-preview"),
    ("016-simongdavies--NodeCacheExample", "Simon"), ("025-avranju--Piczy", "avranju"),
  ]

  @Test(arguments: remoteAccessPairs.map(\.0))
  func remoteAccessBecomesTheRDPExtension(folder: String) throws {
    let user = try #require(Self.remoteAccessPairs.first { $0.0 == folder }?.1)
    let (_, deployment) = try Self.load(folder)
    let conversion = ExtensionConverter(service: "svc", deployment: deployment).convert()
    let rdp = try #require(conversion.extensions.first { $0.origin.name == "RemoteAccess" })
    #expect(rdp.properties.publisher == "Microsoft.Windows.Azure.Extensions")
    #expect(rdp.properties.type == "RDP")
    #expect(rdp.properties.typeHandlerVersion == "1.2.1")
    #expect(rdp.origin.carried["userName"] == user)
    #expect(rdp.origin.carried["expiration"] != nil)
    guard case .string(let settings)? = rdp.properties.settings else {
      Issue.record("settings are not a string")
      return
    }
    #expect(settings.contains("<UserName>\(user)</UserName>"))
    #expect(rdp.properties.protectedSettings?.hasPrefix("[parameters('svc_rdpPrivateConfig") == true)
    #expect(rdp.userMustSupply.contains { $0.what.contains("AccountEncryptedPassword") })
    #expect(
      conversion.parameters.contains {
        $0.type == "securestring" && rdp.properties.protectedSettings?.contains($0.name) == true
      })
    #expect(conversion.artifactEdits.contains { $0.element == "Import" && $0.name == "RemoteAccess" && $0.line != nil })
    let output = try Self.encoded(conversion)
    for secret in Self.secrets(of: deployment) { #expect(!output.contains(secret), "secret leaked from \(folder)") }
    // The scan must have something to look for: AccountEncryptedPassword is a secret setting of every such pair.
    #expect(!Self.secrets(of: deployment).isEmpty)
  }

  /// Pairs with a Diagnostics import (and its roles).
  static let diagnosticsPairs = [
    "005-hydrojumbo--CUAHSI.Apps", "006-daprlabs--OrleansSimpleMessage", "016-simongdavies--NodeCacheExample",
    "025-avranju--Piczy",
  ]

  @Test(arguments: diagnosticsPairs)
  func diagnosticsBecomesPaaSDiagnosticsPerRole(folder: String) throws {
    let (_, deployment) = try Self.load(folder)
    let conversion = ExtensionConverter(service: "svc", deployment: deployment).convert()
    let importing = deployment.roles.filter {
      $0.definition?.imports.contains { $0.moduleName == "Diagnostics" } ?? false
    }
    #expect(!importing.isEmpty)
    for role in importing {
      let entry = try #require(
        conversion.extensions.first { $0.name == "Microsoft.Insights.VMDiagnosticsSettings_" + role.name })
      #expect(entry.properties.publisher == "Microsoft.Azure.Diagnostics")
      #expect(entry.properties.type == "PaaSDiagnostics")
      #expect(entry.properties.typeHandlerVersion == "1.5")
      #expect(entry.properties.rolesAppliedTo == [role.name])
      let suffix = ExtensionConverter.sanitize(role.name)
      #expect(entry.properties.protectedSettings == "[parameters('svc_wadPrivateConfig_\(suffix)')]")
      #expect(entry.userMustSupply.contains { $0.what.contains("development storage") })
      #expect(
        conversion.artifactEdits.contains { $0.role == role.name && $0.name.hasSuffix("Diagnostics.ConnectionString") })
    }
    let output = try Self.encoded(conversion)
    for secret in Self.secrets(of: deployment) { #expect(!output.contains(secret)) }
  }

  @Test func aRealConnectionStringKeepsOnlyTheAccountName() {
    let parsed = StorageConnection(parsing: "DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=S3cr3tKey==")
    #expect(parsed.accountName == "acct1")
    #expect(!"\(parsed)".contains("S3cr3tKey"))
  }

  // MARK: - Extended-support samples against their own ARM templates

  static func sampleExtensions(_ file: String) throws -> [[String: Any]] {
    let data = try Data(contentsOf: corpus.appendingPathComponent("arm/" + file))
    let template = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let resources = try #require(template["resources"] as? [[String: Any]])
    let service = try #require(resources.first { ($0["type"] as? String) == "Microsoft.Compute/cloudServices" })
    let properties = try #require(service["properties"] as? [String: Any])
    let profile = try #require(properties["extensionProfile"] as? [String: Any])
    return try #require(profile["extensions"] as? [[String: Any]])
  }

  /// Compares our entries with the sample's, property by property; returns the differing properties.
  static func differences(ours: [ConvertedExtension], sample: [[String: Any]]) throws -> Set<String> {
    #expect(ours.map(\.name).sorted() == sample.compactMap { $0["name"] as? String }.sorted())
    var differing: Set<String> = []
    for entry in sample {
      let name = try #require(entry["name"] as? String)
      let mine = try #require(ours.first { $0.name == name })
      let expected = try #require(entry["properties"] as? [String: Any])
      guard case .object(let actual) = ExtensionProfileStep.armValue(mine)["properties"] ?? .null else {
        Issue.record("no properties")
        continue
      }
      for key in Set(expected.keys).union(actual.keys.map { $0 }) {
        let left = expected[key].map(normalized)
        let right = actual[key].map(normalized)
        if left != right { differing.insert("\(name).\(key)") }
      }
    }
    return differing
  }

  /// A template value as comparable text (strings as is, booleans as true/false, arrays comma-joined).
  static func normalized(_ value: Any) -> String {
    if let text = value as? String { return text }
    if let items = value as? [Any] { return items.map(normalized).joined(separator: ",") }
    if let flag = value as? Bool { return flag ? "true" : "false" }
    return "\(value)"
  }

  /// Our value as comparable text, the same way.
  static func normalized(_ value: ARMValue) -> String {
    switch value {
    case .string(let text): text
    case .bool(let flag): flag ? "true" : "false"
    case .array(let items): items.map(normalized).joined(separator: ",")
    default: "\(value)"
    }
  }

  @Test func multiroleRDPSampleMatchesItsTemplate() throws {
    let extensions = """
      [{"name": "RDPExtension", "type": "RDP", "publisher": "Microsoft.Windows.Azure.Extensions", "version": "1.2.1",
        "enabled": true, "publicSettings": {"UserName": "contosoadmin", "Expiration": "1/21/2022 12:00:00 AM"},
        "protectedSettings": {"Password": "Sample-Passw0rd-Never-Shown"}}]
      """
    let (_, deployment) = try Self.load(
      "007-Azure-Samples--cloud-services-extended-support-multirole-rdp", extensions: extensions)
    let conversion = ExtensionConverter(service: "ContosoCS", deployment: deployment).convert()
    let differing = try Self.differences(
      ours: conversion.extensions,
      sample: try Self.sampleExtensions("001-Azure-Samples--sample-cloud-service-extended-support--azure-devops.json"))
    // Differences, with reasons:
    // - settings: the sample passes [parameters('rdpPublicConfig')]; we know UserName/Expiration, so we write the
    //   non-secret PublicConfig XML inline.
    // - protectedSettings: both are parameter references; ours is scoped by service (ContosoCS_…_protectedSettings),
    //   as every csmigrate parameter is, so several services fit one template.
    #expect(differing == ["RDPExtension.settings", "RDPExtension.protectedSettings"])
    let output = try Self.encoded(conversion)
    #expect(!output.contains("Sample-Passw0rd-Never-Shown"))
  }

  @Test func multiroleWADSampleMatchesItsTemplate() throws {
    let entry = { (role: String) in
      """
      {"name": "Microsoft.Insights.VMDiagnosticsSettings_\(role)", "type": "PaaSDiagnostics",
       "publisher": "Microsoft.Azure.Diagnostics", "version": "1.5", "roles": ["\(role)"], "enabled": true,
       "publicSettings": "<PublicConfig><WadCfg><DiagnosticMonitorConfiguration/></WadCfg></PublicConfig>",
       "protectedSettings": {"storageAccountName": "contosostore", "storageAccountKey": "K3y-Never-Shown-\(role)"}}
      """
    }
    let (_, deployment) = try Self.load(
      "009-Azure-Samples--cloud-services-extended-support-multirole-wad",
      extensions: "[\(entry("WebRole1")), \(entry("WorkerRole1"))]")
    let conversion = ExtensionConverter(service: "ContosoCSmultirole", deployment: deployment).convert()
    let differing = try Self.differences(
      ours: conversion.extensions,
      sample: try Self.sampleExtensions("004-Azure-Samples--cloud-services-extended-support.json"))
    // Differences, with reasons: settings are the classic public configuration written inline (the sample passes
    // wadPublicConfig_<role>); protectedSettings reference a service-scoped secure parameter named after the
    // extension rather than wadPrivateConfig_<role>. Publisher, type, version, autoUpgradeMinorVersion and
    // rolesAppliedTo are identical.
    #expect(
      differing == [
        "Microsoft.Insights.VMDiagnosticsSettings_WebRole1.settings",
        "Microsoft.Insights.VMDiagnosticsSettings_WebRole1.protectedSettings",
        "Microsoft.Insights.VMDiagnosticsSettings_WorkerRole1.settings",
        "Microsoft.Insights.VMDiagnosticsSettings_WorkerRole1.protectedSettings",
      ])
    let output = try Self.encoded(conversion)
    #expect(!output.contains("K3y-Never-Shown"))
  }
}
