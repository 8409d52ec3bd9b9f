/// Positions of a plan's entries by their keys, so adding to a plan of N resources costs O(1) instead of O(N).
///
/// The index is a cache: it takes no part in coding, equality or hashing, and it is rebuilt from the plan's
/// arrays whenever they were changed other than through the plan's own methods.
struct ARMPlanIndex: Sendable, Hashable {
  /// Whether the positions describe the plan's arrays as they are.
  var isCurrent = false
  /// Resource positions by lowercased ID.
  var resourcesByID: [String: Int] = [:]
  /// The first resource position by lowercased type and exact name.
  var firstByTypeAndName: [String: Int] = [:]
  /// Lowercased resource group names.
  var groupNames: Set<String> = []
  /// Parameter names.
  var parameterNames: Set<String> = []
  /// Vault and name of every recorded import.
  var vaultImports: Set<String> = []
  /// Type and platform name of every name note.
  var notes: Set<String> = []

  /// The key of a resource ID.
  static func idKey(_ id: String) -> String { id.lowercased() }

  /// The key of a type and name (types compare without case, names exactly).
  static func typeNameKey(_ type: String, _ name: String) -> String { type.lowercased() + "\u{0}" + name }

  /// The key of a vault import.
  static func importKey(_ item: ARMVaultImport) -> String { item.vault + "\u{0}" + item.name }

  /// The key of a name note.
  static func noteKey(_ note: ARMNameNote) -> String { note.type.lowercased() + "\u{0}" + note.platformName }

  /// An index describing a plan's arrays.
  init(plan: ARMPlan) {
    for (position, resource) in plan.resources.enumerated() {
      resourcesByID[Self.idKey(resource.id)] = resourcesByID[Self.idKey(resource.id)] ?? position
      let typeName = Self.typeNameKey(resource.type, resource.name)
      firstByTypeAndName[typeName] = firstByTypeAndName[typeName] ?? position
    }
    groupNames = Set(plan.resourceGroups.map { $0.name.lowercased() })
    parameterNames = Set(plan.parameters.map(\.name))
    vaultImports = Set((plan.vaultImports ?? []).map(Self.importKey))
    notes = Set((plan.notes ?? []).map(Self.noteKey))
    isCurrent = true
  }

  /// An empty index that describes nothing yet.
  init() {}

  /// Every index is equal: it is derived from the plan and not part of its value.
  static func == (lhs: ARMPlanIndex, rhs: ARMPlanIndex) -> Bool { true }

  /// Hashes nothing, in step with `==`.
  func hash(into hasher: inout Hasher) {}
}
