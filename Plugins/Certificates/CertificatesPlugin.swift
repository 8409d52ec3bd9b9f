import EstateModel
import Foundation
public import PluginAPI
import WorkerProtocol

/// Certificates: reads the real certificate files, matches them to `.cscfg` thumbprints, plans the Key Vault.
///
/// Contributes the `CERT-*` rules, the `certificates.secrets` ARM mapping step and `certificates/inspect`,
/// `certificates/match` and `certificates/plan`. Private keys and passwords never appear in any output.
public struct CertificatesPlugin: WorkerPlugin {
  public let name = "certificates"
  public let version = "1.0.0"
  public let summary =
    "Checks certificate files against .cscfg thumbprints and plans the Key Vault and osProfile.secrets."
  /// Files the file-based rules see in `validation/run` (none by default: those rules then find nothing).
  public let inventory: CertificateInventory?

  /// Makes the plugin; tests pass an inventory to exercise the file-based rules through the engine.
  public init(inventory: CertificateInventory? = nil) { self.inventory = inventory }

  public var validationRules: [ValidationRule] { CertificateRules.all(inventory: inventory) }
  public var armMappingSteps: [ARMMappingStep] { [CertificatesARMStep.step] }
  public var methods: [MethodSpec] {
    [
      inspect.accessing(.independent).asTool(
        title: "Inspect certificate files",
        use: "Use it to read thumbprints, subjects and expiry dates of .cer/.pem/.pfx files under the root; the "
          + "password comes from passwordEnv or passwordFd, never from the chat."),
      match.asTool(
        title: "Match certificates to thumbprints",
        use: "Use it to check that the certificate files the user has cover every thumbprint the .cscfg names."),
      plan.asTool(
        title: "Key Vault plan for a deployment's certificates",
        use: "Use it for the Key Vault, secrets and upload commands extended support needs for a target."),
    ]
  }

  struct InspectParams: Decodable, Sendable {
    var files: [CertificateFileReference]
    var password: String?
    var passwordEnv: String?
    var passwordFd: Int32?
    var source: PasswordSource { PasswordSource(password: password, passwordEnv: passwordEnv, passwordFd: passwordFd) }
  }

  struct InspectResult: Encodable, Sendable { var files: [CertificateFile] }

  static let filesSchema: JSONValue = [
    "type": "array",
    "items": [
      "type": "object", "description": "Exactly one of path (under --root) and base64; optionally its own password.",
      "properties": [
        "path": ["type": "string"], "base64": ["type": "string"], "password": ["type": "string"],
        "passwordEnv": ["type": "string"], "passwordFd": ["type": "integer"],
      ],
    ],
  ]
  static let passwordProperties: [(String, JSONValue)] = [
    ("password", ["type": "string", "description": "PKCS#12 password (never echoed)."]),
    ("passwordEnv", ["type": "string", "description": "Name of an environment variable holding the password."]),
    (
      "passwordFd",
      [
        "type": "integer",
        "description": "A descriptor the worker inherited at start-up (above 2) holding the password.",
      ]
    ),
  ]

  static func schema(required: [String], extra: [(String, JSONValue)]) -> JSONValue {
    var properties = JSONObject()
    for (key, value) in [("files", filesSchema)] + passwordProperties + extra { properties[key] = value }
    return ["type": "object", "required": .array(required.map { .string($0) }), "properties": .object(properties)]
  }

  var inspect: MethodSpec {
    MethodSpec.codable(
      name: "certificates/inspect",
      summary:
        "Reads X.509 (PEM/DER) and PKCS#12 files: thumbprints, subject, issuer, SANs, validity, key, private key.",
      paramsSchema: Self.schema(required: ["files"], extra: []),
      resultSchema: ["type": "object", "required": ["files"]], errors: [.invalidInput, .pathOutsideRoot, .notFound]
    ) { (params: InspectParams, context: RequestContext) throws(PluginError) -> InspectResult in
      InspectResult(
        files: try CertificateFileLoader.load(params.files, password: params.source, services: context.services))
    }
  }

  struct MatchParams: Decodable, Sendable {
    var estate: EstateReference
    var files: [CertificateFileReference]
    var target: MigrationTarget?
    var password: String?
    var passwordEnv: String?
    var passwordFd: Int32?
    var expiryWindowDays: Int?
    var asOf: String?
    var source: PasswordSource { PasswordSource(password: password, passwordEnv: passwordEnv, passwordFd: passwordFd) }
  }

  struct Match: Encodable, Sendable {
    var service: String
    var deployment: String
    var slot: String
    var role: String
    var certificate: String
    var thumbprint: String
    var storeLocation: String?
    var storeName: String?
    var file: String?
    var hasPrivateKey: Bool?
    var notAfter: String?
  }

  struct UnmatchedFile: Encodable, Sendable {
    var file: String
    var thumbprint: String
    var subject: String
  }

  struct MatchResult: Encodable, Sendable {
    var matches: [Match]
    var unmatchedFiles: [UnmatchedFile]
    var findings: [CertificateFinding]
  }

  static let commonExtra: [(String, JSONValue)] = [
    ("estate", EstateReference.jsonSchema),
    ("target", ["type": "object", "description": "{service, slot?|deployment?} or {virtualNetwork}."]),
    ("expiryWindowDays", ["type": "integer", "description": "Days before expiry that count as expiring (30)."]),
    ("asOf", ["type": "string", "description": "ISO 8601 moment expiry is judged at (now)."]),
  ]

  var match: MethodSpec {
    MethodSpec.codable(
      name: "certificates/match",
      summary:
        "Matches supplied certificate files to the .cscfg thumbprints per role and store, with the CERT-* findings.",
      paramsSchema: Self.schema(required: ["estate", "files"], extra: Self.commonExtra),
      resultSchema: ["type": "object", "required": ["matches", "unmatchedFiles", "findings"]],
      errors: [.invalidInput, .pathOutsideRoot, .notFound]
    ) { (params: MatchParams, context: RequestContext) throws(PluginError) -> MatchResult in
      let resolved = try context.services.require((any EstateResolving).self)
        .resolve(params.estate, field: "estate", producingFor: params.target)
      let files = try CertificateFileLoader.load(params.files, password: params.source, services: context.services)
      let inventory = CertificateInventory(
        files: files, expiryWindowDays: params.expiryWindowDays ?? 30, now: try CertificateFindings.moment(params.asOf))
      let estate = resolved.load.estate
      let deployments = CertificateFindings.deployments(of: estate, target: params.target)
      var matches: [Match] = []
      var used: Set<String> = []
      for (index, scoped) in deployments.enumerated() {
        try context.step(index + 1, of: deployments.count, "matching \(scoped.service.name)")
        for role in scoped.deployment.roles {
          for certificate in role.configuration?.certificates ?? [] {
            let declared = role.definition?.certificates.first { $0.name == certificate.name }
            let found = inventory.match(certificate.thumbprint)
            if let found { used.insert(found.certificate.thumbprint) }
            matches.append(
              Match(
                service: scoped.service.name, deployment: scoped.deploymentName, slot: scoped.deployment.slot.rawValue,
                role: role.name, certificate: certificate.name, thumbprint: certificate.thumbprint,
                storeLocation: declared?.storeLocation, storeName: declared?.storeName, file: found?.file.source,
                hasPrivateKey: found?.certificate.hasPrivateKey,
                notAfter: found.map { CertificateDetails.iso($0.certificate.notAfter) }))
          }
        }
      }
      let unmatched = files.compactMap { file -> UnmatchedFile? in
        guard let leaf = file.leaf, !file.certificates.contains(where: { used.contains($0.thumbprint) }) else {
          return nil
        }
        return UnmatchedFile(file: file.source, thumbprint: leaf.thumbprint, subject: leaf.subject)
      }
      return MatchResult(
        matches: matches, unmatchedFiles: unmatched,
        findings: CertificateFindings.run(
          estate: estate, deployments: deployments, target: params.target, inventory: inventory))
    }
  }

  struct PlanParams: Decodable, Sendable {
    var estate: EstateReference
    var target: MigrationTarget
    var files: [CertificateFileReference]?
    var vaultName: String?
    var options: ARMPlanOptions?
    var password: String?
    var passwordEnv: String?
    var passwordFd: Int32?
    var expiryWindowDays: Int?
    var asOf: String?
    var source: PasswordSource { PasswordSource(password: password, passwordEnv: passwordEnv, passwordFd: passwordFd) }
  }

  struct PlanResult: Encodable, Sendable {
    var services: [ServiceCertificatePlan]
    var findings: [CertificateFinding]
  }

  var plan: MethodSpec {
    MethodSpec.codable(
      name: "certificates/plan",
      summary: "Plans the Key Vault, secret names, osProfile.secrets and the upload command lines for a target.",
      paramsSchema: Self.schema(
        required: ["estate", "target"],
        extra: Self.commonExtra + [
          ("vaultName", ["type": "string", "description": "Vault name instead of KV-<service>."]),
          ("options", ["type": "object", "description": "ARM plan options (naming, names, location)."]),
        ]),
      resultSchema: ["type": "object", "required": ["services", "findings"]],
      errors: [.invalidInput, .pathOutsideRoot, .notFound]
    ) { (params: PlanParams, context: RequestContext) throws(PluginError) -> PlanResult in
      if let name = params.vaultName, let why = ARMNameRule.rule(for: CertificatePlanner.vaultType)?.violation(of: name)
      {
        throw PluginError(
          code: .invalidInput, message: "vaultName '\(name)' is not a valid Key Vault name: it \(why)",
          data: ["field": "vaultName"])
      }
      let resolved = try context.services.require((any EstateResolving).self)
        .resolve(params.estate, field: "estate", producingFor: params.target)
      let planner = try context.services.require((any ARMPlanning).self)
      let armPlan = try context.reportingSteps { () throws(PluginError) in
        try planner.plan(for: resolved, target: params.target, options: params.options ?? ARMPlanOptions())
      }
      let files = try CertificateFileLoader.load(
        params.files ?? [], password: params.source, services: context.services)
      let inventory = CertificateInventory(
        files: files, expiryWindowDays: params.expiryWindowDays ?? 30, now: try CertificateFindings.moment(params.asOf))
      let estate = resolved.load.estate
      let deployments = CertificateFindings.deployments(of: estate, target: params.target)
      try context.stopIfCancelled()
      let services = CertificatePlanner.plan(
        deployments: deployments, armPlan: armPlan, vaultName: params.vaultName, inventory: inventory)
      var findings = CertificateFindings.run(
        estate: estate, deployments: deployments, target: params.target, inventory: inventory)
      if files.isEmpty { findings.removeAll { $0.ruleId == "CERT-NO-FILE" } }
      for service in services {
        guard let problem = service.keyVault.nameProblem else { continue }
        findings.append(
          CertificateFinding(
            ruleId: "CERT-VAULT-NAME", category: .warning, resourceName: service.keyVault.name,
            message: "The Key Vault name \(service.keyVault.name) breaks Key Vault's naming rules: it \(problem).",
            fix: "Pass vaultName with 3 to 24 letters, digits and single hyphens, starting with a letter.",
            location: nil))
      }
      return PlanResult(services: services, findings: findings)
    }
  }
}
