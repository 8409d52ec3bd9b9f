public import EstateModel

/// What changes between two plans: resources added, removed, and changed property by property.
public struct ARMPlanDiff: Codable, Sendable, Hashable {
  /// One changed leaf of a resource (`properties.roleProfile.roles[0].sku.capacity`).
  public struct Change: Codable, Sendable, Hashable {
    /// The leaf's path.
    public var path: String
    /// The value before, absent when the leaf is new.
    public var before: ARMValue?
    /// The value after, absent when the leaf is gone.
    public var after: ARMValue?
  }

  /// A resource present in both plans whose content differs.
  public struct Changed: Codable, Sendable, Hashable {
    /// The resource ID.
    public var id: String
    /// The resource type.
    public var type: String
    /// The differing leaves, by path.
    public var changes: [Change]
  }

  /// IDs only in `after`.
  public var added: [String]
  /// IDs only in `before`.
  public var removed: [String]
  /// Resources in both that differ.
  public var changed: [Changed]
  /// Whether the plans are the same.
  public var identical: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

  /// Compares two plans by resource ID (case-insensitively, as ARM does).
  public static func compare(before: ARMPlan, after: ARMPlan) -> ARMPlanDiff {
    let old = Dictionary(before.resources.map { ($0.id.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    let new = Dictionary(after.resources.map { ($0.id.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    var changed: [Changed] = []
    for key in Set(old.keys).intersection(new.keys).sorted() {
      guard let left = old[key], let right = new[key] else { continue }
      let changes = leafChanges(comparable(left), comparable(right))
      if !changes.isEmpty { changed.append(Changed(id: right.id, type: right.type, changes: changes)) }
    }
    return ARMPlanDiff(
      added: new.keys.filter { old[$0] == nil }.compactMap { new[$0]?.id }.sorted(),
      removed: old.keys.filter { new[$0] == nil }.compactMap { old[$0]?.id }.sorted(), changed: changed)
  }

  static func comparable(_ resource: ARMResource) -> ARMValue {
    [
      "apiVersion": .string(resource.apiVersion), "location": .string(resource.location),
      "sku": resource.sku ?? .null, "properties": resource.properties,
      "dependsOn": .array(resource.dependsOn.map { .string($0) }),
    ]
  }

  static func leafChanges(_ before: ARMValue, _ after: ARMValue) -> [Change] {
    let left = Dictionary(before.leaves().map { ($0.path, $0.value) }, uniquingKeysWith: { first, _ in first })
    let right = Dictionary(after.leaves().map { ($0.path, $0.value) }, uniquingKeysWith: { first, _ in first })
    return Set(left.keys).union(right.keys).sorted().compactMap { path in
      left[path] == right[path] ? nil : Change(path: path, before: left[path], after: right[path])
    }
  }
}
