public import EstateModel
import Foundation
import GRDB
import PluginAPI
import WorkerProtocol

/// Names one classic resource: a cloud service, one of its deployments, or a virtual network.
public struct ClassicReference: Codable, Sendable, Hashable {
  public var service: String?
  public var slot: String?
  public var virtualNetwork: String?

  /// Makes a reference.
  public init(service: String? = nil, slot: String? = nil, virtualNetwork: String? = nil) {
    self.service = service
    self.slot = slot
    self.virtualNetwork = virtualNetwork
  }
}

/// The two sides of the ledger with the platform's locks: reads always work, changes are refused while locked.
extension LifecycleEngine {
  // MARK: - Classic side

  /// The classic resource's JSON (secrets are never stored, so never shown).
  public func classicGet(_ reference: ClassicReference) throws -> JSONFragment {
    try ledger().read { db in try Self.classicFragment(db, reference) }
  }

  /// Every classic cloud service (with its deployments' slots, names and states) and virtual network.
  public func classicList() throws -> JSONFragment {
    try ledger().read { db in
      guard let estate = try Ledger.estate(db)?.estate else { return .object(["cloudServices": .array([])]) }
      var services: [JSONFragment] = []
      for service in estate.cloudServices.sorted(by: { $0.name < $1.name }) {
        let states = try Ledger.unitStates(db, service: service.name)
        let deployments: [JSONFragment] = service.deployments.map { deployment in
          .object([
            "slot": .string(deployment.slot.rawValue), "name": .string(deployment.name ?? deployment.slot.rawValue),
            "migrationState": .string((states[deployment.slot.rawValue] ?? .notPrepared).rawValue),
          ])
        }
        services.append(.object(["name": .string(service.name), "deployments": .array(deployments)]))
      }
      var networks: [JSONFragment] = []
      for network in estate.virtualNetworks.sorted(by: { $0.name < $1.name }) {
        let state = try Ledger.target(db, key: "virtualNetwork:\(network.name)")?.state ?? .notPrepared
        networks.append(.object(["name": .string(network.name), "migrationState": .string(state.rawValue)]))
      }
      return .object(["cloudServices": .array(services), "virtualNetworks": .array(networks)])
    }
  }

  /// Applies a JSON merge patch to a classic resource; refused while it is being migrated.
  public func classicUpdate(_ reference: ClassicReference, patch: JSONFragment) throws -> JSONFragment {
    try ledger().write { db in
      try Self.checkClassicUnlocked(db, reference, platformCode: "ChangeDeploymentConfigurationOperationFailed")
      let current = try Self.classicFragment(db, reference)
      let updated = MergePatch.apply(patch, to: current)
      guard updated["name"] == current["name"] else {
        throw PluginError.invalidParams("a resource's name cannot be changed", field: "patch.name")
      }
      try Self.storeClassic(db, reference, updated)
      try Ledger.log(
        db, target: nil, operation: "classic/update", outcome: "succeeded", state: nil,
        message: Self.describe(reference))
      return updated
    }
  }

  /// Deletes a classic resource; refused while it is being migrated.
  public func classicDelete(_ reference: ClassicReference) throws {
    try ledger().write { db in
      try Self.checkClassicUnlocked(db, reference, platformCode: "OperationNotAllowed")
      _ = try Self.classicFragment(db, reference)
      if let network = reference.virtualNetwork {
        try Ledger.deleteClassic(db, kind: Ledger.networkKind, name: network)
      } else if let service = reference.service, let slot = reference.slot {
        let member = ScopeMember(service: service, slot: try Self.slot(slot), deployment: "", roles: [])
        try Self.removeClassicDeployment(db, member)
      } else if let service = reference.service {
        try Ledger.deleteClassic(db, kind: Ledger.serviceKind, name: service)
      }
      try Ledger.log(
        db, target: nil, operation: "classic/delete", outcome: "succeeded", state: nil,
        message: Self.describe(reference))
    }
  }

  private static func describe(_ reference: ClassicReference) -> String {
    if let network = reference.virtualNetwork { return "Virtual Network \(network)" }
    return "HostedService \(reference.service ?? "")" + (reference.slot.map { " slot \($0)" } ?? "")
  }

  private static func slot(_ text: String) throws -> DeploymentSlot {
    guard let slot = DeploymentSlot.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
      throw PluginError.invalidParams("slot must be Production or Staging", field: "resource.slot")
    }
    return slot
  }

  /// Refuses a change with the platform's "is in the process of being migrated" text while the resource is locked.
  static func checkClassicUnlocked(_ db: Database, _ reference: ClassicReference, platformCode: String) throws {
    if let network = reference.virtualNetwork {
      if let record = try Ledger.target(db, key: "virtualNetwork:\(network)"), record.state.isLocked {
        throw LifecycleErrors.refused(
          "Virtual Network \(network) is in the process of being migrated and hence cannot be changed.",
          platformCode: platformCode, target: record.scope.key)
      }
      return
    }
    guard let service = reference.service else { return }
    let units = try Row.fetchAll(
      db, sql: "SELECT slot, targetKey, state FROM unit WHERE service = ? ORDER BY slot", arguments: [service])
    for unit in units {
      let stateText: String = unit["state"]
      let slotText: String = unit["slot"]
      guard MigrationState(rawValue: stateText)?.isLocked == true else { continue }
      if let asked = reference.slot, asked.lowercased() != slotText.lowercased() { continue }
      let key: String = unit["targetKey"]
      let deployment =
        try Ledger.target(db, key: key)?.scope.members.first { $0.service == service }?.deployment ?? slotText
      throw LifecycleErrors.refused(
        "Deployment \(deployment) in HostedService \(service) is in the process of being migrated and hence cannot "
          + "be changed.", platformCode: platformCode, target: key)
    }
  }

  private static func classicFragment(_ db: Database, _ reference: ClassicReference) throws -> JSONFragment {
    if let network = reference.virtualNetwork {
      guard let body = try Ledger.classicBody(db, kind: Ledger.networkKind, name: network) else {
        throw LifecycleErrors.notFound("Virtual Network \(network) was not found.", field: "resource.virtualNetwork")
      }
      return try LedgerJSON.decode(JSONFragment.self, body)
    }
    guard let name = reference.service else {
      throw PluginError.invalidParams("give service (and slot) or virtualNetwork", field: "resource")
    }
    guard let body = try Ledger.classicBody(db, kind: Ledger.serviceKind, name: name) else {
      throw LifecycleErrors.notFound("HostedService \(name) was not found.", field: "resource.service")
    }
    guard let slotText = reference.slot else { return try LedgerJSON.decode(JSONFragment.self, body) }
    let slot = try Self.slot(slotText)
    let service = try LedgerJSON.decode(CloudService.self, body)
    guard let deployment = service.deployment(in: slot) else {
      throw LifecycleErrors.notFound(
        "HostedService \(name) has no deployment in slot \(slotText).", field: "resource.slot")
    }
    return try LifecycleDependencies.fragment(encoding: deployment)
  }

  private static func storeClassic(_ db: Database, _ reference: ClassicReference, _ fragment: JSONFragment) throws {
    let data = try LedgerJSON.encode(fragment)
    do {
      if let network = reference.virtualNetwork {
        let model = try LedgerJSON.decode(VirtualNetwork.self, data)
        try Ledger.putClassic(db, kind: Ledger.networkKind, name: network, body: model)
      } else if let name = reference.service, let slotText = reference.slot,
        let body = try Ledger.classicBody(db, kind: Ledger.serviceKind, name: name)
      {
        var service = try LedgerJSON.decode(CloudService.self, body)
        let deployment = try LedgerJSON.decode(Deployment.self, data)
        let slot = try Self.slot(slotText)
        service.deployments = service.deployments.map { $0.slot == slot ? deployment : $0 }
        try Ledger.putClassic(db, kind: Ledger.serviceKind, name: name, body: service)
      } else if let name = reference.service {
        try Ledger.putClassic(
          db, kind: Ledger.serviceKind, name: name, body: try LedgerJSON.decode(CloudService.self, data))
      }
    } catch let error as DecodingError {
      throw PluginError.invalidParams("the patched resource is not valid: \(error)", field: "patch")
    }
  }

  // MARK: - ARM side

  /// One ARM resource by ID.
  public func armGet(_ id: String) throws -> ARMResourceRecord {
    try ledger().read { db in try Self.armResource(db, id) }
  }

  /// ARM resources, optionally of one resource group and type.
  public func armList(resourceGroup: String?, type: String?) throws -> [ARMResourceRecord] {
    try ledger().read { db in
      try Ledger.armResources(db).filter { resource in
        (resourceGroup.map { $0.lowercased() == resource.resourceGroup.lowercased() } ?? true)
          && (type.map { $0.lowercased() == resource.type.lowercased() } ?? true)
      }
    }
  }

  /// Applies a JSON merge patch to an ARM resource; refused with `OperationNotAllowed` while migrating.
  public func armUpdate(_ id: String, patch: JSONFragment) throws -> ARMResourceRecord {
    try ledger().write { db in
      var resource = try Self.armResource(db, id)
      try Self.checkARMUnlocked(db, resource)
      let updated = MergePatch.apply(patch, to: resource.body)
      for key in ["type", "name", "resourceGroup"] where updated[key] != resource.body[key] {
        throw PluginError.invalidParams("\(key) cannot be changed", field: "patch.\(key)")
      }
      resource.body = updated
      try db.execute(
        sql: "UPDATE armResource SET body = ? WHERE id = ?", arguments: [try LedgerJSON.encode(updated), resource.id])
      try Ledger.log(
        db, target: resource.targetKey, operation: "arm/update", outcome: "succeeded", state: nil, message: resource.id)
      return resource
    }
  }

  /// Deletes an ARM resource; refused with `OperationNotAllowed` while migrating.
  public func armDelete(_ id: String) throws {
    try ledger().write { db in
      let resource = try Self.armResource(db, id)
      try Self.checkARMUnlocked(db, resource)
      try db.execute(sql: "DELETE FROM armResource WHERE id = ?", arguments: [resource.id])
      try Ledger.log(
        db, target: resource.targetKey, operation: "arm/delete", outcome: "succeeded", state: nil, message: resource.id)
    }
  }

  private static func armResource(_ db: Database, _ id: String) throws -> ARMResourceRecord {
    guard let resource = try Ledger.armResources(db, whereClause: "lower(id) = lower(?)", arguments: [id]).first else {
      throw LifecycleErrors.notFound("The Resource '\(id)' was not found.", field: "id")
    }
    return resource
  }

  private static func checkARMUnlocked(_ db: Database, _ resource: ARMResourceRecord) throws {
    guard let record = try Ledger.target(db, key: resource.targetKey), record.state.isLocked else { return }
    let service = record.scope.members.first { $0.service == resource.owner }?.service ?? resource.owner
    throw LifecycleErrors.refused(
      "The operation cannot be performed on cloud service '\(service)' because a migration is in progress. "
        + "Commit the migration to start managing the cloud service.",
      platformCode: "OperationNotAllowed", target: record.scope.key)
  }
}

/// RFC 7386 JSON merge patch over ``JSONFragment``.
enum MergePatch {
  static func apply(_ patch: JSONFragment, to target: JSONFragment) -> JSONFragment {
    guard case .object(let changes) = patch else { return patch }
    var result: [String: JSONFragment] = [:]
    if case .object(let existing) = target { result = existing }
    for (key, value) in changes {
      if value == .null {
        result[key] = nil
      } else {
        result[key] = apply(value, to: result[key] ?? .null)
      }
    }
    return .object(result)
  }
}

extension JSONFragment {
  /// The member `key` of an object, or nil.
  subscript(key: String) -> JSONFragment? {
    if case .object(let members) = self { return members[key] }
    return nil
  }
}
