import Foundation

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The marker file that records that a state folder holds a ledger, so a deleted or emptied `ledger.sqlite` is
/// reported instead of being silently recreated as an empty ledger.
///
/// `ledger.created` is written next to `ledger.sqlite` once the ledger has been created (or first opened by a
/// version that writes the marker). Deleting the whole state folder starts afresh; deleting only the database
/// does not.
struct LedgerMarker {
  /// The marker's file name.
  static let name = "ledger.created"

  /// The state folder.
  let directory: URL

  /// The path of `ledger.sqlite`.
  var ledgerFile: String { directory.appendingPathComponent("ledger.sqlite").path }
  /// The path of the marker.
  var markerFile: String { directory.appendingPathComponent(Self.name).path }

  /// Throws when the marker says a ledger existed and `ledger.sqlite` is now missing or empty.
  func checkBeforeOpening() throws(LedgerFailure) {
    guard FileManager.default.fileExists(atPath: markerFile) else { return }
    guard let size = Self.size(of: ledgerFile) else { throw LedgerFailure(.missing, file: ledgerFile) }
    // A WAL ledger keeps recent changes in `ledger.sqlite-wal`; the main file alone being empty is still empty.
    if size == 0 && (Self.size(of: ledgerFile + "-wal") ?? 0) == 0 { throw LedgerFailure(.empty, file: ledgerFile) }
  }

  /// Writes the marker when it is missing.
  func record() throws(LedgerFailure) {
    guard !FileManager.default.fileExists(atPath: markerFile) else { return }
    let text = "This folder holds a csmigrate ledger (ledger.sqlite); delete the whole folder to start afresh.\n"
    guard FileManager.default.createFile(atPath: markerFile, contents: Data(text.utf8)) else {
      throw LedgerFailure(.readOnly, file: markerFile)
    }
  }

  /// The size of a file, or nil when there is none.
  static func size(of path: String) -> Int64? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return Int64(status.st_size)
  }
}

/// A file's device and inode: the same path naming another file (deleted and recreated) compares unequal.
struct LedgerFileIdentity: Sendable, Hashable {
  let device: UInt64
  let inode: UInt64

  /// The identity of the file at `path`, or nil when there is none.
  init?(path: String) {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    device = UInt64(status.st_dev)
    inode = UInt64(status.st_ino)
  }
}
