import WorkerProtocol

/// ANSI styling for text reports; every style is a no-op without colour.
struct TextStyle {
  /// Whether escape sequences are written.
  let colour: Bool

  /// `text` in the SGR style `code` (for example "31" for red).
  func paint(_ code: String, _ text: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
  func bold(_ text: String) -> String { paint("1", text) }
  func dim(_ text: String) -> String { paint("2", text) }
  func red(_ text: String) -> String { paint("31", text) }
  func yellow(_ text: String) -> String { paint("33", text) }
  func green(_ text: String) -> String { paint("32", text) }
  func blue(_ text: String) -> String { paint("34", text) }
}

/// Readable renderings of method results for people at a terminal and for shell scripts that grep.
enum TextReport {
  /// A target object as people write it: `service/slot`, `service/deployment` or `vnet NAME`.
  static func describe(target: JSONValue?) -> String {
    if let network = target?["virtualNetwork"]?.stringValue { return "virtual network \(network)" }
    let service = target?["service"]?.stringValue ?? "?"
    if let slot = target?["slot"]?.stringValue { return "\(service)/\(slot)" }
    if let deployment = target?["deployment"]?.stringValue { return "\(service)/\(deployment)" }
    return service
  }

  /// `file:line:column` of a location object, or `nil` without a file.
  static func position(_ location: JSONValue?) -> String? {
    guard let file = location?["file"]?.stringValue else { return nil }
    var text = file
    if let line = location?["line"]?.intValue {
      text += ":\(line)"
      if let column = location?["column"]?.intValue { text += ":\(column)" }
    }
    return text
  }

  /// The categories of validation messages, most serious first, with their headings and styles.
  private static let categories: [(name: String, heading: String, colour: String)] = [
    ("Error", "Errors", "31"), ("Warning", "Warnings", "33"), ("Information", "Information", "34"),
  ]
  private static let countNouns = ["Error": ("error", "errors"), "Warning": ("warning", "warnings")]

  /// A `validation/run` result grouped by category, each finding with its rule, message, fix and file:line.
  static func validation(_ result: JSONValue, target: JSONValue, style: TextStyle) -> String {
    let messages = result["validationMessages"]?.arrayValue ?? []
    let revision = result["rulesRevision"]?.stringValue ?? "?"
    var lines = [style.bold("Validation of \(describe(target: target)) (rules \(revision))")]
    lines.append(result["result"]?.stringValue ?? "")
    var counts: [String] = []
    for category in categories {
      let group = messages.filter { $0["category"]?.stringValue == category.name }
      let noun = countNouns[category.name] ?? ("information", "information")
      counts.append("\(group.count) \(group.count == 1 ? noun.0 : noun.1)")
      guard !group.isEmpty else { continue }
      lines.append("")
      lines.append(style.paint(category.colour, style.bold("\(category.heading) (\(group.count))")))
      for message in group {
        let rule = message["ruleId"]?.stringValue ?? "?"
        let resource = [message["resourceType"]?.stringValue, message["resourceName"]?.stringValue]
          .compactMap { $0 }.joined(separator: " ")
        lines.append("  \(style.paint(category.colour, rule))  \(resource)")
        lines.append("    \(message["message"]?.stringValue ?? "")")
        if let fix = message["fix"]?.stringValue, !fix.isEmpty { lines.append("    fix: \(fix)") }
        if let at = position(message["location"]) { lines.append(style.dim("    at \(at)")) }
      }
    }
    lines.append("")
    lines.append(counts.joined(separator: ", "))
    return lines.joined(separator: "\n")
  }

  /// Where a planned resource comes from: kind, name, owning service and file position.
  static func source(_ source: JSONValue?) -> String {
    guard let source else { return "no classic source" }
    let kind = source["kind"]?.stringValue ?? "resource"
    let name = source["name"]?.stringValue ?? "?"
    var text = "\(kind) \(name)"
    if let service = source["service"]?.stringValue, service != name { text += " of \(service)" }
    if let at = position(source["location"]) { text += " (\(at))" }
    return text
  }

  /// An `arm/plan` result: resources per resource group, each with its classic source, then the findings.
  static func plan(_ result: JSONValue, target: JSONValue, style: TextStyle) -> String {
    let subscription = result["subscriptionID"]?.stringValue ?? "?"
    var lines = [style.bold("ARM plan for \(describe(target: target)) (subscription \(subscription))")]
    let resources = result["resources"]?.arrayValue ?? []
    for group in result["resourceGroups"]?.arrayValue ?? [] {
      let name = group["name"]?.stringValue ?? "?"
      lines.append("")
      lines.append(
        style.bold("resource group \(name)") + " (\(group["location"]?.stringValue ?? "?")) ← "
          + source(group["source"]))
      for resource in resources where resource["resourceGroup"]?.stringValue == name {
        lines.append("  \(resource["type"]?.stringValue ?? "?") \(style.bold(resource["name"]?.stringValue ?? "?"))")
        lines.append(style.dim("    ← \(source(resource["source"]))"))
      }
    }
    let parameters = result["parameters"]?.arrayValue ?? []
    lines.append("")
    lines.append("\(resources.count) resources, \(parameters.count) parameters")
    lines.append(contentsOf: findings(result["findings"], style: style))
    return lines.joined(separator: "\n")
  }

  /// ARM or lifecycle findings, one line each (nothing when there are none).
  static func findings(_ findings: JSONValue?, style: TextStyle) -> [String] {
    let list = findings?.arrayValue ?? []
    guard !list.isEmpty else { return [] }
    var lines = ["findings:"]
    for finding in list {
      let severity = finding["severity"]?.stringValue ?? "info"
      let label: String
      switch severity.lowercased() {
      case "error": label = style.red(severity)
      case "warning": label = style.yellow(severity)
      default: label = style.blue(severity)
      }
      let code = finding["code"]?.stringValue ?? finding["ruleId"]?.stringValue ?? ""
      lines.append("  \(label) \(code): \(finding["message"]?.stringValue ?? "")")
    }
    return lines
  }

  /// A `migration/status` result: each target with its state, its deployments and their roles.
  static func status(_ result: JSONValue, style: TextStyle) -> String {
    let targets = result["targets"]?.arrayValue ?? []
    guard !targets.isEmpty else {
      return "The ledger holds no targets; import an estate with `csmigrate prepare ESTATE ...`."
    }
    var lines: [String] = []
    for target in targets {
      let state = target["state"]?.stringValue ?? "?"
      var heading = "\(style.bold(target["key"]?.stringValue ?? "?"))  \(paint(state: state, style))"
      if target["commitAttempted"]?.boolValue == true { heading += "  (commit attempted)" }
      lines.append(heading)
      for deployment in target["deployments"]?.arrayValue ?? [] {
        let name =
          "\(deployment["service"]?.stringValue ?? "?")/\(deployment["slot"]?.stringValue ?? "?")"
          + " (\(deployment["deployment"]?.stringValue ?? "?"))"
        lines.append("  \(name)  \(paint(state: deployment["migrationState"]?.stringValue ?? "?", style))")
        for role in deployment["roles"]?.arrayValue ?? [] {
          lines.append(
            style.dim("    role \(role["name"]?.stringValue ?? "?")  \(role["migrationState"]?.stringValue ?? "?")"))
        }
      }
    }
    return lines.joined(separator: "\n")
  }

  /// A lifecycle result (`migration/prepare|abort|commit`): the new state, whether it changed, the findings.
  static func lifecycle(_ result: JSONValue, verb: String, style: TextStyle) -> String {
    let key = result["key"]?.stringValue ?? describe(target: result["target"])
    let state = result["state"]?.stringValue ?? "?"
    let changed = result["changed"]?.boolValue == true ? "" : " (unchanged: already done)"
    var line = "\(verb) \(key): \(paint(state: state, style))\(changed)"
    if let count = result["armResources"]?.intValue { line += ", \(count) ARM resources" }
    return ([line] + findings(result["findings"], style: style)).joined(separator: "\n")
  }

  private static func paint(state: String, _ style: TextStyle) -> String {
    switch state {
    case "Prepared", "Committed": style.green(state)
    case "PrepareFailed": style.red(state)
    case "Preparing", "Committing", "Aborting": style.yellow(state)
    default: state
    }
  }
}
