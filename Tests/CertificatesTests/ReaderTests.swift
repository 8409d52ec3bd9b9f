import Foundation
import PluginAPI
import Testing
import WorkerProtocol

@testable import Certificates

/// Reading PEM, DER and PKCS#12 files that openssl made, checked against openssl's own fingerprint.
struct ReaderTests {
  static func secret(_ text: String) -> SecretBytes { SecretBytes(Array(text.utf8)) }

  @Test func thumbprintsAgreeWithOpenSSL() throws {
    let fixture = try OpenSSLFixture()
    defer { fixture.remove() }
    let expected = try fixture.fingerprint("cert")
    #expect(expected.count == 40)
    let pem = try CertificateReader.read(
      try fixture.bytes("cert.pem"), source: "cert.pem", pkcs12First: false, password: nil)
    let der = try CertificateReader.read(
      try fixture.bytes("cert.cer"), source: "cert.cer", pkcs12First: false, password: nil)
    let pfx = try CertificateReader.read(
      try fixture.bytes("cert.pfx"), source: "cert.pfx", pkcs12First: true,
      password: Self.secret(OpenSSLFixture.password))
    #expect(pem.format == "pem" && der.format == "der" && pfx.format == "pkcs12")
    for file in [pem, der, pfx] {
      #expect(file.leaf?.thumbprint == expected)
      #expect(file.leaf?.subject.contains("cert.contoso.test") == true)
      #expect(file.leaf?.subjectAlternativeNames == ["DNS:www.cert.contoso.test"])
      #expect(file.leaf?.keyType == "RSA" && file.leaf?.keySize == 2048)
      #expect(file.leaf?.sha256.count == 64)
    }
    #expect(pfx.hasPrivateKey && !der.hasPrivateKey && !pem.hasPrivateKey)
  }

  @Test func pemWithItsKeyHasAPrivateKey() throws {
    let fixture = try OpenSSLFixture()
    defer { fixture.remove() }
    let bytes = try fixture.bytes("cert.pem") + fixture.bytes("cert.key")
    let file = try CertificateReader.read(bytes, source: "both.pem", pkcs12First: false, password: nil)
    #expect(file.hasPrivateKey)
  }

  @Test func wrongAndMissingPasswords() throws {
    let fixture = try OpenSSLFixture()
    defer { fixture.remove() }
    let bytes = try fixture.bytes("cert.pfx")
    #expect(throws: CertificateReader.Failure.wrongPassword(passwordGiven: true)) {
      try CertificateReader.read(bytes, source: "cert.pfx", pkcs12First: true, password: Self.secret("nope"))
    }
    #expect(throws: CertificateReader.Failure.wrongPassword(passwordGiven: false)) {
      try CertificateReader.read(bytes, source: "cert.pfx", pkcs12First: true, password: nil)
    }
  }

  @Test(arguments: ["cert.pfx", "cert.cer", "cert.pem"])
  func truncatedFilesAreCorrupt(name: String) throws {
    let fixture = try OpenSSLFixture()
    defer { fixture.remove() }
    let bytes = try fixture.bytes(name)
    let half = Array(bytes.prefix(bytes.count / 2))
    #expect(throws: (any Error).self) {
      try CertificateReader.read(
        half, source: name, pkcs12First: name.hasSuffix(".pfx"), password: Self.secret(OpenSSLFixture.password))
    }
    do {
      _ = try CertificateReader.read(
        half, source: name, pkcs12First: name.hasSuffix(".pfx"), password: Self.secret(OpenSSLFixture.password))
    } catch {
      guard case .corrupt = error else { Issue.record("expected corrupt, got \(error)"); return }
    }
  }

  @Test func pfxWithoutPrivateKey() throws {
    let fixture = try OpenSSLFixture()
    defer { fixture.remove() }
    let file = try CertificateReader.read(
      try fixture.bytes("cert-nokey.pfx"), source: "n.pfx", pkcs12First: true,
      password: Self.secret(OpenSSLFixture.password))
    #expect(file.format == "pkcs12")
    #expect(file.leaf?.thumbprint == (try fixture.fingerprint("cert")))
    #expect(!file.hasPrivateKey)
  }

  @Test func passwordFromDescriptorAndWipe() throws {
    var descriptors: [Int32] = [0, 0]
    #expect(pipe(&descriptors) == 0)
    let text = Array("fd-secret-42\nrest".utf8)
    _ = text.withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
    close(descriptors[1])
    defer { close(descriptors[0]) }
    let inherited = InheritedDescriptors(allowed: [descriptors[0]])
    let secret = try #require(
      try PasswordSource(passwordFd: descriptors[0]).resolve(field: "", descriptors: inherited))
    #expect(secret.occurs(in: Array("xx fd-secret-42 yy".utf8)))
    #expect(!secret.occurs(in: Array("fd-secret-42\nrest".utf8.dropFirst(1))))
    secret.wipe()
    #expect(!secret.occurs(in: Array("fd-secret-42".utf8)))
  }

  @Test func passwordDescriptorMustBeInherited() throws {
    var descriptors: [Int32] = [0, 0]
    #expect(pipe(&descriptors) == 0)
    defer { descriptors.forEach { close($0) } }
    // Standard streams are refused even when listed; a descriptor opened after start-up is refused.
    let inherited = InheritedDescriptors(allowed: [0, 1, 2, 990])
    for descriptor in [0, 1, 2, descriptors[0]] as [Int32] {
      do {
        _ = try PasswordSource(passwordFd: descriptor).resolve(field: "files[1]", descriptors: inherited)
        Issue.record("descriptor \(descriptor) was read")
      } catch {
        #expect(error.responseError.code == .invalidParams)
        #expect(error.responseError.data?["field"] == "files[1].passwordFd")
        #expect(error.responseError.data?["reason"] == "descriptor-not-inherited")
      }
    }
    // The start-up snapshot lists what is open above 2 (the worker takes it first thing in main).
    let open = InheritedDescriptors.openDescriptors()
    #expect(open.contains(descriptors[0]) && open.contains(descriptors[1]))
    #expect(!open.contains(0) && !open.contains(1) && !open.contains(2))
  }

  @Test func passwordFromEnvironment() throws {
    setenv("CSMIGRATE_TEST_PFX_PASSWORD_R", OpenSSLFixture.password, 1)
    let secret = try #require(
      try PasswordSource(passwordEnv: "CSMIGRATE_TEST_PFX_PASSWORD_R").resolve(
        field: "", descriptors: .init(allowed: [])))
    #expect(secret.occurs(in: Array(OpenSSLFixture.password.utf8)))
    #expect(throws: (any Error).self) {
      try PasswordSource(passwordEnv: "CSMIGRATE_NOT_SET_ANYWHERE").resolve(field: "", descriptors: .init(allowed: []))
    }
    #expect(throws: (any Error).self) {
      try PasswordSource(password: "a", passwordEnv: "B").resolve(field: "", descriptors: .init(allowed: []))
    }
  }
}
