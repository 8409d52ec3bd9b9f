import Crypto
import EstateModel
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// Reads certificate files: X.509 in PEM or DER with swift-certificates, PKCS#12 with OpenSSL.
///
/// The format is recognised from the content (PEM armour, then X.509 DER, then PKCS#12); the extension only
/// decides which binary format is tried first. Key material never leaves this type: a PEM private key is
/// parsed only to check that it belongs to the certificate.
enum CertificateReader {
  /// Why a file could not be read.
  enum Failure: Error, Equatable {
    /// Not a certificate in any supported format (or truncated).
    case corrupt(String)
    /// A PKCS#12 file whose password is wrong or missing.
    case wrongPassword(passwordGiven: Bool)
    /// A file that is no PEM or DER certificate, which only libcrypto could read as PKCS#12, and libcrypto cannot
    /// be opened.
    case libraryUnavailable(SystemLibraryUnavailable)
  }

  /// Reads one file's bytes; `source` is echoed in the result.
  static func read(
    _ bytes: [UInt8], source: String, pkcs12First: Bool, password: SecretBytes?
  ) throws(Failure) -> CertificateFile {
    if let text = String(validating: bytes, as: UTF8.self), text.contains("-----BEGIN ") {
      return try readPEM(text, source: source)
    }
    if !pkcs12First, let file = try? readDER(bytes, source: source) { return file }
    switch Result(catching: { () throws(PKCS12Reader.Failure) in try PKCS12Reader.read(bytes, password: password) }) {
    case .success(let contents):
      return try pkcs12File(contents, source: source)
    case .failure(.wrongPassword(let given)):
      throw .wrongPassword(passwordGiven: given)
    case .failure(.notPKCS12):
      if pkcs12First, let file = try? readDER(bytes, source: source) { return file }
      throw .corrupt("not an X.509 certificate (PEM or DER) nor a PKCS#12 file, or truncated")
    case .failure(.unreadable):
      throw .corrupt("the PKCS#12 file's contents cannot be decrypted or read")
    case .failure(.libraryUnavailable(let library)):
      if pkcs12First, let file = try? readDER(bytes, source: source) { return file }
      throw .libraryUnavailable(library)
    }
  }

  private static func readDER(_ bytes: [UInt8], source: String) throws(Failure) -> CertificateFile {
    do {
      let certificate = try Certificate(derEncoded: bytes)
      return CertificateFile(
        source: source, format: "der", certificates: [details(certificate, der: bytes, hasPrivateKey: false)])
    } catch {
      throw .corrupt("not a DER X.509 certificate")
    }
  }

  private static func readPEM(_ text: String, source: String) throws(Failure) -> CertificateFile {
    let documents: [PEMDocument]
    do {
      documents = try PEMDocument.parseMultiple(pemString: text)
    } catch {
      throw .corrupt("the PEM armour is damaged or truncated")
    }
    let keys = documents.filter { $0.discriminator.hasSuffix("PRIVATE KEY") }
      .compactMap { try? Certificate.PrivateKey(pemDocument: $0) }
    var certificates: [CertificateDetails] = []
    for document in documents where document.discriminator == "CERTIFICATE" {
      do {
        let certificate = try Certificate(derEncoded: document.derBytes)
        let owned = keys.contains { $0.publicKey == certificate.publicKey }
        certificates.append(details(certificate, der: document.derBytes, hasPrivateKey: owned))
      } catch {
        throw .corrupt("a CERTIFICATE block does not hold a valid X.509 certificate")
      }
    }
    guard !certificates.isEmpty else { throw .corrupt("the PEM file holds no CERTIFICATE block") }
    return CertificateFile(source: source, format: "pem", certificates: leafFirst(certificates))
  }

  private static func pkcs12File(_ contents: PKCS12Reader.Contents, source: String) throws(Failure) -> CertificateFile {
    var certificates: [CertificateDetails] = []
    for (index, der) in contents.certificates.enumerated() {
      guard let certificate = try? Certificate(derEncoded: der) else {
        throw .corrupt("the PKCS#12 file holds a certificate that cannot be read")
      }
      certificates.append(details(certificate, der: der, hasPrivateKey: index == contents.keyIndex))
    }
    guard !certificates.isEmpty else { throw .corrupt("the PKCS#12 file holds no certificate") }
    return CertificateFile(source: source, format: "pkcs12", certificates: leafFirst(certificates))
  }

  /// Puts the certificate with a private key first, keeping the others in file order.
  private static func leafFirst(_ certificates: [CertificateDetails]) -> [CertificateDetails] {
    certificates.filter(\.hasPrivateKey) + certificates.filter { !$0.hasPrivateKey }
  }

  /// The report of one parsed certificate.
  static func details(_ certificate: Certificate, der: [UInt8], hasPrivateKey: Bool) -> CertificateDetails {
    let (keyType, keySize) = keyDescription(certificate.publicKey)
    return CertificateDetails(
      thumbprint: hex(Insecure.SHA1.hash(data: der)), sha256: hex(SHA256.hash(data: der)),
      subject: certificate.subject.description, issuer: certificate.issuer.description,
      serialNumber: hex(certificate.serialNumber.bytes), subjectAlternativeNames: alternativeNames(certificate),
      notBefore: certificate.notValidBefore, notAfter: certificate.notValidAfter, keyType: keyType, keySize: keySize,
      hasPrivateKey: hasPrivateKey, selfSigned: certificate.subject == certificate.issuer)
  }

  private static func keyDescription(_ key: Certificate.PublicKey) -> (String, Int?) {
    if let rsa = _RSA.Signing.PublicKey(key) { return ("RSA", rsa.keySizeInBits) }
    if P256.Signing.PublicKey(key) != nil { return ("EC", 256) }
    if P384.Signing.PublicKey(key) != nil { return ("EC", 384) }
    if P521.Signing.PublicKey(key) != nil { return ("EC", 521) }
    if Curve25519.Signing.PublicKey(key) != nil { return ("Ed25519", 256) }
    return ("unknown", nil)
  }

  private static func alternativeNames(_ certificate: Certificate) -> [String] {
    guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
    return names.map { name in
      switch name {
      case .dnsName(let host): "DNS:" + host
      case .rfc822Name(let mail): "email:" + mail
      case .uniformResourceIdentifier(let uri): "URI:" + uri
      case .ipAddress(let octets): "IP:" + ipText(Array(octets.bytes))
      default: "other:" + String(describing: name)
      }
    }
  }

  private static func ipText(_ bytes: [UInt8]) -> String {
    if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
    return stride(from: 0, to: bytes.count, by: 2).map { index in
      String(format: "%x", Int(bytes[index]) << 8 | Int(bytes[min(index + 1, bytes.count - 1)]))
    }.joined(separator: ":")
  }

  /// Uppercase hex of bytes.
  static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    bytes.map { String(format: "%02X", $0) }.joined()
  }
}
