public import EstateModel
public import Foundation

/// The certificate files a caller supplied, indexed by SHA-1 thumbprint, with the rule settings around them.
public struct CertificateInventory: Sendable {
  /// The files, in the caller's order.
  public var files: [CertificateFile]
  /// How many days before expiry a certificate counts as expiring.
  public var expiryWindowDays: Int
  /// The moment expiry is judged against.
  public var now: Date

  /// Makes an inventory.
  public init(files: [CertificateFile], expiryWindowDays: Int = 30, now: Date = Date()) {
    self.files = files
    self.expiryWindowDays = expiryWindowDays
    self.now = now
  }

  /// The first file whose leaf certificate (or any certificate) has this thumbprint, with that certificate.
  public func match(_ thumbprint: String) -> (file: CertificateFile, certificate: CertificateDetails)? {
    let wanted = CertificateNaming.normalizedThumbprint(thumbprint)
    for file in files {
      if let certificate = file.certificates.first(where: { $0.thumbprint == wanted }) { return (file, certificate) }
    }
    return nil
  }
}

/// Names and forms shared by the rules, the ARM step and `certificates/plan`.
public enum CertificateNaming {
  /// The RemoteAccess password-encryption certificate, which extended support drops with the plugin.
  public static let remoteAccessCertificate = "Microsoft.WindowsAzure.Plugins.RemoteAccess.PasswordEncryption"

  /// A thumbprint as compared: spaces and colons removed, uppercase.
  public static func normalizedThumbprint(_ text: String) -> String {
    String(text.filter { $0 != " " && $0 != ":" }).uppercased()
  }

  /// Whether a thumbprint is 40 hex digits (as `.cscfg` requires for SHA-1).
  public static func isWellFormed(_ thumbprint: String) -> Bool {
    thumbprint.count == 40 && thumbprint.allSatisfy(\.isHexDigit)
  }

  /// The Key Vault secret name of a certificate: its `.cscfg` name with characters Key Vault refuses replaced by
  /// `-`, cut to 80 characters. The platform's own secret names are not documented ([UNCONFIRMED]).
  public static func secretName(_ certificateName: String) -> String {
    let mapped = certificateName.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
    let trimmed = String(mapped.prefix(80))
    return trimmed.isEmpty ? "certificate" : trimmed
  }

  /// The certificates a deployment installs, one per distinct thumbprint, with the secret name each gets.
  ///
  /// The RemoteAccess password-encryption certificate is left out (the rewritten `.cscfg` drops it). When two
  /// thumbprints would share a secret name, the later one gets `-<thumbprint>` appended.
  public static func secrets(of deployment: Deployment) -> [PlannedSecret] {
    var result: [PlannedSecret] = []
    var byThumbprint: [String: Int] = [:]
    for role in deployment.roles {
      for certificate in role.configuration?.certificates ?? [] where certificate.name != remoteAccessCertificate {
        let thumbprint = normalizedThumbprint(certificate.thumbprint)
        if let index = byThumbprint[thumbprint] {
          result[index].uses.append(PlannedSecret.Use(role: role.name, certificate: certificate.name))
          continue
        }
        var name = secretName(certificate.name)
        if result.contains(where: { $0.secretName.lowercased() == name.lowercased() }) {
          name = String((name + "-" + thumbprint).prefix(127))
        }
        byThumbprint[thumbprint] = result.count
        result.append(
          PlannedSecret(
            secretName: name, thumbprint: thumbprint,
            uses: [PlannedSecret.Use(role: role.name, certificate: certificate.name)]))
      }
    }
    return result
  }

  /// `https://<vault>.vault.azure.net/secrets/<name>/<version>`, the form `certificateUrl` takes.
  public static func certificateURL(vault: String, secret: String, version: String = "{secret-version}") -> String {
    "https://\(vault.lowercased()).vault.azure.net/secrets/\(secret)/\(version)"
  }
}

/// One Key Vault secret a deployment's certificates need.
public struct PlannedSecret: Codable, Sendable, Hashable {
  /// A role and certificate name using the secret.
  public struct Use: Codable, Sendable, Hashable {
    /// The role.
    public var role: String
    /// The certificate's `.cscfg` name.
    public var certificate: String
  }

  /// The secret's name in the vault.
  public var secretName: String
  /// The SHA-1 thumbprint.
  public var thumbprint: String
  /// Where the certificate is used.
  public var uses: [Use]
}
