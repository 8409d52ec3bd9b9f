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

  /// Opens (or creates) a ledger and brings its schema up to date.
  public init(location: LedgerLocation) throws {
    self.location = location
    var configuration = Configuration()
    configuration.busyMode = .timeout(15)
    configuration.label = "csmigrate.ledger"
    switch location {
    case .memory:
      writer = try DatabaseQueue(configuration: configuration)
      locks = TargetLocks(directory: nil)
    case .directory(let url):
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      writer = try DatabasePool(path: url.appendingPathComponent("ledger.sqlite").path, configuration: configuration)
      locks = TargetLocks(directory: url.appendingPathComponent("locks", isDirectory: true))
    }
    do {
      try LedgerSchema.migrator.migrate(writer)
    } catch {
      // Another worker may have been migrating the same new file at the same moment: its work is now visible.
      try LedgerSchema.migrator.migrate(writer)
    }
  }

  /// Runs a read on a consistent snapshot; never waits for a writer.
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.read(body)
    } catch let error as DatabaseError {
      throw Self.mapped(error)
    }
  }

  /// Runs one transaction: everything in `body` is applied, or nothing.
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.write(body)
    } catch let error as DatabaseError {
      throw Self.mapped(error)
    }
  }

  /// SQLite's "busy" (another process held the write lock past the timeout) becomes 2001; the rest stay as is.
  private static func mapped(_ error: DatabaseError) -> any Error {
    if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
      return PluginError(
        code: .conflict, message: "The ledger is busy with another worker's write; retry the operation.",
        data: ["target": "ledger"])
    }
    return error
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
