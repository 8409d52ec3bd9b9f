public import Foundation

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Reads files under a root directory, refusing anything that resolves outside it or exceeds the size limit.
///
/// Every path is walked one component at a time with `openat(..., O_NOFOLLOW)` from the root's descriptor, so
/// nothing is resolved by name twice: a symlink swapped in between a check and the open cannot lead outside the
/// root. A symlink met on the way is read with `readlinkat` and followed only while it stays beneath the root;
/// the file is checked to be a regular file and read through the descriptor that was opened, up to the limit.
public struct RootedFileReader: Sendable {
  /// The root, with symlinks resolved.
  public let root: URL
  /// The size limit.
  public let limits: EstateLimits

  /// Creates a reader for a root directory.
  public init(root: URL, limits: EstateLimits = .default) {
    self.root = root.standardizedFileURL.resolvingSymlinksInPath()
    self.limits = limits
  }

  /// A file that was read: its bytes, its absolute path, and its path relative to the root (for locations).
  public struct File: Sendable {
    /// The bytes.
    public var data: Data
    /// The absolute path of what was opened, with symlinks resolved.
    public var absolutePath: String
    /// The path relative to the root, as used in problems and source locations.
    public var displayPath: String
  }

  /// The path of `path` (absolute, or relative to `base`, itself relative to the root or absolute) relative to the
  /// root, worked out lexically; nil when it is not beneath the root.
  func displayPath(of path: String, relativeTo base: String?) -> String? {
    let baseURL: URL
    if let base, !base.isEmpty {
      baseURL = base.hasPrefix("/") ? URL(fileURLWithPath: base) : root.appendingPathComponent(base)
    } else {
      baseURL = root
    }
    let candidate = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseURL.appendingPathComponent(path))
      .standardizedFileURL
    return relativePath(of: candidate.path)
  }

  /// Locates a file or folder beneath the root by name, for discovery to walk; nothing is read through it.
  ///
  /// Whatever discovery then reads still goes through ``read(_:relativeTo:field:)``, which opens by descriptor,
  /// so a symlink swapped in after this check cannot lead a read outside the root.
  public func resolve(_ path: String, relativeTo base: String? = nil, field: String? = nil)
    throws(EstateInputError) -> (absolute: String, display: String)
  {
    guard let display = displayPath(of: path, relativeTo: base) else {
      throw .pathOutsideRoot(path: path, field: field)
    }
    let candidate = display.isEmpty || display == "." ? root : root.appendingPathComponent(display)
    guard FileManager.default.fileExists(atPath: candidate.path) else {
      throw .fileNotFound(path: display, field: field)
    }
    let real = candidate.resolvingSymlinksInPath().path
    guard relativePath(of: real) != nil else {
      throw .pathOutsideRoot(path: path, field: field)
    }
    return (real, display)
  }

  /// Reads a regular file beneath the root through a descriptor opened component by component.
  public func read(_ path: String, relativeTo base: String? = nil, field: String? = nil)
    throws(EstateInputError) -> File
  {
    guard let display = displayPath(of: path, relativeTo: base) else {
      throw .pathOutsideRoot(path: path, field: field)
    }
    let opened: (descriptor: Int32, components: [String])
    do {
      opened = try BeneathWalk(root: root.path).open(display)
    } catch {
      switch error {
      case .outside: throw .pathOutsideRoot(path: path, field: field)
      case .missing: throw .fileNotFound(path: display, field: field)
      case .unreadable: throw .unreadable(path: display, field: field)
      }
    }
    defer { close(opened.descriptor) }
    var status = stat()
    guard fstat(opened.descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      throw .unreadable(path: display, field: field)
    }
    guard Int(status.st_size) <= limits.maxFileBytes else {
      throw .fileTooLarge(path: display, limit: limits.maxFileBytes, field: field)
    }
    guard let data = Self.readAll(opened.descriptor, limit: limits.maxFileBytes) else {
      throw .unreadable(path: display, field: field)
    }
    guard data.count <= limits.maxFileBytes else {
      throw .fileTooLarge(path: display, limit: limits.maxFileBytes, field: field)
    }
    let absolute = ([root.path == "/" ? "" : root.path] + opened.components).joined(separator: "/")
    return File(data: data, absolutePath: absolute, displayPath: display)
  }

  /// Reads at most `limit + 1` bytes (one more than allowed, so a file that grew is still caught).
  private static func readAll(_ descriptor: Int32, limit: Int) -> Data? {
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while data.count <= limit {
      let wanted = min(chunk.count, limit + 1 - data.count)
      let got = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, wanted) }
      if got < 0 && errno == EINTR { continue }
      guard got >= 0 else { return nil }
      if got == 0 { break }
      data.append(contentsOf: chunk[0..<got])
    }
    return data
  }

  /// The path relative to the root, or nil when `path` is not inside it.
  func relativePath(of path: String) -> String? {
    let rootPath = root.path
    if path == rootPath { return "." }
    let prefix = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
    guard path.hasPrefix(prefix) else { return nil }
    return String(path.dropFirst(prefix.count))
  }
}

/// `read(2)`, under a name apart from ``RootedFileReader/read(_:relativeTo:field:)``.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
