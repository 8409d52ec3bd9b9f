import Foundation
import PluginAPI
import WorkerProtocol

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

  /// One row per message: errors, then warnings, then information, each in report order.
  func rows(_ messages: [ValidationMessage]) -> [[String: Any]] {
    let rank: [ValidationCategory: Int] = [.error: 0, .warning: 1, .information: 2]
    let ordered = messages.enumerated().sorted {
      (rank[$0.element.category] ?? 3, $0.offset) < (rank[$1.element.category] ?? 3, $1.offset)
    }
    return ordered.map { row($0.element.jsonValue) }
  }

  /// The row of one message's JSON form.
  func row(_ message: JSONValue) -> [String: Any] {
    var row: [String: Any] = [:]
    let category = message["category"]?.stringValue ?? "Information"
    row["category"] = category
    row["categoryClass"] = category.lowercased()
    for key in ["ruleId", "message", "fix", "docs", "phase", "resourceType", "resourceName", "virtualMachineName"] {
      if let value = message[key]?.stringValue, !value.isEmpty { row[key] = value }
    }
    if let location = message["location"], let file = location["file"]?.stringValue {
      let line = location["line"]?.intValue ?? 1
      row["where"] = "\(file):\(line)"
      if let link = link(to: file, line: line) { row["link"] = link }
    }
    if case .object(let object) = message {
      let extra = object.members.filter { !Self.shownElsewhere.contains($0.key) }.compactMap { member in
        member.value.stringValue.map { ["key": member.key, "value": $0] }
      }
      if !extra.isEmpty { row["extra"] = extra }
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
