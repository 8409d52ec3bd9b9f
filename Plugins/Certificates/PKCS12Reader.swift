import COpenSSL
import EstateModel

/// Reads PKCS#12 (`.pfx`/`.p12`) containers with the system OpenSSL.
///
/// Why OpenSSL: swift-certificates reads X.509 but has no PKCS#12 reader, and PKCS#12 needs password-based
/// decryption (PBES2/AES, and the legacy RC2/3DES of old Windows exports) and MAC verification that OpenSSL
/// maintains and reviews. Only the certificates' DER leaves this type; the private key stays inside OpenSSL
/// and is freed (OpenSSL clears key memory on free), and the password buffer belongs to the caller.
enum PKCS12Reader {
  /// What a container holds, as DER certificates; `keyIndex` is the certificate matching the private key.
  struct Contents {
    var certificates: [[UInt8]]
    var keyIndex: Int?
  }

  /// Why a container could not be read.
  enum Failure: Error, Equatable {
    /// Not a PKCS#12 structure (or truncated).
    case notPKCS12
    /// The MAC does not verify with the password (or no password was given for a protected file).
    case wrongPassword(passwordGiven: Bool)
    /// The structure parsed but its contents could not be decrypted or read.
    case unreadable
    /// libcrypto cannot be opened; nothing was read.
    case libraryUnavailable(SystemLibraryUnavailable)
  }

  /// libcrypto's functions, opening the library and its providers on the first call (once per process).
  private static func functions() throws(Failure) -> csm_libcrypto {
    var failure: UnsafePointer<CChar>?
    guard let functions = csm_libcrypto_load(&failure) else {
      throw .libraryUnavailable(
        SystemLibraryUnavailable(library: "libcrypto", variable: CSM_LIBCRYPTO_VARIABLE, reason: failure))
    }
    return functions.pointee
  }

  /// Reads a container; `password` nil tries the empty and the absent password, as OpenSSL's tool does.
  static func read(_ bytes: [UInt8], password: SecretBytes?) throws(Failure) -> Contents {
    let crypto = try functions()
    defer { crypto.ERR_clear_error() }
    let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      return crypto.d2i_PKCS12(nil, &cursor, buffer.count)
    }
    guard let container = parsed else { throw .notPKCS12 }
    defer { crypto.PKCS12_free(container) }
    if let password {
      return try password.withCString { text, length in
        Result { () throws(Failure) in try open(container, password: text, length: length, given: true, crypto) }
      }.get()
    }
    let empty = "".withCString { text in
      Result { () throws(Failure) in try open(container, password: text, length: 0, given: false, crypto) }
    }
    if case .failure(.wrongPassword) = empty {
      return try open(container, password: nil, length: 0, given: false, crypto)
    }
    return try empty.get()
  }

  private static func open(
    _ container: OpaquePointer, password: UnsafePointer<CChar>?, length: Int32, given: Bool, _ crypto: csm_libcrypto
  ) throws(Failure) -> Contents {
    if crypto.PKCS12_mac_present(container) == 1 && crypto.PKCS12_verify_mac(container, password, length) != 1 {
      throw .wrongPassword(passwordGiven: given)
    }
    var key: OpaquePointer?
    var certificate: OpaquePointer?
    var chain: OpaquePointer?
    guard crypto.PKCS12_parse(container, password, &key, &certificate, &chain) == 1 else { throw .unreadable }
    defer {
      crypto.EVP_PKEY_free(key)
      crypto.X509_free(certificate)
      if let chain {
        for index in 0..<max(0, crypto.OPENSSL_sk_num(chain)) {
          crypto.X509_free(OpaquePointer(crypto.OPENSSL_sk_value(chain, index)))
        }
        crypto.OPENSSL_sk_free(chain)
      }
    }
    var contents = Contents(certificates: [], keyIndex: nil)
    if let certificate, let der = derBytes(certificate, crypto) {
      if let key, crypto.X509_check_private_key(certificate, key) == 1 { contents.keyIndex = 0 }
      contents.certificates.append(der)
    }
    if let chain {
      for index in 0..<max(0, crypto.OPENSSL_sk_num(chain)) {
        guard let raw = crypto.OPENSSL_sk_value(chain, index), let der = derBytes(OpaquePointer(raw), crypto) else {
          continue
        }
        if contents.keyIndex == nil, let key, crypto.X509_check_private_key(OpaquePointer(raw), key) == 1 {
          contents.keyIndex = contents.certificates.count
        }
        contents.certificates.append(der)
      }
    }
    return contents
  }

  private static func derBytes(_ certificate: OpaquePointer, _ crypto: csm_libcrypto) -> [UInt8]? {
    let length = crypto.i2d_X509(certificate, nil)
    guard length > 0 else { return nil }
    var bytes = [UInt8](repeating: 0, count: Int(length))
    let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
      var cursor = buffer.baseAddress
      return crypto.i2d_X509(certificate, &cursor)
    }
    return written == length ? bytes : nil
  }
}
