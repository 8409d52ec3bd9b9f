import Foundation
import Testing

@testable import EstateModel

/// The sample estate under `examples/sample-estate`: loads cleanly, matches its golden JSON, keeps secrets out.
@Suite struct SampleEstateTests {
  let result: EstateLoadResult

  init() {
    let loader = EstateLoader(root: TestPaths.sampleEstate)
    result = loader.load(documentAt: "estate.json")
  }

  @Test func loadsWithoutErrors() {
    #expect(!result.problems.containsErrors, "problems: \(result.problems)")
    #expect(result.succeeded)
  }

  @Test func summaryCountsTheModel() {
    let summary = result.summary
    #expect(summary.services == 1)
    #expect(summary.deployments == 1)
    #expect(summary.roles == 2)
    #expect(summary.instances == 5)
    #expect(summary.endpoints == 3)
    #expect(summary.certificates == 3)
    #expect(summary.virtualNetworks == 1)
    #expect(summary.subnets == 3)
    #expect(summary.reservedIPs == 1)
    #expect(summary.gateways == 1)
    #expect(summary.localNetworkSites == 1)
    #expect(summary.extensions == 2)
  }

  @Test func modelHoldsWhatTheFilesSay() throws {
    let service = try #require(result.estate.cloudServices.first)
    let deployment = try #require(service.deployment(in: .production))
    #expect(deployment.status == .running)
    #expect(deployment.virtualNetwork == .named("contoso-vnet"))
    #expect(deployment.reservedIPName == "contoso-shop-ip")
    let web = try #require(deployment.role(named: "WebRole1"))
    #expect(web.vmSize == "Small")
    #expect(web.subnets == ["FrontEnd"])
    #expect(web.extensions.map(\.enabled) == [false])
    let kinds = deployment.roles.flatMap { $0.definition?.endpoints ?? [] }.map(\.kind)
    #expect(Set(kinds) == [.input, .internal, .instanceInput])
    let vnet = try #require(result.estate.virtualNetworks.first)
    #expect(vnet.gateway?.type == .vpn)
    #expect(vnet.gateway?.sku == "Standard")
    #expect(vnet.gateway?.connections.map(\.state) == [.connected])
    #expect(vnet.dnsServers.map(\.address) == ["10.20.2.4", "10.20.2.5"])
    #expect(vnet.subnets.first?.networkSecurityGroup == "frontend-nsg")
  }

  @Test func secretsAreFlaggedAndNeverEncoded() throws {
    let web = try #require(result.estate.cloudServices.first?.deployments.first?.role(named: "WebRole1"))
    let settings = try #require(web.configuration?.settings)
    let password = try #require(
      settings.first { $0.name == "Microsoft.WindowsAzure.Plugins.RemoteAccess.AccountEncryptedPassword" })
    #expect(password.value.isSecret)
    #expect(password.value.text.hasPrefix("MIIBnQ"))
    #expect(settings.first { $0.name == "StorageConnectionString" }?.value.isSecret == true)
    #expect(
      settings.first { $0.name == "Microsoft.WindowsAzure.Plugins.RemoteAccess.Enabled" }?.value.isSecret == false)
    let json = String(decoding: try stableJSON(result), as: UTF8.self)
    #expect(!json.contains("MIIBnQ"))
    #expect(!json.contains("AccountKey=c2VjcmV0"))
    #expect(!json.contains("do-not-leak-this"))
    #expect(json.contains(#"{"secret":true}"#))
    #expect(password.value.description == "<secret>")
  }

  @Test func goldenJSONMatchesByteForByte() throws {
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden/sample-estate.json")
    var actual = try stableJSON(result)
    actual.append(UInt8(ascii: "\n"))
    if ProcessInfo.processInfo.environment["CSMIGRATE_UPDATE_GOLDEN"] == "1" {
      try actual.write(to: golden)
    }
    let expected = try Data(contentsOf: golden)
    let text = String(decoding: actual, as: UTF8.self)
    #expect(!text.contains(TestPaths.packageRoot.path), "golden JSON must not contain absolute paths")
    #expect(actual == expected, "regenerate with CSMIGRATE_UPDATE_GOLDEN=1 if the change is intended")
  }

  @Test func schemaConstantMatchesTheExampleFile() throws {
    let file = TestPaths.packageRoot.appendingPathComponent("examples/estate.schema.json")
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text == EstateDocument.jsonSchema + "\n")
    let parsed = try JSONDecoder().decode(JSONFragment.self, from: Data(EstateDocument.jsonSchema.utf8))
    guard case .object(let root) = parsed else {
      Issue.record("schema is not an object")
      return
    }
    #expect(root["$defs"] != nil)
  }
}

/// Secret handling independent of files.
@Suite struct SecretTests {
  @Test(arguments: [
    ("Microsoft.WindowsAzure.Plugins.RemoteAccess.AccountEncryptedPassword", true),
    ("Microsoft.WindowsAzure.Plugins.Diagnostics.ConnectionString", true),
    ("Gallery.DecryptionKey", true),
    ("Microsoft.WindowsAzure.Plugins.RemoteAccess.AccountUsername", false),
    ("QueueName", false),
  ])
  func settingNamesDecideSecrecy(name: String, secret: Bool) {
    #expect(SecretPolicy.isSecret(settingName: name) == secret)
  }

  @Test func secretValueEncodesAsMarkerAndRoundTrips() throws {
    let value = ConfigValue("hunter2", isSecret: true)
    let data = try stableJSON(value)
    #expect(String(decoding: data, as: UTF8.self) == #"{"secret":true}"#)
    let decoded = try JSONDecoder().decode(ConfigValue.self, from: data)
    #expect(decoded.isSecret && decoded.text.isEmpty)
    #expect(String(decoding: try stableJSON(ConfigValue("plain", isSecret: false)), as: UTF8.self) == #""plain""#)
  }
}
