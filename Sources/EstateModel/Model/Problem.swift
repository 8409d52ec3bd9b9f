/// How serious a problem is.
public enum Severity: String, Codable, Sendable, Hashable, CaseIterable {
  /// The input is wrong; whatever depends on the element cannot be trusted.
  case error
  /// The input is suspicious or partly ignored, but loading continues normally.
  case warning
  /// A remark, such as a file kind that is recognised but not loaded.
  case info
}

/// A problem found while reading an estate, pointing at the file, line and column it concerns.
///
/// `code` is a stable, dotted identifier (`xml.malformed`, `cscfg.thumbprint-not-hex`,
/// `estate.service-name-mismatch`, `document.wrong-type`...) that callers may match on; `message` is for people.
public struct Problem: Codable, Sendable, Hashable, CustomStringConvertible {
  /// How serious the problem is.
  public var severity: Severity
  /// The stable identifier of the kind of problem.
  public var code: String
  /// A human-readable explanation.
  public var message: String
  /// The file concerned, relative to the estate root when possible.
  public var file: String?
  /// The 1-based line, when known.
  public var line: Int?
  /// The 1-based column, when known.
  public var column: Int?
  /// The JSON path inside an estate document (`services[0].deployments.production.cscfg`), when relevant.
  public var path: String?
  /// The part of the estate the problem concerns, or nil when it concerns the whole estate.
  ///
  /// Set by the loader and used to tell which targets a problem blocks; not part of the wire form.
  public var subject: ProblemSubject?

  private enum CodingKeys: String, CodingKey {
    case severity, code, message, file, line, column, path
  }

  /// Creates a problem.
  public init(
    _ severity: Severity, _ code: String, _ message: String,
    file: String? = nil, line: Int? = nil, column: Int? = nil, path: String? = nil
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.file = file
    self.line = line
    self.column = column
    self.path = path
  }

  /// Creates a problem located at a source location (or nowhere when `location` is nil).
  public init(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation?) {
    self.init(severity, code, message, file: location?.file, line: location?.line, column: location?.column)
  }

  /// A one-line rendering: `file:line:column: severity: message [code]`.
  public var description: String {
    var place = file ?? "<input>"
    if let line { place += ":\(line)" }
    if let column { place += ":\(column)" }
    if let path { place += " (\(path))" }
    return "\(place): \(severity.rawValue): \(message) [\(code)]"
  }
}

/// The part of an estate a ``Problem`` concerns, for deciding which migration targets it blocks.
public enum ProblemSubject: Sendable, Hashable {
  /// One deployment (its files, its facts), by cloud service name and slot.
  case deployment(service: String, slot: DeploymentSlot)
  /// One classic virtual network, by name.
  case virtualNetwork(String)
}

extension Array where Element == Problem {
  /// Whether any problem in the list is an error.
  public var containsErrors: Bool { contains { $0.severity == .error } }
}
