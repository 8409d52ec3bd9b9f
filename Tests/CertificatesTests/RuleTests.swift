import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing

@testable import Certificates

/// Every CERT-* rule: a case that triggers it and a near-identical one that does not, through the engine.
struct RuleTests {
  /// The files and clock a case runs with.
  struct Files {
    var pfx: CertificateFile
    var der: CertificateFile
    var notAfter: Date
  }

  static let files: Files = {
    do {
      let fixture = try OpenSSLFixture()
      defer { fixture.remove() }
      let password = SecretBytes(Array(OpenSSLFixture.password.utf8))
      let pfx = try CertificateReader.read(
        try fixture.bytes("cert.pfx"), source: "cert.pfx", pkcs12First: true, password: password)
      let der = try CertificateReader.read(
        try fixture.bytes("cert.cer"), source: "cert.cer", pkcs12First: false, password: nil)
      return Files(pfx: pfx, der: der, notAfter: pfx.leaf?.notAfter ?? Date())
    } catch {
      fatalError("openssl fixture failed: \(error)")
    }
  }()

  /// A web role with an HTTPS endpoint using certificate `ssl`, configured with the fixture's thumbprint.
  static func estate(_ mutate: (inout Role) -> Void = { _ in }) -> Estate {
    var estate = Estate(subscription: Subscription(id: "sub", defaultRegion: "West Europe"))
    let thumbprint = files.pfx.leaf?.thumbprint ?? ""
    let endpoint = Endpoint(name: "https", kind: .input, protocol: "https", port: 443, certificate: "ssl")
    let definition = RoleDefinition(
      name: "Web", kind: .web, vmSizeAttribute: "Standard_A1_v2", endpoints: [endpoint],
      certificates: [CertificateDeclaration(name: "ssl", storeLocation: "LocalMachine", storeName: "My")])
    let configuration = RoleConfiguration(
      name: "Web", instanceCount: 2,
      certificates: [ConfiguredCertificate(name: "ssl", thumbprint: thumbprint, thumbprintAlgorithm: "sha1")])
    var role = Role(name: "Web", definition: definition, configuration: configuration, subnets: ["web"])
    mutate(&role)
    let deployment = Deployment(
      slot: .production, name: "contoso-prod", status: .running, definition: ServiceDefinitionHeader(name: "contoso"),
      configuration: ServiceConfigurationHeader(serviceName: "contoso"), roles: [role], virtualNetwork: .named("vnet1"))
    estate.cloudServices = [CloudService(name: "contoso", region: "West Europe", deployments: [deployment])]
    estate.virtualNetworks = [VirtualNetwork(name: "vnet1", region: "West Europe", subnets: [Subnet(name: "web")])]
    return estate
  }

  static func ruleIDs(
    _ estate: Estate, files: [CertificateFile]? = nil, now: Date = Date(), window: Int = 30
  ) throws -> Set<String> {
    let inventory = CertificateInventory(files: files ?? [Self.files.pfx], expiryWindowDays: window, now: now)
    let engine = ValidationEngine(plugins: [CertificatesPlugin(inventory: inventory)])
    let report = try engine.run(
      ValidationRequest(
        load: EstateLoadResult(estate: estate, problems: []),
        target: .deployment(service: "contoso", slot: "Production", deployment: nil)))
    return Set(report.validationMessages.map(\.ruleId))
  }

  static func setThumbprint(_ value: String, algorithm: String? = "sha1") -> (inout Role) -> Void {
    { role in
      role.configuration?.certificates[0].thumbprint = value
      role.configuration?.certificates[0].thumbprintAlgorithm = algorithm
    }
  }

  @Test func cleanBaseFiresOnlyTheInformation() throws {
    #expect(try Self.ruleIDs(Self.estate()) == ["CERT-KV-NO-ACCESS-POLICY"])
  }

  @Test func thumbprintFormat() throws {
    #expect(try Self.ruleIDs(Self.estate(Self.setThumbprint("12 AB CD"))).contains("CERT-THUMBPRINT-FORMAT"))
    #expect(!(try Self.ruleIDs(Self.estate())).contains("CERT-THUMBPRINT-FORMAT"))
  }

  @Test func thumbprintAlgorithm() throws {
    let thumbprint = Self.files.pfx.leaf?.thumbprint ?? ""
    #expect(
      try Self.ruleIDs(Self.estate(Self.setThumbprint(thumbprint, algorithm: "sha256"))).contains(
        "CERT-THUMBPRINT-ALGORITHM"))
    #expect(
      !(try Self.ruleIDs(Self.estate(Self.setThumbprint(thumbprint, algorithm: nil)))).contains(
        "CERT-THUMBPRINT-ALGORITHM"))
  }

  @Test func csdefCertificateMissingFromCscfg() throws {
    let ids = try Self.ruleIDs(Self.estate { $0.configuration?.certificates = [] })
    #expect(ids.contains("CERT-CSDEF-NOT-IN-CSCFG"))
    let endpointOnly = try Self.ruleIDs(Self.estate { $0.definition?.endpoints[0].certificate = "other" })
    #expect(endpointOnly.contains("CERT-CSDEF-NOT-IN-CSCFG"))
    #expect(!(try Self.ruleIDs(Self.estate())).contains("CERT-CSDEF-NOT-IN-CSCFG"))
  }

  @Test func cscfgCertificateMissingFromCsdef() throws {
    let ids = try Self.ruleIDs(Self.estate { $0.definition?.certificates = [] })
    #expect(ids.contains("CERT-CSCFG-NOT-IN-CSDEF"))
    #expect(!(try Self.ruleIDs(Self.estate())).contains("CERT-CSCFG-NOT-IN-CSDEF"))
  }

  @Test func noMatchingFile() throws {
    #expect(try Self.ruleIDs(Self.estate(), files: []).contains("CERT-NO-FILE"))
    #expect(!(try Self.ruleIDs(Self.estate())).contains("CERT-NO-FILE"))
  }

  @Test func httpsCertificateWithoutPrivateKey() throws {
    #expect(try Self.ruleIDs(Self.estate(), files: [Self.files.der]).contains("CERT-HTTPS-NO-PRIVATE-KEY"))
    #expect(!(try Self.ruleIDs(Self.estate(), files: [Self.files.pfx])).contains("CERT-HTTPS-NO-PRIVATE-KEY"))
  }

  @Test func expiredAndExpiringWindow() throws {
    let notAfter = Self.files.notAfter
    let expired = try Self.ruleIDs(Self.estate(), now: notAfter.addingTimeInterval(86_400))
    #expect(expired.contains("CERT-EXPIRED") && !expired.contains("CERT-EXPIRING"))
    let expiring = try Self.ruleIDs(Self.estate(), now: notAfter.addingTimeInterval(-10 * 86_400), window: 30)
    #expect(expiring.contains("CERT-EXPIRING") && !expiring.contains("CERT-EXPIRED"))
    let outside = try Self.ruleIDs(Self.estate(), now: notAfter.addingTimeInterval(-40 * 86_400), window: 30)
    #expect(!outside.contains("CERT-EXPIRING") && !outside.contains("CERT-EXPIRED"))
    let widened = try Self.ruleIDs(Self.estate(), now: notAfter.addingTimeInterval(-40 * 86_400), window: 60)
    #expect(widened.contains("CERT-EXPIRING"))
  }

  @Test func remoteAccessEncryptionCertificate() throws {
    let ids = try Self.ruleIDs(
      Self.estate { role in
        role.definition?.imports = [PluginImport(moduleName: "RemoteAccess")]
        role.configuration?.certificates.append(
          ConfiguredCertificate(
            name: CertificateNaming.remoteAccessCertificate, thumbprint: String(repeating: "A", count: 40)))
      })
    #expect(ids.contains("CERT-RDP-ENCRYPTION"))
    #expect(!ids.contains("CERT-CSCFG-NOT-IN-CSDEF"))
    #expect(!(try Self.ruleIDs(Self.estate())).contains("CERT-RDP-ENCRYPTION"))
  }

  @Test func keyVaultAccessPolicyInformation() throws {
    let none = Self.estate { role in
      role.configuration?.certificates = []
      role.definition?.certificates = []
      role.definition?.endpoints = []
    }
    #expect(!(try Self.ruleIDs(none)).contains("CERT-KV-NO-ACCESS-POLICY"))
    #expect(try Self.ruleIDs(Self.estate()).contains("CERT-KV-NO-ACCESS-POLICY"))
  }

  @Test func everyRuleHasATestAndAUniqueID() {
    let ids = CertificateRules.all(inventory: nil).map(\.id)
    #expect(Set(ids).count == ids.count)
    #expect(ids.count == 10)
    #expect(ids.allSatisfy { $0.hasPrefix("CERT-") })
  }

  @Test func armStepFillsSecretsWithoutSecrets() throws {
    let mapper = ARMMapper(steps: [CertificatesARMStep.step])
    let plan = try mapper.plan(
      estate: Self.estate(), target: .deployment(service: "contoso", slot: "Production", deployment: nil),
      options: ARMPlanOptions())
    let service = try #require(plan.resources.first { $0.type == "Microsoft.Compute/cloudServices" })
    let vault = try #require(plan.resources.first { $0.type == "Microsoft.KeyVault/vaults" })
    #expect(vault.name == "KV-contoso")
    let secrets = try #require(service.properties[path: ["osProfile", "secrets"]]?.arrayValue)
    #expect(secrets.count == 1)
    #expect(secrets[0][path: ["sourceVault", "id"]]?.stringValue == vault.id)
    let url = secrets[0]["vaultCertificates"]?.arrayValue?.first?["certificateUrl"]?.stringValue ?? ""
    #expect(url.contains("'KV-contoso', 'ssl'") && url.contains("secretUriWithVersion"))
    #expect(plan.findings.contains { $0.code == "certificates.vault-import" })
    #expect(plan.vaultImports?.map(\.name) == ["ssl"] && plan.vaultImports?.first?.kind == .certificate)
  }
}
