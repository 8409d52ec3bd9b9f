import Foundation
import PluginAPI
import Synchronization
import WorkerProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// Serialises operations on one target, within a worker and across workers sharing a state directory.
///
/// Across processes each target has a lock file under `locks/` held with `flock`; the kernel releases it when the
/// holder exits, even by `kill -9`, so an interrupted operation never leaves a stale lock. Within a process a set of
/// held keys does the same for in-memory ledgers.
final class TargetLocks: Sendable {
  private let directory: URL?
  private let held = LockedValue<Set<String>>([])

  init(directory: URL?) {
    self.directory = directory
  }

  /// Takes the lock of `key` without waiting.
  ///
  /// - Throws: 2001 `conflict` naming the holder when another operation has it.
  func acquire(_ key: String, operation: String) throws -> TargetLease {
    let inserted = held.withLock { $0.insert(key).inserted }
    guard inserted else { throw LifecycleErrors.conflict(target: key, holder: "this worker") }
    guard let directory else { return TargetLease(key: key, descriptor: -1, locks: self) }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      release(key)
      throw error
    }
    let path = directory.appendingPathComponent(Self.fileName(for: key)).path
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      release(key)
      throw PluginError(wrapping: .internalError("cannot open the lock file of \(key)"))
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let holder = Self.readHolder(descriptor)
      close(descriptor)
      release(key)
      throw LifecycleErrors.conflict(target: key, holder: holder)
    }
    let note = Array("pid \(getpid()) \(operation)".utf8)
    _ = ftruncate(descriptor, 0)
    _ = note.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    return TargetLease(key: key, descriptor: descriptor, locks: self)
  }

  fileprivate func release(_ key: String) {
    _ = held.withLock { $0.remove(key) }
  }

  private static func readHolder(_ descriptor: Int32) -> String? {
    var buffer = [UInt8](repeating: 0, count: 256)
    let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count], as: UTF8.self)
  }

  /// A file name for a key: FNV-1a of the key in hex (keys hold characters file systems dislike).
  private static func fileName(for key: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01B3
    }
    return "target-" + String(hash, radix: 16) + ".lock"
  }
}

/// A held target lock; released by ``release()`` or when it is deinitialised.
final class TargetLease: Sendable {
  let key: String
  private let descriptor: Int32
  private let locks: TargetLocks
  private let released = Atomic<Bool>(false)

  fileprivate init(key: String, descriptor: Int32, locks: TargetLocks) {
    self.key = key
    self.descriptor = descriptor
    self.locks = locks
  }

  /// Releases the lock; later calls do nothing.
  func release() {
    guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
    if descriptor >= 0 { close(descriptor) }
    locks.release(key)
  }

  deinit { release() }
}
