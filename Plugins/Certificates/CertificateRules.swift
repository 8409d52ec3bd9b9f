import EstateModel
import Foundation
import PluginAPI

/// The Certificates plugin's rules, as data. Rules that need the certificate files find nothing without an
/// inventory (`validation/run` has none; `certificates/match` and `certificates/plan` supply one).
enum CertificateRules {
  static let docsBase = "https://learn.microsoft.com/azure/cloud-services-extended-support/"
  static let docsCertificates = docsBase + "certificates-and-key-vault"
  static let docsPostMigration = docsBase + "post-migration-changes"
  static let docsCsdef = "https://learn.microsoft.com/azure/cloud-services/schema-csdef-webrole"

  /// A configured certificate with its deployment and role.
  struct Configured {
    var scoped: ScopedDeployment
    var role: Role
    var certificate: ConfiguredCertificate
  }

  /// Every rule; `inventory` feeds the file-based ones.
  static func all(inventory: CertificateInventory?) -> [ValidationRule] {
    [
      rule(
        "CERT-THUMBPRINT-FORMAT", .error, "A .cscfg thumbprint is not 40 hexadecimal digits.",
        "The thumbprint '{thumbprint}' of certificate {certificate} of role {role} is not 40 hexadecimal digits.",
        fix: "Copy the SHA-1 thumbprint of the certificate as 40 hex digits with no spaces (uppercase).",
        docs: docsCertificates, source: "7.2: Certificate@thumbprint",
        example: "<Certificate name=\"ssl\" thumbprint=\"12 AB\"/>"
      ) { input in
        configured(input).filter { !CertificateNaming.isWellFormed($0.certificate.thumbprint) }.map(hit)
      },
      rule(
        "CERT-THUMBPRINT-ALGORITHM", .error, "A .cscfg thumbprint algorithm is not sha1.",
        "Certificate {certificate} of role {role} uses thumbprintAlgorithm '{algorithm}'; only sha1 is supported.",
        fix: "Give the certificate's SHA-1 thumbprint with thumbprintAlgorithm=\"sha1\".", docs: docsCertificates,
        source: "7.2: Certificate@thumbprintAlgorithm",
        example: "<Certificate name=\"ssl\" thumbprint=\"...\" thumbprintAlgorithm=\"sha256\"/>"
      ) { input in
        configured(input).compactMap { item in
          guard let algorithm = item.certificate.thumbprintAlgorithm, algorithm.lowercased() != "sha1" else {
            return nil
          }
          var found = hit(item)
          found.values["algorithm"] = algorithm
          return found
        }
      },
      rule(
        "CERT-CSDEF-NOT-IN-CSCFG", .error, "A certificate named in the .csdef has no thumbprint in the .cscfg.",
        "Role {role} names certificate {certificate} in its {where} but the .cscfg gives it no thumbprint.",
        fix: "Add <Certificate name=\"{certificate}\" thumbprint=\"...\" thumbprintAlgorithm=\"sha1\"/> to the role in "
          + "the .cscfg, or remove the reference from the .csdef.", docs: docsCsdef,
        source: "7.1: Certificates/Certificate, InputEndpoint@certificate",
        example:
          "<InputEndpoint name=\"https\" protocol=\"https\" port=\"443\" certificate=\"ssl\"/> with no ssl in .cscfg"
      ) { input in definedButNotConfigured(input) },
      rule(
        "CERT-CSCFG-NOT-IN-CSDEF", .error, "A .cscfg certificate is not declared in the .csdef.",
        "Role {role} gives a thumbprint for certificate {certificate}, which the .csdef does not declare.",
        fix: "Declare the certificate under the role's <Certificates> in the .csdef, or remove it from the .cscfg.",
        docs: docsCsdef, source: "7.1: Certificates/Certificate",
        example: "<Certificate name=\"extra\" thumbprint=\"...\"/> in .cscfg only"
      ) { input in
        configured(input).filter { item in
          guard let definition = item.role.definition else { return false }
          return !declaredNames(definition).contains(item.certificate.name)
        }.map(hit)
      },
      rule(
        "CERT-NO-FILE", .warning, "A .cscfg thumbprint matches no supplied certificate file.",
        "No supplied file holds the certificate {certificate} of role {role} (thumbprint {thumbprint}).",
        fix: "Supply the .pfx (with its private key) or .cer whose SHA-1 thumbprint is {thumbprint}; the certificate "
          + "must be uploaded to the Key Vault.", docs: docsCertificates, source: "4.1: Certificate migration",
        example: "thumbprint 3BFC… with only other certificates supplied"
      ) { input in
        guard let inventory else { return [] }
        return configured(input).filter {
          $0.certificate.name != CertificateNaming.remoteAccessCertificate
            && inventory.match($0.certificate.thumbprint) == nil
        }.map(hit)
      },
      rule(
        "CERT-HTTPS-NO-PRIVATE-KEY", .error, "The certificate of an HTTPS endpoint has no private key.",
        "Endpoint {endpoint} of role {role} serves HTTPS with certificate {certificate}, but the supplied file "
          + "{file} has no private key for it.",
        fix: "Supply the certificate as a .pfx that includes its private key.", docs: docsCertificates,
        source: "7.1: InputEndpoint@certificate", example: "an https endpoint whose certificate was given as a .cer"
      ) { input in httpsWithoutKey(input, inventory: inventory) },
      rule(
        "CERT-EXPIRED", .error, "A supplied certificate has expired.",
        "Certificate {certificate} of role {role} (thumbprint {thumbprint}) expired on {notAfter}.",
        fix: "Renew the certificate, update the thumbprint in the .cscfg and upload the new one.",
        docs: docsCertificates,
        source: "issue 8", example: "a certificate whose notAfter is in the past"
      ) { input in expiry(input, inventory: inventory, expired: true) },
      rule(
        "CERT-EXPIRING", .warning, "A supplied certificate expires within the window.",
        "Certificate {certificate} of role {role} (thumbprint {thumbprint}) expires on {notAfter}, within {days} days.",
        fix: "Renew the certificate before migrating, or plan its rotation in the Key Vault.", docs: docsCertificates,
        source: "issue 8", example: "a certificate expiring in 10 days with a 30-day window"
      ) { input in expiry(input, inventory: inventory, expired: false) },
      rule(
        "CERT-RDP-ENCRYPTION", .warning, "The RemoteAccess password-encryption certificate is configured.",
        "Role {role} configures the RemoteAccess password-encryption certificate (thumbprint {thumbprint}); extended "
          + "support drops the RemoteAccess plugin and this certificate with it.",
        fix: "Remove the RemoteAccess and RemoteForwarder imports and the certificate; use the RDP extension after "
          + "migration.", docs: docsBase + "deploy-prerequisite", source: "7.1: Imports/Import (deploy-prerequisite)",
        example: "<Certificate name=\"Microsoft.WindowsAzure.Plugins.RemoteAccess.PasswordEncryption\" .../>"
      ) { input in
        configured(input).filter { $0.certificate.name == CertificateNaming.remoteAccessCertificate }.map(hit)
      },
      rule(
        "CERT-KV-NO-ACCESS-POLICY", .information,
        "Certificates land as Key Vault secrets in a vault with no access policy.",
        "The {count} certificate(s) of deployment {deployment} of {service} are stored as secrets in the Key Vault "
          + "{vault}, which is created without any access policies.",
        fix: "After migration, create access policies on {vault} to view or manage the certificates (they are under "
          + "Secrets), and re-upload each certificate as a certificate resource to simplify updates.",
        docs: docsPostMigration, source: "3.2: Certificate displayed as secret resource in key vault.",
        example: "any deployment with a <Certificate> in its .cscfg"
      ) { input in
        input.deployments.compactMap { scoped in
          let count = CertificateNaming.secrets(of: scoped.deployment).count
          guard count > 0 else { return nil }
          return ValidationHit(
            resourceType: "Deployment", resourceName: scoped.deploymentName,
            values: [
              "service": scoped.service.name, "deployment": scoped.deploymentName, "count": String(count),
              "vault": PlatformNames.keyVault(scoped.service.name),
            ], location: scoped.location)
        }
      },
    ]
  }

  static func rule(
    _ id: String, _ severity: ValidationCategory, _ summary: String, _ message: String, fix: String, docs: String,
    source: String, example: String, evaluate: @escaping @Sendable (ValidationRuleInput) -> [ValidationHit]
  ) -> ValidationRule {
    ValidationRule(
      id: id, scope: .certificate, severity: severity, summary: summary, messageTemplate: message, fix: fix,
      docs: docs, sources: [source], example: example, evaluate: evaluate)
  }

  static func configured(_ input: ValidationRuleInput) -> [Configured] {
    input.deployments.flatMap { scoped in
      scoped.deployment.roles.flatMap { role in
        (role.configuration?.certificates ?? []).map { Configured(scoped: scoped, role: role, certificate: $0) }
      }
    }
  }

  static func hit(_ item: Configured) -> ValidationHit {
    ValidationHit(
      resourceType: "Certificate", resourceName: "\(item.role.name)/\(item.certificate.name)",
      values: [
        "service": item.scoped.service.name, "deployment": item.scoped.deploymentName, "role": item.role.name,
        "certificate": item.certificate.name, "thumbprint": item.certificate.thumbprint,
      ], location: item.certificate.location ?? item.role.configuration?.location, virtualMachineName: item.role.name)
  }

  /// Names the `.csdef` declares for a role, with the RemoteAccess import's implicit certificate.
  static func declaredNames(_ definition: RoleDefinition) -> Set<String> {
    var names = Set(definition.certificates.map(\.name))
    if definition.imports.contains(where: { $0.moduleName == "RemoteAccess" }) {
      names.insert(CertificateNaming.remoteAccessCertificate)
    }
    return names
  }

  static func definedButNotConfigured(_ input: ValidationRuleInput) -> [ValidationHit] {
    input.deployments.flatMap { scoped in
      scoped.deployment.roles.flatMap { role -> [ValidationHit] in
        guard let definition = role.definition, let configuration = role.configuration else { return [] }
        let configured = Set(configuration.certificates.map(\.name))
        var named: [(String, String, SourceLocation?)] = definition.certificates.map {
          ($0.name, "Certificates", $0.location)
        }
        named += definition.endpoints.compactMap { endpoint in
          endpoint.certificate.map { ($0, "endpoint \(endpoint.name)", endpoint.location) }
        }
        var seen: Set<String> = []
        return named.filter { !configured.contains($0.0) && seen.insert($0.0).inserted }.map { name, place, location in
          ValidationHit(
            resourceType: "Certificate", resourceName: "\(role.name)/\(name)",
            values: [
              "service": scoped.service.name, "deployment": scoped.deploymentName, "role": role.name,
              "certificate": name, "where": place,
            ], location: location ?? definition.location, virtualMachineName: role.name)
        }
      }
    }
  }

  static func httpsWithoutKey(_ input: ValidationRuleInput, inventory: CertificateInventory?) -> [ValidationHit] {
    guard let inventory else { return [] }
    return input.deployments.flatMap { scoped in
      scoped.deployment.roles.flatMap { role -> [ValidationHit] in
        (role.definition?.endpoints ?? []).compactMap { endpoint in
          guard endpoint.protocol?.lowercased() == "https", let name = endpoint.certificate,
            let configured = role.configuration?.certificates.first(where: { $0.name == name }),
            let found = inventory.match(configured.thumbprint), !found.certificate.hasPrivateKey
          else { return nil }
          var result = hit(Configured(scoped: scoped, role: role, certificate: configured))
          result.values["endpoint"] = endpoint.name
          result.values["file"] = found.file.source
          return result
        }
      }
    }
  }

  static func expiry(_ input: ValidationRuleInput, inventory: CertificateInventory?, expired: Bool) -> [ValidationHit] {
    guard let inventory else { return [] }
    let window = inventory.now.addingTimeInterval(Double(inventory.expiryWindowDays) * 86_400)
    return configured(input).compactMap { item in
      guard let found = inventory.match(item.certificate.thumbprint) else { return nil }
      let notAfter = found.certificate.notAfter
      let isExpired = notAfter <= inventory.now
      guard expired ? isExpired : (!isExpired && notAfter <= window) else { return nil }
      var result = hit(item)
      result.values["notAfter"] = CertificateDetails.iso(notAfter)
      result.values["days"] = String(inventory.expiryWindowDays)
      return result
    }
  }
}
