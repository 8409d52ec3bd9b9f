public import Foundation

/// What csmigrate reports about one X.509 certificate: identity, validity, key; never key material.
public struct CertificateDetails: Encodable, Sendable, Hashable {
  /// SHA-1 of the DER encoding in uppercase hex: the thumbprint `.cscfg` files use.
  public var thumbprint: String
  /// SHA-256 of the DER encoding in uppercase hex.
  public var sha256: String
  /// The subject distinguished name.
  public var subject: String
  /// The issuer distinguished name.
  public var issuer: String
  /// The serial number in hex.
  public var serialNumber: String
  /// Subject alternative names (`DNS:host`, `IP:…`, `email:…`, `URI:…`).
  public var subjectAlternativeNames: [String]
  /// Start of validity.
  public var notBefore: Date
  /// End of validity.
  public var notAfter: Date
  /// `RSA`, `EC` or `Ed25519`.
  public var keyType: String
  /// Key size in bits (curve size for EC).
  public var keySize: Int?
  /// Whether the file carries the private key of this certificate.
  public var hasPrivateKey: Bool
  /// Whether subject and issuer are the same.
  public var selfSigned: Bool

  private enum CodingKeys: String, CodingKey {
    case thumbprint, sha256, subject, issuer, serialNumber, subjectAlternativeNames, notBefore, notAfter, keyType
    case keySize, hasPrivateKey, selfSigned
  }

  /// Encodes dates as ISO 8601 UTC text, whatever the encoder's date strategy.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(thumbprint, forKey: .thumbprint)
    try container.encode(sha256, forKey: .sha256)
    try container.encode(subject, forKey: .subject)
    try container.encode(issuer, forKey: .issuer)
    try container.encode(serialNumber, forKey: .serialNumber)
    try container.encode(subjectAlternativeNames, forKey: .subjectAlternativeNames)
    try container.encode(Self.iso(notBefore), forKey: .notBefore)
    try container.encode(Self.iso(notAfter), forKey: .notAfter)
    try container.encode(keyType, forKey: .keyType)
    try container.encodeIfPresent(keySize, forKey: .keySize)
    try container.encode(hasPrivateKey, forKey: .hasPrivateKey)
    try container.encode(selfSigned, forKey: .selfSigned)
  }

  /// ISO 8601 text of a date, in UTC, to the second.
  static func iso(_ date: Date) -> String {
    date.formatted(
      .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
        .timeSeparator(.colon).timeZone(separator: .omitted))
  }
}

/// One file (or base64 blob) that was read: its format and the certificates in it, leaf first.
public struct CertificateFile: Encodable, Sendable, Hashable {
  /// The path relative to the root, or `base64[<index>]` for inline content.
  public var source: String
  /// `pem`, `der` or `pkcs12`.
  public var format: String
  /// The certificates, the one owning the private key (or the first) first.
  public var certificates: [CertificateDetails]

  /// The certificate the file stands for: the one with the private key, else the first.
  public var leaf: CertificateDetails? { certificates.first }
  /// Whether the file carries a private key.
  public var hasPrivateKey: Bool { certificates.contains(where: \.hasPrivateKey) }
}
