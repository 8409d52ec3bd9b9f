public import EstateModel
import Foundation
import GRDB

/// A target's row: its resolved scope, state and whether Commit was ever attempted.
public struct TargetRecord: Codable, Sendable, Hashable {
  /// The resolved scope (kept, so a committed target is still known after its classic metadata is gone).
  public var scope: TargetScope
  /// The state.
  public var state: MigrationState
  /// Whether Commit has been attempted (Abort is refused from then on).
  public var commitAttempted: Bool
}

/// One ARM resource created by Prepare.
public struct ARMResourceRecord: Codable, Sendable, Hashable {
  /// The ARM resource ID.
  public var id: String
  /// `Microsoft.Compute/cloudServices`, ...
  public var type: String
  /// The resource name.
  public var name: String
  /// The resource group.
  public var resourceGroup: String
  /// The cloud service (or VNet) the resource was created for.
  public var owner: String
  /// The ledger key of the target that created it.
  public var targetKey: String
  /// The full resource as the mapper produced it (and as later updates changed it).
  public var body: JSONFragment
}

/// One entry of the append-only operation log.
public struct OperationRecord: Codable, Sendable, Hashable {
  /// Position in the log, from 1.
  public var seq: Int64
  /// When, as ISO 8601 UTC.
  public var at: String
  /// The target key, when the operation had one.
  public var target: String?
  /// `prepare`, `prepare.step`, `commit`, `classic/update`, ...
  public var operation: String
  /// `started`, `succeeded`, `unchanged`, `failed`, `refused`, `cancelled`, `interrupted`...
  public var outcome: String
  /// The target's state after the entry.
  public var state: String?
  /// A human-readable detail.
  public var message: String?
  /// The process ID of the worker that wrote it.
  public var worker: Int64
}

/// Encoding and decoding of stored JSON columns (sorted keys, so the same data is the same text).
enum LedgerJSON {
  static func encode(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(text.utf8))
  }

  static func now() -> String {
    ISO8601DateFormatter().string(from: Date())
  }
}

/// The ledger's queries; every function runs inside a transaction or snapshot the caller opened.
extension Ledger {
  // MARK: - Estate (the classic side)

  static let serviceKind = "cloudService"
  static let networkKind = "virtualNetwork"

  /// The stored estate (classic side as it is now) and its import handle, if one was imported.
  static func estate(_ db: Database) throws -> (handle: String, estate: Estate)? {
    guard let row = try Row.fetchOne(db, sql: "SELECT handle, base FROM estate WHERE id = 1") else { return nil }
    let handle: String = row["handle"]
    var estate = try LedgerJSON.decode(Estate.self, row["base"])
    let resources = try Row.fetchAll(db, sql: "SELECT kind, body FROM classicResource ORDER BY kind, name")
    for resource in resources {
      let kind: String = resource["kind"]
      if kind == serviceKind {
        estate.cloudServices.append(try LedgerJSON.decode(CloudService.self, resource["body"]))
      } else if kind == networkKind {
        estate.virtualNetworks.append(try LedgerJSON.decode(VirtualNetwork.self, resource["body"]))
      }
    }
    return (handle, estate)
  }

  /// Replaces the classic side with `estate` and forgets every target's state (not the log, nor committed ARM).
  static func replaceEstate(_ db: Database, handle: String, estate: Estate) throws {
    var base = estate
    base.cloudServices = []
    base.virtualNetworks = []
    try db.execute(
      sql: "INSERT OR REPLACE INTO estate (id, handle, base, importedAt) VALUES (1, ?, ?, ?)",
      arguments: [handle, try LedgerJSON.encode(base), LedgerJSON.now()])
    try db.execute(sql: "DELETE FROM classicResource")
    for service in estate.cloudServices {
      try putClassic(db, kind: serviceKind, name: service.name, body: service)
    }
    for network in estate.virtualNetworks {
      try putClassic(db, kind: networkKind, name: network.name, body: network)
    }
    try db.execute(sql: "DELETE FROM armResource WHERE committed = 0")
    try db.execute(sql: "DELETE FROM unit")
    try db.execute(sql: "DELETE FROM target")
  }

  static func putClassic(_ db: Database, kind: String, name: String, body: some Encodable) throws {
    try db.execute(
      sql: "INSERT OR REPLACE INTO classicResource (kind, name, body) VALUES (?, ?, ?)",
      arguments: [kind, name, try LedgerJSON.encode(body)])
  }

  static func classicBody(_ db: Database, kind: String, name: String) throws -> String? {
    try String.fetchOne(
      db, sql: "SELECT body FROM classicResource WHERE kind = ? AND name = ?", arguments: [kind, name])
  }

  static func deleteClassic(_ db: Database, kind: String, name: String) throws {
    try db.execute(sql: "DELETE FROM classicResource WHERE kind = ? AND name = ?", arguments: [kind, name])
  }

  // MARK: - Targets and units

  static func target(_ db: Database, key: String) throws -> TargetRecord? {
    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM target WHERE key = ?", arguments: [key]) else {
      return nil
    }
    return try record(row)
  }

  static func targets(_ db: Database) throws -> [TargetRecord] {
    try Row.fetchAll(db, sql: "SELECT * FROM target ORDER BY key").map(record)
  }

  private static func record(_ row: Row) throws -> TargetRecord {
    let stateText: String = row["state"]
    let attempted: Int64 = row["commitAttempted"]
    return TargetRecord(
      scope: try LedgerJSON.decode(TargetScope.self, row["scope"]),
      state: MigrationState(rawValue: stateText) ?? .notPrepared, commitAttempted: attempted != 0)
  }

  /// Stores a target's state and sets every deployment in it to `units` (or to the same state).
  static func save(_ db: Database, _ record: TargetRecord, units: MigrationState? = nil) throws {
    try db.execute(
      sql: """
        INSERT INTO target (key, scope, state, commitAttempted, updatedAt) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(key) DO UPDATE SET scope = excluded.scope, state = excluded.state,
          commitAttempted = excluded.commitAttempted, updatedAt = excluded.updatedAt
        """,
      arguments: [
        record.scope.key, try LedgerJSON.encode(record.scope), record.state.rawValue, record.commitAttempted ? 1 : 0,
        LedgerJSON.now(),
      ])
    for member in record.scope.members {
      try setUnit(db, member: member, targetKey: record.scope.key, state: units ?? record.state)
    }
  }

  static func setUnit(_ db: Database, member: ScopeMember, targetKey: String, state: MigrationState) throws {
    try db.execute(
      sql: """
        INSERT INTO unit (service, slot, targetKey, state) VALUES (?, ?, ?, ?)
        ON CONFLICT(service, slot) DO UPDATE SET targetKey = excluded.targetKey, state = excluded.state
        """,
      arguments: [member.service, member.slot.rawValue, targetKey, state.rawValue])
  }

  /// The state of each deployment of a service that some target touched, keyed by slot.
  static func unitStates(_ db: Database, service: String) throws -> [String: MigrationState] {
    var states: [String: MigrationState] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT slot, state FROM unit WHERE service = ?", arguments: [service]) {
      let slot: String = row["slot"]
      let state: String = row["state"]
      states[slot] = MigrationState(rawValue: state) ?? .notPrepared
    }
    return states
  }

  // MARK: - ARM side

  static func insertARM(_ db: Database, _ resource: ARMResourceRecord) throws {
    try db.execute(
      sql: """
        INSERT OR REPLACE INTO armResource (id, type, name, resourceGroup, owner, targetKey, committed, body)
        VALUES (?, ?, ?, ?, ?, ?, 0, ?)
        """,
      arguments: [
        resource.id, resource.type, resource.name, resource.resourceGroup, resource.owner, resource.targetKey,
        try LedgerJSON.encode(resource.body),
      ])
  }

  static func armResources(_ db: Database, whereClause: String = "1", arguments: StatementArguments = [])
    throws -> [ARMResourceRecord]
  {
    try Row.fetchAll(db, sql: "SELECT * FROM armResource WHERE \(whereClause) ORDER BY id", arguments: arguments)
      .map { row in
        ARMResourceRecord(
          id: row["id"], type: row["type"], name: row["name"], resourceGroup: row["resourceGroup"],
          owner: row["owner"], targetKey: row["targetKey"], body: try LedgerJSON.decode(JSONFragment.self, row["body"]))
      }
  }

  // MARK: - Operation log

  static func log(
    _ db: Database, target: String?, operation: String, outcome: String, state: MigrationState?, message: String?
  ) throws {
    try db.execute(
      sql: """
        INSERT INTO operation (at, targetKey, operation, outcome, state, message, worker)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        LedgerJSON.now(), target, operation, outcome, state?.rawValue, message,
        Int64(ProcessInfo.processInfo.processIdentifier),
      ])
  }

  static func history(_ db: Database, target: String?, after: Int64, limit: Int) throws -> [OperationRecord] {
    let filter = target == nil ? "" : "AND targetKey = ?"
    var arguments: StatementArguments = [after]
    if let target { arguments += [target] }
    arguments += [limit]
    return try Row.fetchAll(
      db, sql: "SELECT * FROM operation WHERE seq > ? \(filter) ORDER BY seq LIMIT ?", arguments: arguments
    ).map { row in
      OperationRecord(
        seq: row["seq"], at: row["at"], target: row["targetKey"], operation: row["operation"],
        outcome: row["outcome"], state: row["state"], message: row["message"], worker: row["worker"])
    }
  }
}
