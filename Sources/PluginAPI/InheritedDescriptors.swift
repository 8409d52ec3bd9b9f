import Foundation

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The file descriptors a caller may name in a request (`passwordFd`): those the worker inherited at start-up.
///
/// A descriptor parameter is only honoured when the worker's parent passed it for the purpose, i.e. it was open
/// when the process started and is not 0, 1 or 2. Everything the worker opens itself afterwards (its private copy of
/// stdout, libuv's signal pipe and loop descriptors, the ledger, files being read) is refused, so a request can
/// neither swallow protocol lines from stdin nor drain the loop's internal pipes.
public struct InheritedDescriptors: Sendable, Hashable {
  /// The descriptors a request may name.
  public let allowed: Set<Int32>

  /// A policy allowing exactly `allowed` minus 0, 1 and 2.
  public init(allowed: Set<Int32>) {
    self.allowed = allowed.filter { $0 > 2 }
  }

  /// The descriptors open when this was first read; read it first thing in `main` so it sees only inherited ones.
  public static let atStartup = InheritedDescriptors(allowed: openDescriptors())

  /// Whether a request may read `descriptor`.
  public func allows(_ descriptor: Int32) -> Bool { allowed.contains(descriptor) }

  /// The descriptors open now, above 2 (from `/proc/self/fd`, else by probing the first 1,024).
  public static func openDescriptors() -> Set<Int32> {
    let listed = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
    // The listing's own directory descriptor is closed by now, so the probe drops it.
    let candidates = listed ?? Array(3..<1_024)
    return Set(candidates.filter { $0 > 2 && fcntl($0, F_GETFD) != -1 })
  }
}
