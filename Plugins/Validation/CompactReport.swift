import EstateModel
import PluginAPI
import WorkerProtocol

/// The compact form of a validation report (`validation/run` with `detail: "compact"`).
///
/// The full form repeats each rule's fix and documentation link in every message; on a large estate most of
/// the reply is those repeats. The compact form sends each rule's message template, fix template and
/// documentation link once, in `rules`, and each message carries its rule id and the arguments its templates
/// were filled with. A message whose texts were not made from its rule's templates (an estate problem, an ARM
/// finding) carries its `message`, and its `fix` and `docs` where they differ from the table's. protocol.md
/// gives the expansion; expanding gives the full form exactly.
enum CompactReport {
  /// What the table holds for one rule id.
  private struct Entry {
    /// The message template, when the entry is a rule's.
    let message: String?
    /// The fix template (a rule's) or text (the first message's).
    let fix: String
    /// The documentation link.
    let docs: String
    /// The placeholder names of the rule's templates, for keeping only the arguments they use.
    let placeholders: Set<String>
    /// Whether the entry holds a rule's templates.
    var fromRule: Bool { message != nil }
  }

  /// The report in compact form, looking rules up with `rule`.
  static func make(_ report: ValidationReport, rule: (String) -> ValidationRule?) -> JSONValue {
    var entries: [String: Entry] = [:]
    var messages: [JSONValue] = []
    messages.reserveCapacity(report.validationMessages.count)
    for message in report.validationMessages {
      let entry = entries[message.ruleId] ?? makeEntry(for: message, rule: rule(message.ruleId))
      if entries[message.ruleId] == nil { entries[message.ruleId] = entry }
      messages.append(compact(message, entry: entry))
    }
    let table = entries.sorted { $0.key < $1.key }.map { id, entry -> (key: String, value: JSONValue) in
      var members: [(key: String, value: JSONValue)] = [("docs", .string(entry.docs)), ("fix", .string(entry.fix))]
      if let template = entry.message { members.append(("message", .string(template))) }
      return (id, .object(JSONObject(members)))
    }
    return .object(
      JSONObject([
        ("detail", "compact"), ("result", .string(report.result)),
        ("rules", .object(JSONObject(table))), ("rulesRevision", .string(report.rulesRevision.rawValue)),
        ("validationMessages", .array(messages)),
      ]))
  }

  /// The table entry of a rule id: the rule's templates when the catalogue has the rule, else the texts of
  /// the first message with that id.
  private static func makeEntry(for message: ValidationMessage, rule: ValidationRule?) -> Entry {
    guard let rule else {
      return Entry(message: nil, fix: message.fix, docs: message.docs, placeholders: [])
    }
    return Entry(
      message: rule.messageTemplate, fix: rule.fix, docs: rule.docs,
      placeholders: Set(rule.template.placeholderNames + rule.fixTemplate.placeholderNames))
  }

  /// One message in compact form: members sorted by name, as in the full form.
  private static func compact(_ message: ValidationMessage, entry: Entry) -> JSONValue {
    let arguments = entry.fromRule ? message.arguments : nil
    var members: [(key: String, value: JSONValue)] = []
    members.reserveCapacity(10)
    if let arguments {
      let used = arguments.filter { entry.placeholders.contains($0.key) }.sorted { $0.key < $1.key }
      if !used.isEmpty {
        members.append(
          ("arguments", .object(JSONObject(used.map { (key: $0.key, value: JSONValue.string($0.value)) }))))
      }
    }
    members.append(("category", .string(message.category.rawValue)))
    if message.docs != entry.docs { members.append(("docs", .string(message.docs))) }
    if arguments == nil && message.fix != entry.fix { members.append(("fix", .string(message.fix))) }
    if let location = message.location { members.append(("location", location.jsonValue)) }
    if arguments == nil { members.append(("message", .string(message.message))) }
    members.append(("phase", .string(message.phase.rawValue)))
    members.append(("resourceName", .string(message.resourceName)))
    members.append(("resourceType", .string(message.resourceType)))
    members.append(("ruleId", .string(message.ruleId)))
    members.append(("virtualMachineName", message.virtualMachineName.map { .string($0) } ?? .null))
    return .object(JSONObject(members))
  }
}
