import Foundation
import PluginAPI
import WorkerProtocol

/// One finding as the report shows it: category (and phase), rule, the message with its resource and any other
/// member, the fix, and the file and line (a link when the file is under the report's root).
struct FindingRow {
  var category: String
  /// The members shown by name (`ruleId`, `message`, `fix`, `docs`, `phase`, `resourceType`, `resourceName`,
  /// `virtualMachineName`), each only when it is a non-empty string.
  var members: [String: String]
  /// `file:line`, when the finding has a location.
  var location: String?
  var link: String?
  /// Any other string member, by name, in the message's order.
  var extra: [(key: String, value: String)]

  /// The value of a member shown by name, `nil` when absent.
  subscript(member: String) -> String? { members[member] }

  /// The values the `finding` template reads.
  var templateValues: [String: Any] {
    var row: [String: Any] = members
    row["category"] = category
    row["categoryClass"] = category.lowercased()
    if let location { row["where"] = location }
    if let link { row["link"] = link }
    if !extra.isEmpty { row["extra"] = extra.map { ["key": $0.key, "value": $0.value] } }
    return row
  }
}

/// Turns validation messages into the report's finding rows, reading whatever members a message carries.
///
/// The known members get their own cells (rule, category, message, fix, location, phase); any other string
/// member is listed under the message, so a message that gains a field shows it without a template change.
struct FindingRows {
  /// The path from the report's folder to the estate root (`./`, `../`...), or `nil` for no links.
  let linkPrefix: String?

  static let shownElsewhere: Set<String> = [
    "category", "message", "fix", "ruleId", "location", "phase", "docs", "resourceType", "resourceName",
    "virtualMachineName",
  ]

  /// The members a row shows by name.
  static let namedMembers = [
    "ruleId", "message", "fix", "docs", "phase", "resourceType", "resourceName", "virtualMachineName",
  ]

  /// One row per message: errors, then warnings, then information, each in report order.
  func rows(_ messages: [ValidationMessage]) -> [FindingRow] {
    let rank: [ValidationCategory: Int] = [.error: 0, .warning: 1, .information: 2]
    let ordered = messages.enumerated().sorted {
      (rank[$0.element.category] ?? 3, $0.offset) < (rank[$1.element.category] ?? 3, $1.offset)
    }
    return ordered.map { row($0.element.jsonValue) }
  }

  /// The row of one message's JSON form.
  func row(_ message: JSONValue) -> FindingRow {
    var members: [String: String] = [:]
    for key in Self.namedMembers {
      if let value = message[key]?.stringValue, !value.isEmpty { members[key] = value }
    }
    var row = FindingRow(
      category: message["category"]?.stringValue ?? "Information", members: members, location: nil, link: nil,
      extra: [])
    if let location = message["location"], let file = location["file"]?.stringValue {
      let line = location["line"]?.intValue ?? 1
      row.location = "\(file):\(line)"
      row.link = link(to: file, line: line)
    }
    if case .object(let object) = message {
      row.extra = object.members.filter { !Self.shownElsewhere.contains($0.key) }.compactMap { member in
        member.value.stringValue.map { (member.key, $0) }
      }
    }
    return row
  }

  /// A link relative to the report for a file under the estate root; `nil` for files outside it and for
  /// documents inline in the estate document (`estate.json#services[0]...`).
  func link(to file: String, line: Int) -> String? {
    guard let linkPrefix, !file.hasPrefix("/"), !file.contains("#"), !file.split(separator: "/").contains(".."),
      let encoded = file.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)
    else { return nil }
    return "\(linkPrefix)\(encoded)#L\(line)"
  }

  /// The prefix for a report whose folder is `folder` relative to the estate root (`.` for the root itself).
  static func prefix(forReportFolder folder: String) -> String? {
    let parts = folder.split(separator: "/").filter { $0 != "." && !$0.isEmpty }
    guard !parts.contains("..") else { return nil }
    return parts.isEmpty ? "./" : String(repeating: "../", count: parts.count)
  }
}
