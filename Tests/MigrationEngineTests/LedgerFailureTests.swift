import Foundation
import GRDB
import PluginAPI
import Testing
import WorkerProtocol

@testable import MigrationEngine

/// A damaged, read-only, full, deleted or emptied ledger each answer with their own code, naming the file and
/// the remedy; a ledger that existed is never silently recreated empty.
struct LedgerFailureTests {
  /// A fresh state folder (not created yet) inside a temporary directory the caller removes.
  static func stateFolder() -> (base: URL, state: URL) {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-ledger-\(UUID().uuidString)")
    return (base, base.appendingPathComponent("state", isDirectory: true))
  }

  /// Opens a ledger, writes one row, and lets it close.
  static func createLedger(in state: URL) throws {
    let ledger = try Ledger(location: .directory(state))
    try ledger.write { db in
      try Ledger.log(db, target: nil, operation: "test", outcome: "succeeded", state: nil, message: nil)
    }
  }

  /// Runs `body` and returns the ledger failure it threw.
  static func failure(_ body: () throws -> Void) -> LedgerFailure? {
    do {
      try body()
      return nil
    } catch {
      return error as? LedgerFailure
    }
  }

  static func remove(_ state: URL, suffixes: [String] = ["", "-wal", "-shm"]) {
    for suffix in suffixes {
      try? FileManager.default.removeItem(atPath: state.appendingPathComponent("ledger.sqlite").path + suffix)
    }
  }

  /// Checks the wire form: the code, `data.file`, `data.reason`, and a message naming the file and a remedy.
  static func expectWire(_ failure: LedgerFailure?, code: ErrorCode, reason: String, file: String) {
    let error = failure?.responseError
    #expect(error?.code == code)
    #expect(error?.data?["file"] == .string(file))
    #expect(error?.data?["reason"] == .string(reason))
    #expect(error?.message.contains(file) == true)
    #expect(error.map { ResponseError(mapping: failure!) == $0 } == true)
  }

  @Test func newFolderGetsALedgerAndItsMarker() throws {
    let (base, state) = Self.stateFolder()
    defer { try? FileManager.default.removeItem(at: base) }
    try Self.createLedger(in: state)
    #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent(LedgerMarker.name).path))
    // Reopening a healthy ledger works.
    _ = try Ledger(location: .directory(state))
  }

  @Test func deletedLedgerIsNotRecreated() throws {
    let (base, state) = Self.stateFolder()
    defer { try? FileManager.default.removeItem(at: base) }
    try Self.createLedger(in: state)
    Self.remove(state)
    let file = state.appendingPathComponent("ledger.sqlite").path
    let failure = Self.failure { _ = try Ledger(location: .directory(state)) }
    #expect(failure?.kind == .missing)
    Self.expectWire(failure, code: .ledgerMissing, reason: "ledger.missing", file: file)
    #expect(!FileManager.default.fileExists(atPath: file))
  }

  @Test func ledgerDeletedWhileOpenIsReported() throws {
    let (base, state) = Self.stateFolder()
    defer { try? FileManager.default.removeItem(at: base) }
    let ledger = try Ledger(location: .directory(state))
    Self.remove(state)
    let failure = Self.failure { _ = try ledger.read { db in try Ledger.targets(db) } }
    #expect(failure?.kind == .missing)
  }

  /// A ledger whose `ledger.sqlite` was overwritten with `contents` (an empty file, or text) is refused as `kind`.
  @Test(arguments: [
    (Data(), LedgerFailure.Kind.empty, ErrorCode.ledgerEmpty, "ledger.empty"),
    (Data(String(repeating: "not a database at all. ", count: 400).utf8), .corrupt, .ledgerCorrupt, "ledger.corrupt"),
  ])
  func overwrittenLedgerIsRefused(contents: Data, kind: LedgerFailure.Kind, code: ErrorCode, reason: String) throws {
    let (base, state) = Self.stateFolder()
    defer { try? FileManager.default.removeItem(at: base) }
    try Self.createLedger(in: state)
    Self.remove(state, suffixes: ["-wal", "-shm"])
    let file = state.appendingPathComponent("ledger.sqlite").path
    #expect(FileManager.default.createFile(atPath: file, contents: contents))
    let failure = Self.failure { _ = try Ledger(location: .directory(state)) }
    #expect(failure?.kind == kind)
    Self.expectWire(failure, code: code, reason: reason, file: file)
  }

  /// A full disk without mounting one: SQLite's page limit makes the next write fail with `SQLITE_FULL`, the
  /// result code a full file system gives.
  @Test func fullDiskIsItsOwnError() throws {
    let (base, state) = Self.stateFolder()
    defer { try? FileManager.default.removeItem(at: base) }
    let ledger = try Ledger(location: .directory(state))
    try ledger.writer.writeWithoutTransaction { db in
      let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
      try db.execute(sql: "PRAGMA max_page_count = \(pages)")
    }
    let failure = Self.failure {
      try ledger.write { db in
        try db.execute(
          sql: "INSERT INTO classicResource (kind, name, body) VALUES ('k', 'n', ?)",
          arguments: [String(repeating: "x", count: 200_000)])
      }
    }
    #expect(failure?.kind == .full)
    Self.expectWire(failure, code: .ledgerFull, reason: "ledger.full", file: ledger.file)
    // Nothing of the failed change was written.
    #expect(try ledger.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM classicResource") } == 0)
  }

  /// A read-only ledger without dropping privileges (tests may run as root, which ignores file modes): SQLite's
  /// `query_only` makes writes fail with `SQLITE_READONLY`, the result code of a read-only file or folder.
  @Test func readOnlyLedgerIsItsOwnError() throws {
    let (base, state) = Self.stateFolder()
    defer { try? FileManager.default.removeItem(at: base) }
    let ledger = try Ledger(location: .directory(state))
    try ledger.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 1") }
    let failure = Self.failure {
      try ledger.write { db in
        try Ledger.log(db, target: nil, operation: "t", outcome: "succeeded", state: nil, message: nil)
      }
    }
    #expect(failure?.kind == .readOnly)
    Self.expectWire(failure, code: .ledgerReadOnly, reason: "ledger.read-only", file: ledger.file)
  }

  @Test func stateFolderThatCannotBeCreatedIsReadOnly() throws {
    let (base, _) = Self.stateFolder()
    defer { try? FileManager.default.removeItem(at: base) }
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    let blocker = base.appendingPathComponent("file")
    #expect(FileManager.default.createFile(atPath: blocker.path, contents: Data("x".utf8)))
    let failure = Self.failure { _ = try Ledger(location: .directory(blocker.appendingPathComponent("state"))) }
    #expect(failure?.kind == .readOnly)
    #expect(failure?.responseError.code == .ledgerReadOnly)
  }

  @Test func everyKindHasItsOwnCode() {
    let codes = LedgerFailure.Kind.allCases.compactMap { LedgerFailure.table[$0]?.code }
    #expect(codes.count == LedgerFailure.Kind.allCases.count)
    #expect(Set(codes).count == codes.count)
  }
}
