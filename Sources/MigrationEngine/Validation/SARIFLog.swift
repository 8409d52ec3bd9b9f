import EstateModel
import PluginAPI
import WorkerProtocol

/// Writes a validation report as a SARIF 2.1.0 log that editors and code-scanning tools can show.
///
/// Rules go to `tool.driver.rules`; each result names its rule by id and index, and its location is a file
/// URI relative to the worker's root (`uriBaseId` `%SRCROOT%`) with a 1-based line and column.
enum SARIFLog {
  static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
  static let rootBase = "%SRCROOT%"

  /// The log for a report, listing `rules` (sorted by id).
  ///
  /// Findings whose rule is not in the catalogue (estate problems `CS-INPUT-*`, ARM mapping findings `CS-ARM-*`)
  /// get a descriptor made from their first finding, after the catalogue's, so every result has a `ruleIndex`.
  static func make(report: ValidationReport, rules: [ValidationRule]) -> JSONValue {
    var descriptors = rules.sorted { $0.id < $1.id }.map(descriptor)
    var index: [String: Int] = [:]
    for (position, rule) in rules.sorted(by: { $0.id < $1.id }).enumerated() { index[rule.id] = position }
    for message in report.validationMessages where index[message.ruleId] == nil {
      index[message.ruleId] = descriptors.count
      descriptors.append(descriptor(findingOnly: message))
    }
    let driver: JSONValue = [
      "name": "csmigrate",
      "informationUri": "https://learn.microsoft.com/azure/cloud-services-extended-support/in-place-migration-overview",
      "semanticVersion": "1.0.0",
      "rules": .array(descriptors),
    ]
    let run: JSONValue = [
      "tool": ["driver": driver],
      "originalUriBaseIds": [rootBase: ["description": ["text": "The directory given to csmigrate serve --root."]]],
      "results": .array(report.validationMessages.map { result(for: $0, index: index[$0.ruleId]) }),
      "properties": ["rulesRevision": .string(report.rulesRevision.rawValue), "result": .string(report.result)],
    ]
    return ["$schema": .string(schemaURI), "version": "2.1.0", "runs": [run]]
  }

  /// A rule's `reportingDescriptor`.
  static func descriptor(_ rule: ValidationRule) -> JSONValue {
    [
      "id": .string(rule.id),
      "shortDescription": ["text": .string(rule.summary)],
      "fullDescription": ["text": .string(rule.messageTemplate)],
      "help": ["text": .string(rule.fix)],
      "helpUri": .string(rule.docs),
      "defaultConfiguration": ["level": .string(level(rule.severity))],
      "properties": [
        "scope": .string(rule.scope.rawValue),
        "revisions": .array(rule.revisions.map { .string($0.rawValue) }),
        "phase": .string(rule.phase.rawValue),
        "platformDefined": .bool(rule.platformDefined),
      ],
    ]
  }

  /// The `reportingDescriptor` of a rule known only from its finding: its id, fix, docs, level and phase.
  static func descriptor(findingOnly message: ValidationMessage) -> JSONValue {
    [
      "id": .string(message.ruleId),
      "shortDescription": ["text": .string("\(message.resourceType) finding \(message.ruleId)")],
      "help": ["text": .string(message.fix)],
      "helpUri": .string(message.docs),
      "defaultConfiguration": ["level": .string(level(message.category))],
      "properties": ["phase": .string(message.phase.rawValue), "platformDefined": false],
    ]
  }

  /// One finding as a SARIF `result`.
  static func result(for message: ValidationMessage, index: Int?) -> JSONValue {
    var object = JSONObject()
    object["ruleId"] = .string(message.ruleId)
    if let index { object["ruleIndex"] = .number(JSONNumber(index)) }
    object["level"] = .string(level(message.category))
    object["message"] = ["text": .string(message.message)]
    var location = JSONObject()
    if let place = message.location, !place.file.hasPrefix("<") {
      location["physicalLocation"] = [
        "artifactLocation": ["uri": .string(uri(forRelativePath: place.file)), "uriBaseId": .string(rootBase)],
        "region": [
          "startLine": .number(JSONNumber(max(1, place.line))),
          "startColumn": .number(JSONNumber(max(1, place.column))),
        ],
      ]
    }
    location["logicalLocations"] = [["name": .string(message.resourceName), "kind": "resource"]]
    object["locations"] = [.object(location)]
    var properties = JSONObject()
    properties["resourceType"] = .string(message.resourceType)
    properties["resourceName"] = .string(message.resourceName)
    properties["category"] = .string(message.category.rawValue)
    properties["fix"] = .string(message.fix)
    if let machine = message.virtualMachineName { properties["virtualMachineName"] = .string(machine) }
    object["properties"] = .object(properties)
    return .object(object)
  }

  /// SARIF's level for a platform category.
  static func level(_ category: ValidationCategory) -> String {
    switch category {
    case .error: "error"
    case .warning: "warning"
    case .information: "note"
    }
  }

  /// A relative URI reference for a root-relative path: segments percent-encoded, `/` kept.
  static func uri(forRelativePath path: String) -> String {
    let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
    var output = ""
    for byte in path.utf8.map({ $0 == 0x5C ? 0x2F : $0 }) {
      if unreserved.contains(byte) {
        output.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        output += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return output
  }
}
