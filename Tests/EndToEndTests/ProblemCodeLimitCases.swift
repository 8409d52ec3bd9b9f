import Foundation

/// The input-limit cases of ``ProblemCase``: each the smallest estate past one of the loader's limits.
///
/// The XML, role and instance limits keep their defaults; the read budget of one load is lowered to
/// ``estateBudget`` (`--max-estate-bytes`) for every case, so the case past it stays small.
extension ProblemCase {
  /// The bytes one load may read in the table's runs, far above every other case's files.
  static let estateBudget = 200 * 1024

  /// Roles in the `.csdef` of the role-limit case: the default limit, so the `.csdef` itself is within it.
  static let rolesAtTheLimit = 1_000

  static let limitCases: [ProblemCase] = [
    ProblemCase(
      code: "xml.limit-exceeded", severity: "error", file: "svc.cscfg", lineMarker: "<Nest>",
      cscfg: configuration(
        role: #"<Instances count="2" />"# + "\n"
          + String(repeating: "<Nest>", count: 130) + String(repeating: "</Nest>", count: 130))),
    ProblemCase(
      code: "cscfg.instances-out-of-range", severity: "error", file: "svc.cscfg", lineMarker: "<Instances",
      cscfg: configuration(role: #"<Instances count="100001" />"#)),
    ProblemCase(
      code: "cscfg.too-many-roles", severity: "error", file: "svc.cscfg", lineMarker: #"<Role name="Extra">"#,
      csdef: manyRolesDefinition(), cscfg: manyRolesConfiguration()),
    ProblemCase(
      code: "input.estate-too-large", severity: "error", file: "estate.json",
      cscfg: configuration(extra: "<!-- " + String(repeating: "padding ", count: estateBudget / 8 + 1) + "-->")),
  ]

  /// A `.csdef` with `Worker` and further worker roles up to ``rolesAtTheLimit``.
  static func manyRolesDefinition() -> String {
    let more = (1..<rolesAtTheLimit).map { #"  <WorkerRole name="W\#($0)" vmsize="Standard_A1_v2" />"# }
    return definition(extra: more.joined(separator: "\n"))
  }

  /// A `.cscfg` configuring every role of ``manyRolesDefinition()``, and one role more (`Extra`) past the limit.
  static func manyRolesConfiguration() -> String {
    let more = (1..<rolesAtTheLimit).map { #"  <Role name="W\#($0)"><Instances count="2" /></Role>"# }
    return configuration(
      extra: (more + [#"  <Role name="Extra"><Instances count="2" /></Role>"#]).joined(separator: "\n"))
  }
}
