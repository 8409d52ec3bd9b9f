public import Foundation

/// Reads files under a root directory, refusing anything that resolves outside it or exceeds the size limit.
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
    /// The absolute, symlink-resolved path.
    public var absolutePath: String
    /// The path relative to the root, as used in problems and source locations.
    public var displayPath: String
  }

  /// Resolves `path` (absolute, or relative to `base`, itself relative to the root or absolute) without reading.
  public func resolve(_ path: String, relativeTo base: String? = nil, field: String? = nil)
    throws(EstateInputError) -> (absolute: String, display: String)
  {
    let baseURL: URL
    if let base, !base.isEmpty {
      baseURL = base.hasPrefix("/") ? URL(fileURLWithPath: base) : root.appendingPathComponent(base)
    } else {
      baseURL = root
    }
    let candidate = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseURL.appendingPathComponent(path))
      .standardizedFileURL
    guard let display = relativePath(of: candidate.path) else {
      throw .pathOutsideRoot(path: path, field: field)
    }
    guard FileManager.default.fileExists(atPath: candidate.path) else {
      throw .fileNotFound(path: display, field: field)
    }
    let real = candidate.resolvingSymlinksInPath().path
    guard relativePath(of: real) != nil else {
      throw .pathOutsideRoot(path: path, field: field)
    }
    return (real, display)
  }

  /// Reads a file after resolving it, checking its size before reading.
  public func read(_ path: String, relativeTo base: String? = nil, field: String? = nil)
    throws(EstateInputError) -> File
  {
    let (absolute, display) = try resolve(path, relativeTo: base, field: field)
    let attributes = try? FileManager.default.attributesOfItem(atPath: absolute)
    guard let attributes, (attributes[.type] as? FileAttributeType) != .typeDirectory else {
      throw .unreadable(path: display, field: field)
    }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    guard size <= limits.maxFileBytes else {
      throw .fileTooLarge(path: display, limit: limits.maxFileBytes, field: field)
    }
    guard let data = FileManager.default.contents(atPath: absolute) else {
      throw .unreadable(path: display, field: field)
    }
    guard data.count <= limits.maxFileBytes else {
      throw .fileTooLarge(path: display, limit: limits.maxFileBytes, field: field)
    }
    return File(data: data, absolutePath: absolute, displayPath: display)
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
