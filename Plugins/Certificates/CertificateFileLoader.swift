import EstateModel
import Foundation
import PluginAPI
import WorkerProtocol

/// One entry of a `files` param: a path under `--root` or inline base64, with an optional own password.
struct CertificateFileReference: Decodable, Sendable {
  var path: String?
  var base64: String?
  var password: String?
  var passwordEnv: String?
  var passwordFd: Int32?

  var passwordSource: PasswordSource {
    PasswordSource(password: password, passwordEnv: passwordEnv, passwordFd: passwordFd)
  }
}

/// Reads the `files` of a call into certificate reports, turning failures into clear, secret-free errors.
enum CertificateFileLoader {
  /// Reads every file; the call-level password applies to files that give none of their own.
  static func load(
    _ files: [CertificateFileReference], password: PasswordSource, services: PluginServices
  ) throws(PluginError) -> [CertificateFile] {
    var result: [CertificateFile] = []
    let descriptors = services.get(InheritedDescriptors.self) ?? InheritedDescriptors(allowed: [])
    for (index, reference) in files.enumerated() {
      let field = "files[\(index)]"
      let (bytes, source, pkcs12First) = try bytes(of: reference, field: field, services: services)
      let ownPassword = !reference.passwordSource.isEmpty
      let secret = try (ownPassword ? reference.passwordSource : password)
        .resolve(field: ownPassword ? field : "", descriptors: descriptors)
      defer { secret?.wipe() }
      let read = Result { () throws(CertificateReader.Failure) in
        try CertificateReader.read(bytes, source: source, pkcs12First: pkcs12First, password: secret)
      }
      switch read {
      case .success(let file):
        result.append(file)
      case .failure(.wrongPassword(let given)):
        let message =
          given
          ? "the password is wrong for the PKCS#12 file \(source)"
          : "the PKCS#12 file \(source) is protected by a password; give password, passwordEnv or passwordFd"
        throw PluginError(
          code: .invalidInput, message: message,
          data: [
            "field": .string(ownPassword || !given ? field : "password"), "file": .string(source),
            "reason": .string(given ? "certificate.wrong-password" : "certificate.password-required"),
          ])
      case .failure(.corrupt(let why)):
        throw PluginError(
          code: .invalidInput, message: "\(source) cannot be read as a certificate: \(why)",
          data: ["field": .string(field), "file": .string(source), "reason": "certificate.corrupt"])
      case .failure(.libraryUnavailable(let library)):
        throw PluginError(unavailable: library)
      }
    }
    return result
  }

  private static func bytes(
    of reference: CertificateFileReference, field: String, services: PluginServices
  ) throws(PluginError) -> ([UInt8], String, Bool) {
    switch (reference.path, reference.base64) {
    case (let path?, nil):
      let reader = try services.require(RootedFileReader.self)
      do {
        let file = try reader.read(path, field: field + ".path")
        let lower = path.lowercased()
        return (Array(file.data), file.displayPath, lower.hasSuffix(".pfx") || lower.hasSuffix(".p12"))
      } catch {
        throw PluginError(refusedInput: error, field: field + ".path")
      }
    case (nil, let text?):
      guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
        throw PluginError(
          code: .invalidInput, message: "\(field).base64 is not valid base64",
          data: ["field": .string(field + ".base64")])
      }
      return (Array(data), "base64[\(field.dropFirst(6).dropLast())]", false)
    default:
      throw PluginError(
        code: .invalidInput, message: "give exactly one of path and base64 in \(field)", data: ["field": .string(field)]
      )
    }
  }
}
