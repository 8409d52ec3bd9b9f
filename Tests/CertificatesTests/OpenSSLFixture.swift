import Foundation

/// Certificates made by the `openssl` command line in a fresh temporary directory, for one test.
struct OpenSSLFixture {
  static let password = "Pfx-Pass-7781!"
  let directory: URL

  /// Creates the directory and a self-signed RSA certificate `cert` (PEM key + cert, DER, PFX, PFX without key).
  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("certs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try makeCertificate("cert", days: 365)
  }

  /// Runs openssl with arguments in the directory; returns stdout.
  @discardableResult
  func openssl(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl"] + arguments
    process.currentDirectoryURL = directory
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw FixtureError.failed(arguments.joined(separator: " ")) }
    return String(decoding: data, as: UTF8.self)
  }

  /// `<name>.key`, `<name>.pem`, `<name>.cer` (DER), `<name>.pfx` (password) and `<name>-nokey.pfx`.
  func makeCertificate(_ name: String, days: Int) throws {
    try openssl([
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key", "-out", "\(name).pem", "-days",
      String(days), "-subj", "/CN=\(name).contoso.test", "-addext", "subjectAltName=DNS:www.\(name).contoso.test",
    ])
    try openssl(["x509", "-in", "\(name).pem", "-outform", "DER", "-out", "\(name).cer"])
    try openssl([
      "pkcs12", "-export", "-in", "\(name).pem", "-inkey", "\(name).key", "-out", "\(name).pfx", "-passout",
      "pass:\(Self.password)",
    ])
    try openssl([
      "pkcs12", "-export", "-nokeys", "-in", "\(name).pem", "-out", "\(name)-nokey.pfx", "-passout",
      "pass:\(Self.password)",
    ])
  }

  /// The SHA-1 fingerprint openssl prints, as 40 uppercase hex digits.
  func fingerprint(_ name: String) throws -> String {
    let text = try openssl(["x509", "-in", "\(name).pem", "-noout", "-fingerprint", "-sha1"])
    let value = text.split(separator: "=").last.map(String.init) ?? ""
    return value.filter { $0.isHexDigit }.uppercased()
  }

  /// The bytes of a file in the directory.
  func bytes(_ file: String) throws -> [UInt8] { Array(try Data(contentsOf: directory.appendingPathComponent(file))) }

  /// The base64 body lines of the private key PEM, to scan outputs for.
  func keyLines(_ name: String) throws -> [String] {
    let text = try String(contentsOf: directory.appendingPathComponent("\(name).key"), encoding: .utf8)
    return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count > 20 }
  }

  /// Removes the directory.
  func remove() { try? FileManager.default.removeItem(at: directory) }
}

enum FixtureError: Error { case failed(String) }
