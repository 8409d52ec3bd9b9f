extension ARMPlan {
  /// The name to emit for a resource the platform names `name`: `name` itself when it fits the type's rule (or the
  /// plan follows caller-supplied names, which are checked instead), else the rule's deterministic fitted name.
  ///
  /// Each fitting is recorded once per type and platform name: a note keeps the platform's name beside the emitted
  /// one, and an `arm.name-fitted` Warning names both.
  public mutating func fittedName(_ name: String, type: String) -> String {
    guard naming == .platform, let rule = ARMNameRule.rule(for: type) else { return name }
    let fitted = rule.fitted(name)
    guard fitted != name else { return name }
    guard addNote(ARMNameNote(type: type, platformName: name, name: fitted)) else { return fitted }
    findings.append(
      ARMFinding(
        .warning, "arm.name-fitted",
        "The platform names this \(type) \(name), which \(rule.violation(of: name) ?? "breaks its rule"); "
          + "the template names it \(fitted).", resource: fitted))
    return fitted
  }
}
