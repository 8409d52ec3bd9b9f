/// A shared library the worker opens on first use (libxml2 for XML, libcrypto for PKCS#12) that cannot be opened,
/// or lacks a function the worker calls.
///
/// The libraries are not linked, so a start that reads no XML and no PKCS#12 never maps them; the first read opens
/// them once per process (the C shims `CLibXML2` and `COpenSSL`), and a failure stays the same for the process's
/// life.
public struct SystemLibraryUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
  /// The library as a user knows it: `libxml2`, `libcrypto`.
  public let library: String
  /// The environment variable that names another file for the library.
  public let variable: String
  /// The dynamic loader's reason: the file tried and why it could not be used.
  public let reason: String

  /// Makes the error from the C shim's failure text.
  public init(library: String, variable: String, reason: UnsafePointer<CChar>?) {
    self.library = library
    self.variable = variable
    self.reason = reason.map { String(cString: $0) } ?? "unknown reason"
  }

  /// What failed and what to do, in one sentence (no secret can be in it: only file names and the loader's text).
  public var description: String {
    "the system library \(library) cannot be loaded (\(reason)); install it, or name its file in \(variable)"
  }
}
