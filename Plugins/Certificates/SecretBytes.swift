import Foundation
import PluginAPI
import WorkerProtocol

/// A password held in memory we own, so that it can be wiped after use (Swift strings cannot be).
///
/// The bytes live in a manually allocated, NUL-terminated buffer that never gets copied by copy-on-write;
/// ``wipe()`` overwrites it with ``wipeBytes(_:_:)`` (which the optimiser may not drop) and `deinit` wipes again.
/// A password given inline as a JSON string has necessarily passed through the JSON decoder's strings too;
/// reading it from an environment variable or a file descriptor avoids that copy.
final class SecretBytes: @unchecked Sendable {
  private var buffer: UnsafeMutableBufferPointer<CChar>
  private var length: Int

  /// Copies `bytes` into a fresh buffer.
  init<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    length = bytes.count
    buffer = .allocate(capacity: bytes.count + 1)
    var index = 0
    for byte in bytes {
      buffer[index] = CChar(bitPattern: byte)
      index += 1
    }
    buffer[length] = 0
  }

  /// The password as a C string and its length, for OpenSSL.
  func withCString<R>(_ body: (UnsafePointer<CChar>, Int32) throws -> R) rethrows -> R {
    guard let base = buffer.baseAddress else { return try "".withCString { try body($0, 0) } }
    return try body(UnsafePointer(base), Int32(clamping: length))
  }

  /// Whether `haystack` contains the password bytes (used by tests and by the output scan).
  func occurs(in haystack: [UInt8]) -> Bool {
    guard length > 0, haystack.count >= length else { return false }
    let needle = (0..<length).map { UInt8(bitPattern: buffer[$0]) }
    return haystack.indices.dropLast(length - 1).contains { start in
      haystack[start..<start + length].elementsEqual(needle)
    }
  }

  /// Overwrites the bytes with zeros.
  func wipe() {
    if let base = buffer.baseAddress { wipeBytes(base, buffer.count) }
    length = 0
  }

  deinit {
    wipe()
    buffer.deallocate()
  }
}

/// Overwrites `count` bytes at `base` with zeros in a way the optimiser may not drop (glibc's `explicit_bzero`,
/// Darwin's `memset_s`), without libcrypto: wiping a password must not need the library that reads PKCS#12.
private func wipeBytes(_ base: UnsafeMutableRawPointer, _ count: Int) {
  #if canImport(Darwin)
    _ = memset_s(base, count, 0, count)
  #else
    explicit_bzero(base, count)
  #endif
}

/// Where a PKCS#12 password comes from: inline, an environment variable named in the call, or a file descriptor.
///
/// On the wire: `password`, `passwordEnv` and `passwordFd` members of the params (or of one file entry).
struct PasswordSource: Codable, Sendable, Hashable {
  /// The password itself (avoid where possible: it crosses the JSON layer as a string).
  var password: String?
  /// The name of an environment variable of the worker holding the password.
  var passwordEnv: String?
  /// A file descriptor the worker inherited for the purpose, to read the password from (up to a newline or end of
  /// file); see ``InheritedDescriptors``.
  var passwordFd: Int32?

  /// Whether any source is given.
  var isEmpty: Bool { password == nil && passwordEnv == nil && passwordFd == nil }

  /// Reads the password; `field` prefixes the error's `data.field`; `descriptors` are those `passwordFd` may name.
  func resolve(field: String, descriptors: InheritedDescriptors) throws(PluginError) -> SecretBytes? {
    let given = [password != nil, passwordEnv != nil, passwordFd != nil].filter { $0 }.count
    guard given <= 1 else {
      throw PluginError(
        code: .invalidInput, message: "give at most one of password, passwordEnv and passwordFd",
        data: ["field": .string(field.isEmpty ? "password" : field + ".password")])
    }
    if let password { return SecretBytes(Array(password.utf8)) }
    if let name = passwordEnv { return try Self.fromEnvironment(name, field: field) }
    if let descriptor = passwordFd {
      guard descriptors.allows(descriptor) else {
        throw PluginError(
          code: .invalidParams,
          message: "passwordFd must name a descriptor the worker inherited for the purpose, above 2",
          data: [
            "field": .string(field.isEmpty ? "passwordFd" : field + ".passwordFd"),
            "reason": "descriptor-not-inherited", "fd": .number(JSONNumber(Int(descriptor))),
          ])
      }
      return try Self.fromDescriptor(descriptor, field: field)
    }
    return nil
  }

  private static func fromEnvironment(_ name: String, field: String) throws(PluginError) -> SecretBytes {
    let fieldName = field.isEmpty ? "passwordEnv" : field + ".passwordEnv"
    let valid =
      !name.isEmpty
      && name.utf8.allSatisfy {
        ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95
      }
    guard valid, let value = getenv(name) else {
      throw PluginError(
        code: .invalidInput, message: "the environment variable named in passwordEnv is not set",
        data: ["field": .string(fieldName), "variable": .string(name)])
    }
    return SecretBytes(
      UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value)))
  }

  private static func fromDescriptor(_ descriptor: Int32, field: String) throws(PluginError) -> SecretBytes {
    let fieldName = field.isEmpty ? "passwordFd" : field + ".passwordFd"
    var bytes = [UInt8](repeating: 0, count: 1_024)
    var count = 0
    var byte: UInt8 = 0
    while count < bytes.count {
      let got = read(descriptor, &byte, 1)
      if got < 0 && errno == EINTR { continue }
      guard got >= 0 else {
        throw PluginError(
          code: .invalidInput, message: "the file descriptor named in passwordFd cannot be read",
          data: ["field": .string(fieldName), "fd": .number(JSONNumber(Int(descriptor)))])
      }
      if got == 0 || byte == 10 { break }
      bytes[count] = byte
      count += 1
    }
    if count > 0 && bytes[count - 1] == 13 { count -= 1 }
    let secret = SecretBytes(bytes[0..<count])
    bytes.withUnsafeMutableBytes { raw in if let base = raw.baseAddress { wipeBytes(base, raw.count) } }
    byte = 0
    return secret
  }
}
