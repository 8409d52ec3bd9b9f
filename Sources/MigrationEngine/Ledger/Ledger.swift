import EstateModel
public import Foundation
import GRDB
import PluginAPI
import WorkerProtocol

/// Where a ledger lives: a directory (`ledger.sqlite` in WAL mode, plus per-target lock files) or memory.
public enum LedgerLocation: Sendable, Hashable {
  /// A throwaway in-memory ledger (`--state :memory:`).
  case memory
  /// A directory, created when missing.
  case directory(URL)

  /// Reads a `--state` argument: `:memory:` or a directory path (relative to the working directory).
  public init(argument: String) {
    self = argument == ":memory:" ? .memory : .directory(URL(fileURLWithPath: argument, isDirectory: true))
  }

  /// The default `--state`: `./.csmigrate/`.
  public static let defaultArgument = "./.csmigrate/"
}

/// The durable record of a migration: the imported classic estate, the ARM metadata Prepare created, the state of
/// every target and deployment, and an append-only operation log, in SQLite through GRDB.
///
/// Every state change is one transaction, so a worker killed at any moment leaves the ledger as it was after the
/// last finished change. Readers never wait for a writer (WAL). Writers of other processes are serialised by
/// SQLite; operations on one target are serialised by ``TargetLocks``.
public final class Ledger: Sendable {
  /// Where the ledger lives.
  public let location: LedgerLocation
  let writer: any DatabaseWriter
  /// The per-target operation locks.
  let locks: TargetLocks
  /// The ledger file (`:memory:` for a memory ledger), named in failures.
  let file: String
  /// The file as it was opened, checked before every use so a deleted or replaced file is reported.
  let identity: LedgerFileIdentity?

  /// Opens (or creates) a ledger and brings its schema up to date.
  ///
  /// - Throws: ``LedgerFailure`` when the file is damaged, cannot be written, or existed (its marker says so)
  ///   and is now missing or empty.
  public init(location: LedgerLocation) throws {
    self.location = location
    var configuration = Configuration()
    configuration.busyMode = .timeout(15)
    configuration.label = "csmigrate.ledger"
    let writer: any DatabaseWriter
    let path: String
    switch location {
    case .memory:
      path = ":memory:"
      writer = try DatabaseQueue(configuration: configuration)
      locks = TargetLocks(directory: nil)
    case .directory(let url):
      let marker = LedgerMarker(directory: url)
      path = marker.ledgerFile
      try marker.checkBeforeOpening()
      do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      } catch {
        throw LedgerFailure(.readOnly, file: url.path)
      }
      writer = try Self.mappingFailures(file: path) { try DatabasePool(path: path, configuration: configuration) }
      locks = TargetLocks(directory: url.appendingPathComponent("locks", isDirectory: true))
    }
    self.writer = writer
    file = path
    try Self.mappingFailures(file: path) {
      do {
        try LedgerSchema.migrator.migrate(writer)
      } catch {
        // Another worker may have been migrating the same new file at the same moment: its work is now visible.
        try LedgerSchema.migrator.migrate(writer)
      }
    }
    if case .directory(let url) = location {
      try LedgerMarker(directory: url).record()
      identity = LedgerFileIdentity(path: path)
    } else {
      identity = nil
    }
  }

  /// Runs a read on a consistent snapshot; never waits for a writer.
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    try checkFileIsThere()
    return try Self.mappingFailures(file: file) { try writer.read(body) }
  }

  /// Runs one transaction: everything in `body` is applied, or nothing.
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    try checkFileIsThere()
    return try Self.mappingFailures(file: file) { try writer.write(body) }
  }

  /// Refuses to go on when the ledger file was deleted or replaced since it was opened.
  private func checkFileIsThere() throws(LedgerFailure) {
    guard let identity else { return }
    let now = LedgerFileIdentity(path: file)
    guard now == identity else { throw LedgerFailure(.missing, file: file) }
  }

  /// Runs `body`, turning SQLite's errors into ``LedgerFailure``s or a `2001` conflict where they are one.
  static func mappingFailures<T>(file: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as DatabaseError {
      throw mapped(error, file: file)
    }
  }

  /// SQLite's "busy" (another process held the write lock past the timeout) becomes 2001; a damaged, read-only or
  /// full ledger becomes its ``LedgerFailure``; the rest stay as is.
  static func mapped(_ error: DatabaseError, file: String) -> any Error {
    if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
      return PluginError(
        code: .conflict, message: "The ledger is busy with another worker's write; retry the operation.",
        data: ["target": "ledger"])
    }
    return LedgerFailure.from(error, file: file) ?? error
  }

  /// SQLite's `PRAGMA integrity_check` and a foreign-key check: empty when the ledger is consistent.
  public func integrityProblems() throws -> [String] {
    try read { db in
      let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
      let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
      let orphans = try String.fetchAll(
        db,
        sql: """
          SELECT a.id FROM armResource a LEFT JOIN target t ON t.key = a.targetKey
          WHERE t.key IS NULL AND a.committed = 0
          """
      ).map { "ARM resource without its target: \($0)" }
      return integrity + keys + orphans
    }
  }

  /// The SQLite journal mode (`wal` for a directory ledger).
  public func journalMode() throws -> String {
    try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
  }
}

/// The versioned schema, applied with GRDB's migrator.
enum LedgerSchema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE IF NOT EXISTS estate (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            handle TEXT NOT NULL,
            base TEXT NOT NULL,
            importedAt TEXT NOT NULL);
          CREATE TABLE IF NOT EXISTS classicResource (
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (kind, name));
          CREATE TABLE IF NOT EXISTS target (
            key TEXT PRIMARY KEY,
            scope TEXT NOT NULL,
            state TEXT NOT NULL,
            commitAttempted INTEGER NOT NULL DEFAULT 0,
            updatedAt TEXT NOT NULL);
          CREATE TABLE IF NOT EXISTS unit (
            service TEXT NOT NULL,
            slot TEXT NOT NULL,
            targetKey TEXT NOT NULL REFERENCES target(key) ON DELETE CASCADE,
            state TEXT NOT NULL,
            PRIMARY KEY (service, slot));
          CREATE TABLE IF NOT EXISTS armResource (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            resourceGroup TEXT NOT NULL,
            owner TEXT NOT NULL,
            targetKey TEXT NOT NULL,
            committed INTEGER NOT NULL DEFAULT 0,
            body TEXT NOT NULL);
          CREATE INDEX IF NOT EXISTS armResourceByTarget ON armResource(targetKey);
          CREATE TABLE IF NOT EXISTS operation (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            targetKey TEXT,
            operation TEXT NOT NULL,
            outcome TEXT NOT NULL,
            state TEXT,
            message TEXT,
            worker INTEGER NOT NULL);
          CREATE TRIGGER IF NOT EXISTS operationIsAppendOnlyU BEFORE UPDATE ON operation
            BEGIN SELECT RAISE(ABORT, 'the operation log is append-only'); END;
          CREATE TRIGGER IF NOT EXISTS operationIsAppendOnlyD BEFORE DELETE ON operation
            BEGIN SELECT RAISE(ABORT, 'the operation log is append-only'); END;
          """)
    }
    return migrator
  }
}
