import EstateModel
import PluginAPI

/// Places the ARM plan's findings: with the cloud service they concern, or with the target grouped by code.
///
/// A finding names its resource by ARM ID, by ARM name or by the classic service's name; one that names a
/// service's resource is listed in that service's view, the rest (the network, the plan as a whole) once per code
/// with the target, so ten thousand services' notes do not make one list ten thousand lines long at the top.
struct ARMFindingRows {
  /// The owning deployment's position of each finding, or `nil` for the target as a whole, in plan order.
  let owners: [Int?]
  let findings: [ARMFinding]

  /// Finds each finding's owner with one look-up per finding (resources are indexed once).
  init(plan: ARMPlan, groups: ServiceGroups) {
    var byID: [String: Int] = [:]
    var byName: [String: Int] = [:]
    // By position: a `for` loop would copy each of the plan's resources to read its ID and name.
    let resources = plan.resources
    for position in resources.indices {
      guard let owner = groups.owner(of: resources[position]) else { continue }
      let id = resources[position].id.lowercased()
      if byID[id] == nil { byID[id] = owner }
      let name = resources[position].name
      if byName[name] == nil { byName[name] = owner }
    }
    findings = plan.findings
    owners = plan.findings.map { finding in
      guard let named = finding.resource else { return nil }
      return byID[named.lowercased()] ?? byName[named] ?? groups.owner(ofService: named)
    }
  }

  /// Each deployment's findings, by position, in one pass.
  func findingsByOwner(count: Int) -> [[ARMFinding]] {
    var owned = Array(repeating: [ARMFinding](), count: count)
    for (finding, owner) in zip(findings, owners) {
      if let owner, owner < count { owned[owner].append(finding) }
    }
    return owned
  }

  /// The target's own findings, one group per severity and code in first-seen order, open when `open`.
  func sharedGroups(open: Bool) -> [[String: Any]] {
    var order: [String] = []
    var groups: [String: (severity: String, code: String, messages: [String])] = [:]
    for (finding, owner) in zip(findings, owners) where owner == nil {
      let key = finding.severity.rawValue + "\u{0}" + finding.code
      if groups[key] == nil {
        order.append(key)
        groups[key] = (finding.severity.rawValue, finding.code, [])
      }
      groups[key]?.messages.append(finding.message)
    }
    return order.compactMap { groups[$0] }.map { group in
      [
        "severity": group.severity, "code": group.code, "count": "\(group.messages.count)", "open": open,
        "items": group.messages.map { ["message": $0] },
      ] as [String: Any]
    }
  }

  /// The values the `services` template reads for one finding.
  static func row(_ finding: ARMFinding) -> [String: Any] {
    ["severity": finding.severity.rawValue, "code": finding.code, "message": finding.message]
  }
}
