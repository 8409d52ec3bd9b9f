/// Everything the migration of one target creates in Azure Resource Manager.
public struct ARMPlan: Codable, Sendable, Hashable {
  /// The subscription ID used in every resource ID.
  public var subscriptionID: String
  /// The naming profile the names follow.
  public var naming: ARMNamingProfile
  /// Resource groups, sorted by name.
  public var resourceGroups: [ARMResourceGroup] { didSet { lookup.isCurrent = false } }
  /// Resources, sorted by ID once mapping is over.
  public var resources: [ARMResource] { didSet { lookup.isCurrent = false } }
  /// Template parameters the resources use, sorted by name.
  public var parameters: [ARMParameter] { didSet { lookup.isCurrent = false } }
  /// Template variables (long texts such as the rewritten `.cscfg`), per resource group.
  public var variables: [String: [String: ARMValue]]
  /// What the mapper found, Error findings included.
  public var findings: [ARMFinding]
  /// Certificates and secrets the deployment script imports into prerequisite vaults (absent when none).
  public var vaultImports: [ARMVaultImport]? { didSet { lookup.isCurrent = false } }
  /// Names changed to fit their type's rule, with the platform's name (absent when none).
  public var notes: [ARMNameNote]? { didSet { lookup.isCurrent = false } }
  /// Where entries are, by key: keeps adding to a large plan linear overall.
  private var lookup = ARMPlanIndex()

  private enum CodingKeys: String, CodingKey {
    case subscriptionID, naming, resourceGroups, resources, parameters, variables, findings, vaultImports, notes
  }

  /// Creates an empty plan.
  public init(subscriptionID: String, naming: ARMNamingProfile) {
    self.subscriptionID = subscriptionID
    self.naming = naming
    self.resourceGroups = []
    self.resources = []
    self.parameters = []
    self.variables = [:]
    self.findings = []
    self.vaultImports = nil
    self.notes = nil
  }

  /// Records an import for the deployment script, once per vault and name.
  public mutating func addVaultImport(_ item: ARMVaultImport) {
    refreshIndex()
    guard lookup.vaultImports.insert(ARMPlanIndex.importKey(item)).inserted else { return }
    if vaultImports == nil { vaultImports = [] }
    vaultImports?.append(item)
    lookup.isCurrent = true
  }

  /// Records a fitted name once per type and platform name; returns whether it was new.
  @discardableResult
  public mutating func addNote(_ note: ARMNameNote) -> Bool {
    refreshIndex()
    guard lookup.notes.insert(ARMPlanIndex.noteKey(note)).inserted else { return false }
    if notes == nil { notes = [] }
    notes?.append(note)
    lookup.isCurrent = true
    return true
  }

  /// Rebuilds the index when the arrays were changed other than through the plan's methods.
  private mutating func refreshIndex() {
    if !lookup.isCurrent { lookup = ARMPlanIndex(plan: self) }
  }

  /// Whether any finding is an error.
  public var hasErrors: Bool { findings.contains { $0.severity == .error } }

  /// The index of the first resource of a type with a name.
  public func index(ofType type: String, named name: String) -> Int? {
    guard lookup.isCurrent else {
      return resources.firstIndex { $0.name == name && $0.isOfType(type) }
    }
    return lookup.firstByTypeAndName[ARMPlanIndex.typeNameKey(type, name)]
  }

  /// Every resource of a type.
  public func resources(ofType type: String) -> [ARMResource] {
    resources.filter { $0.isOfType(type) }
  }

  /// Adds a resource group unless one with the name exists.
  public mutating func addResourceGroup(_ group: ARMResourceGroup) {
    refreshIndex()
    guard lookup.groupNames.insert(group.name.lowercased()).inserted else { return }
    resourceGroups.append(group)
    lookup.isCurrent = true
  }

  /// Adds a resource, replacing one with the same ID (IDs compare without case).
  public mutating func upsert(_ resource: ARMResource) {
    refreshIndex()
    if let position = lookup.resourcesByID[ARMPlanIndex.idKey(resource.id)] {
      let replacesName = resources[position].name == resource.name && resources[position].type == resource.type
      resources[position] = resource
      // A replacement may respell the type or name; the by-name positions are then rebuilt on next use.
      lookup.isCurrent = replacesName
    } else {
      let position = resources.count
      resources.append(resource)
      lookup.resourcesByID[ARMPlanIndex.idKey(resource.id)] = position
      let typeName = ARMPlanIndex.typeNameKey(resource.type, resource.name)
      if lookup.firstByTypeAndName[typeName] == nil { lookup.firstByTypeAndName[typeName] = position }
      lookup.isCurrent = true
    }
  }

  /// Changes the resource at `position` in place.
  ///
  /// Steps outside this module change resources through here: assigning to `resources[position]` from another
  /// module copies the whole array (the property is observed), and the index is kept as long as the change leaves
  /// the resource's ID, type and name as they were, so changing every resource of a plan stays linear.
  public mutating func updateResource(at position: Int, _ change: (inout ARMResource) throws -> Void) rethrows {
    let wasCurrent = lookup.isCurrent
    let (id, type, name) = (resources[position].id, resources[position].type, resources[position].name)
    try change(&resources[position])
    let after = resources[position]
    lookup.isCurrent = wasCurrent && after.id == id && after.type == type && after.name == name
  }

  /// Adds a parameter unless one with the name exists.
  public mutating func addParameter(_ parameter: ARMParameter) {
    refreshIndex()
    guard lookup.parameterNames.insert(parameter.name).inserted else { return }
    parameters.append(parameter)
    lookup.isCurrent = true
  }

  /// Sorts groups, resources (by ID), dependencies, parameters and findings so output is deterministic.
  public mutating func normalize() {
    resourceGroups.sort { $0.name < $1.name }
    resources.sort { $0.id < $1.id }
    for position in resources.indices {
      resources[position].dependsOn = Array(Set(resources[position].dependsOn)).sorted()
    }
    parameters.sort { $0.name < $1.name }
    vaultImports?.sort { ($0.vault, $0.kind.rawValue, $0.name) < ($1.vault, $1.kind.rawValue, $1.name) }
    notes?.sort { ($0.type, $0.platformName) < ($1.type, $1.platformName) }
    findings = findings.enumerated().sorted { lhs, rhs in
      let left = (lhs.element.resource ?? "", lhs.element.code, lhs.offset)
      let right = (rhs.element.resource ?? "", rhs.element.code, rhs.offset)
      return left < right
    }.map(\.element)
  }
}

/// A template and its parameters file, ready to deploy at subscription scope.
public struct ARMTemplateBundle: Codable, Sendable, Hashable {
  /// The deployment template.
  public var template: ARMValue
  /// The deployment parameters file.
  public var parameters: ARMValue
  /// The mapper's findings (the template is produced even when some are errors).
  public var findings: [ARMFinding]
  /// The first stage, deployed before the script imports values: resource groups and Key Vaults (absent when
  /// nothing must exist before the main template).
  public var prerequisites: ARMValue?
  /// What the script imports into the prerequisite vaults between the stages.
  public var imports: [ARMVaultImport]?
  /// Deployment scripts by file name (`deploy.sh` for Azure CLI, `deploy.ps1` for PowerShell).
  public var scripts: [String: String]?

  /// Creates a bundle.
  public init(
    template: ARMValue, parameters: ARMValue, findings: [ARMFinding], prerequisites: ARMValue? = nil,
    imports: [ARMVaultImport]? = nil, scripts: [String: String]? = nil
  ) {
    self.template = template
    self.parameters = parameters
    self.findings = findings
    self.prerequisites = prerequisites
    self.imports = imports
    self.scripts = scripts
  }
}
