import EstateModel
import PluginAPI

/// One cloud service's view in its target's section: its verdict, findings, part of the ARM plan and ARM findings.
struct ServiceView {
  var anchor: String
  var service: String
  var deployment: String
  var slot: String
  /// The role names, joined.
  var roles: String
  var verdict: Verdict
  /// Whether the view starts open (small reports) or collapsed.
  var open: Bool
  var findings: [FindingRow]
  /// In collapsed views, the rule of each information finding (listed by rule only, not as rows).
  var information: [String]
  var armRows: [PlanRow]
  var armFindings: [ARMFinding]

  /// The findings the view counts: its rows and its information findings listed by rule.
  var findingCount: Int { findings.count + information.count }

  /// The values the `services` template reads for this view.
  var templateValues: [String: Any] {
    [
      "information": information.joined(separator: ", "), "hasInformation": !information.isEmpty,
      "anchor": anchor, "service": service, "deployment": deployment, "slot": slot, "roles": roles,
      "verdict": verdict.rawValue, "verdictClass": verdict.cssClass, "open": open,
      "findingCount": "\(findingCount)", "findings": findings.map(\.templateValues), "hasFindings": !findings.isEmpty,
      "armRows": armRows.map(\.templateValues), "hasArmRows": !armRows.isEmpty,
      "armFindings": armFindings.map(ARMFindingRows.row), "hasArmFindings": !armFindings.isEmpty,
    ]
  }
}

/// One row of the ARM plan side by side: the classic source and the resource it becomes.
struct PlanRow {
  /// The classic source: kind, name and owning service.
  var classic: String
  var type: String
  var name: String
  var resourceGroup: String
  /// `role: classic size → ARM size` of each renamed size, joined; `nil` when no size changes name.
  var sizes: String?

  /// The values the `planRow` template reads.
  var templateValues: [String: Any] {
    var row: [String: Any] = ["classic": classic, "type": type, "name": name, "resourceGroup": resourceGroup]
    if let sizes { row["sizes"] = sizes }
    return row
  }
}
