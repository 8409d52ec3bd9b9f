import Foundation

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Opens a path beneath a root directory one component at a time, never resolving a name twice.
///
/// Each component is opened with `openat(..., O_NOFOLLOW)` from the descriptor of the directory before it. A
/// component that is a symlink is read with `readlinkat` and its target walked the same way, from the root for an
/// absolute target beneath the root; `..` never climbs above the root. This is what `openat2` with
/// `RESOLVE_BENEATH` does, written with calls every Linux and macOS has.
struct BeneathWalk {
  /// Why a path could not be opened.
  enum Failure: Error {
    /// The path (or a symlink on it) leads outside the root.
    case outside
    /// A component does not exist.
    case missing
    /// A component cannot be opened (permissions, too many symlinks, not a directory).
    case unreadable
  }

  /// The most symlinks followed for one path (Linux's own limit).
  static let maxSymlinks = 40

  /// The absolute path of the root directory.
  let root: String

  /// Opens `relative` (components separated by `/`) and returns its descriptor and the components really opened.
  func open(_ relative: String) throws(Failure) -> (descriptor: Int32, components: [String]) {
    let rootDescriptor = systemOpen(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard rootDescriptor >= 0 else { throw .unreadable }
    // The directories walked so far (the root first) and their names, so `..` can go back one.
    var directories: [Int32] = [rootDescriptor]
    var names: [String] = []
    defer { directories.forEach { close($0) } }
    var pending = Array(Self.components(of: relative).reversed())
    var symlinks = 0
    while let name = pending.popLast() {
      if name == ".." {
        guard directories.count > 1 else { throw .outside }
        close(directories.removeLast())
        names.removeLast()
        continue
      }
      let isLast = pending.isEmpty
      let flags = (isLast ? O_RDONLY | O_NONBLOCK : O_RDONLY | O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC
      let descriptor = openat(directories[directories.count - 1], name, flags)
      if descriptor >= 0 {
        if isLast { return (descriptor, names + [name]) }
        directories.append(descriptor)
        names.append(name)
        continue
      }
      let failure = errno
      if failure == ENOENT { throw .missing }
      guard failure == ELOOP || failure == ENOTDIR, let target = linkTarget(of: name, in: directories.last!) else {
        throw .unreadable
      }
      symlinks += 1
      guard symlinks <= Self.maxSymlinks else { throw .unreadable }
      var rest = target
      if target.hasPrefix("/") {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard target.hasPrefix(prefix) || target == root else { throw .outside }
        rest = String(target.dropFirst(min(prefix.count, target.count)))
        directories.dropFirst().forEach { close($0) }
        directories = [rootDescriptor]
        names = []
      }
      pending.append(contentsOf: Self.components(of: rest).reversed())
    }
    throw .unreadable
  }

  /// The target of the symlink `name` in `directory`, or nil when it is not a symlink.
  private func linkTarget(of name: String, in directory: Int32) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlinkat(directory, name, &buffer, buffer.count - 1)
    guard length > 0 else { return nil }
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The non-empty components of a path, without `.`.
  private static func components(of path: String) -> [String] {
    path.split(separator: "/").map(String.init).filter { $0 != "." }
  }
}

/// `open(2)`, under a name apart from ``BeneathWalk/open(_:)``.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
  open(path, flags)
}
