/// Why an input file or document was refused.
///
/// `field` is the JSON path of the estate document field naming the file, when there is one.
public enum EstateInputError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The path leaves the root directory (`..`, an absolute path elsewhere, or a symlink pointing out).
  case pathOutsideRoot(path: String, field: String?)
  /// No file exists at the path.
  case fileNotFound(path: String, field: String?)
  /// The file is larger than the limit (in bytes).
  case fileTooLarge(path: String, limit: Int, field: String?)
  /// The files of one estate add up to more than the limit (in bytes) for one load; the file was not used.
  case estateTooLarge(path: String, limit: Int, field: String?)
  /// The file exists but cannot be read.
  case unreadable(path: String, field: String?)
  /// The estate document is not a JSON object of the expected shape.
  case invalidDocument(reason: String, file: String?)

  /// The stable problem code for the error.
  public var code: String {
    switch self {
    case .pathOutsideRoot: "input.path-outside-root"
    case .fileNotFound: "input.file-not-found"
    case .fileTooLarge: "input.file-too-large"
    case .estateTooLarge: "input.estate-too-large"
    case .unreadable: "input.unreadable"
    case .invalidDocument: "document.invalid"
    }
  }

  /// A human-readable explanation.
  public var description: String {
    switch self {
    case .pathOutsideRoot(let path, _): "'\(path)' is outside the root directory; it is refused"
    case .fileNotFound(let path, _): "'\(path)' does not exist"
    case .fileTooLarge(let path, let limit, _): "'\(path)' is larger than the limit of \(limit) bytes"
    case .estateTooLarge(let path, let limit, _):
      "'\(path)' was not read: the estate's files add up to more than the limit of \(limit) bytes for one load"
    case .unreadable(let path, _): "'\(path)' cannot be read"
    case .invalidDocument(let reason, _): "the estate document is invalid: \(reason)"
    }
  }

  /// The error as an error-severity problem.
  public var problem: Problem {
    switch self {
    case .pathOutsideRoot(let path, let field), .fileNotFound(let path, let field),
      .fileTooLarge(let path, _, let field), .estateTooLarge(let path, _, let field), .unreadable(let path, let field):
      Problem(.error, code, description, file: field == nil ? path : nil, path: field)
    case .invalidDocument(_, let file):
      Problem(.error, code, description, file: file)
    }
  }
}
