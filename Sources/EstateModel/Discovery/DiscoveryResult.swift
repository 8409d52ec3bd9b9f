public import WorkerProtocol

/// A fact no file gave, which discovery wrote into the proposed document (or only lists, when the document has no
/// place for it), with the value it assumed and how to check it.
public struct DiscoveryAssumption: Sendable, Hashable {
  /// The JSON path of the document field holding the value (`services[0].deployments.production.status`), or nil
  /// when the fact is a prerequisite the document does not record (provider registrations).
  public var field: String?
  /// The value assumed.
  public var value: JSONValue
  /// Why it had to be assumed.
  public var reason: String
  /// How to check it against the real subscription.
  public var check: String

  /// Creates an assumption.
  public init(field: String?, value: JSONValue, reason: String, check: String) {
    self.field = field
    self.value = value
    self.reason = reason
    self.check = check
  }

  /// The assumption as the document's `assumptions` list holds it.
  public var jsonValue: JSONValue {
    var object = JSONObject()
    if let field { object["field"] = .string(field) }
    object["value"] = value
    object["reason"] = .string(reason)
    object["check"] = .string(check)
    return .object(object)
  }
}

/// A choice discovery made (which configuration, which files pair), with the file it concerns.
public struct DiscoveryNote: Sendable, Hashable, Encodable {
  /// The file the note is about, relative to the root, when there is one.
  public var file: String?
  /// What was chosen and why.
  public var message: String

  /// Creates a note.
  public init(file: String?, _ message: String) {
    self.file = file
    self.message = message
  }
}

/// What `EstateDiscovery` found in a folder: the proposed estate document and everything it had to decide.
public struct DiscoveryResult: Sendable, Hashable {
  /// The proposed estate document; its paths are relative to the root (or to `documentDirectory` when given).
  public var document: JSONValue
  /// Every fact assumed, also written into the document's `assumptions` list.
  public var assumptions: [DiscoveryAssumption]
  /// The choices made: configurations chosen, files paired, files left out.
  public var notes: [DiscoveryNote]
  /// Files that could not be used (unreadable, not XML, not a known kind), as warnings.
  public var problems: [Problem]
  /// The files the document names, relative to the root.
  public var files: [String]

  /// The result as `estate/discover` answers it: the document as written, then the lists.
  public var jsonValue: JSONValue {
    var object = JSONObject()
    object["document"] = document
    object["assumptions"] = .array(assumptions.map(\.jsonValue))
    object["notes"] = (try? JSONValueEncoder().encode(notes)) ?? []
    object["problems"] = (try? JSONValueEncoder().encode(problems)) ?? []
    object["files"] = .array(files.map(JSONValue.string))
    return .object(object)
  }
}

/// Why discovery found nothing to propose.
public enum DiscoveryError: Error, Sendable, Hashable {
  /// The folder (or file) could not be used: outside the root, missing, unreadable.
  case input(EstateInputError)
  /// The folder holds no `.csdef`, `.cscfg`, `.netcfg` or ASM export.
  case nothingFound(folder: String, skipped: [Problem])
  /// `--configuration` names a configuration no service has.
  case unknownConfiguration(name: String, available: [String])
}
