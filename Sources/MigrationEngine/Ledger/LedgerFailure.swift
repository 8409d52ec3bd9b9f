import Foundation
import GRDB
import Logging
public import PluginAPI
public import WorkerProtocol

/// Why a ledger cannot be used, each with its own application code, the file concerned and what to do about it.
public struct LedgerFailure: WorkerError, Sendable, Hashable {
  /// The kinds of failure, one error code each.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// The file is not a SQLite database, or SQLite found it damaged.
    case corrupt
    /// The folder or the file cannot be written.
    case readOnly
    /// No space left (or the ledger's page limit reached).
    case full
    /// The file existed (its marker says so) and is gone.
    case missing
    /// The file existed and is now zero bytes long.
    case empty
  }

  /// What went wrong.
  public let kind: Kind
  /// The file or folder concerned.
  public let file: String

  /// Each kind's code, sentence and remedy: data rather than a switch in every property.
  static let table: [Kind: (code: ErrorCode, what: String, remedy: String)] = [
    .corrupt: (
      .ledgerCorrupt, "is damaged or is not a csmigrate ledger",
      "restore the state folder from a backup, or move it away to start a new ledger"
    ),
    .readOnly: (
      .ledgerReadOnly, "cannot be written",
      "make the state folder and its files writable by the worker, or give a writable --state"
    ),
    .full: (
      .ledgerFull, "cannot grow: the disk is full",
      "free space on the state folder's file system and retry; nothing of the failed change was written"
    ),
    .missing: (
      .ledgerMissing, "existed and has been deleted; it is not recreated empty",
      "restore ledger.sqlite from a backup, or delete the whole state folder to start a new ledger"
    ),
    .empty: (
      .ledgerEmpty, "existed and is now empty; it is not read as an empty ledger",
      "restore ledger.sqlite from a backup, or delete the whole state folder to start a new ledger"
    ),
  ]

  /// Makes a failure and writes its log line.
  init(_ kind: Kind, file: String) {
    self.kind = kind
    self.file = file
    Self.logger.error("\(message)", metadata: ["file": "\(file)", "reason": "\(reason)"])
  }

  static let logger = Logger(label: "csmigrate.ledger")

  /// The stable reason, such as `ledger.read-only`.
  public var reason: String {
    "ledger." + kind.rawValue.replacingOccurrences(of: "O", with: "-o").lowercased()
  }

  /// The one-sentence message, naming the file and the remedy.
  public var message: String {
    let entry = Self.table[kind]!
    return "The ledger \(file) \(entry.what); \(entry.remedy)."
  }

  /// The JSON-RPC error: the kind's code, with `data: {file, reason}`.
  public var responseError: ResponseError {
    ResponseError(
      code: Self.table[kind]!.code, message: message, data: ["file": .string(file), "reason": .string(reason)])
  }

  /// The failure a SQLite error stands for, or nil when it is none of the ledger's own kinds.
  static func from(_ error: DatabaseError, file: String) -> LedgerFailure? {
    switch error.resultCode {
    case .SQLITE_CORRUPT, .SQLITE_NOTADB: LedgerFailure(.corrupt, file: file)
    case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: LedgerFailure(.readOnly, file: file)
    case .SQLITE_FULL: LedgerFailure(.full, file: file)
    case .SQLITE_CANTOPEN:
      FileManager.default.fileExists(atPath: file) ? LedgerFailure(.readOnly, file: file) : nil
    default: nil
    }
  }
}
