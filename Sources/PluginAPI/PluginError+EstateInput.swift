public import EstateModel
import WorkerProtocol

extension PluginError {
  /// The wire form of an input file or document that was refused, the same for every method that reads files.
  ///
  /// A path outside the root is `1001`; a missing, unreadable, oversized or malformed file is `1000`. `data`
  /// names the params `field`, the `file` and the `reason` (the problem code, such as `input.file-not-found`),
  /// so a caller can tell a missing file from a malformed one without parsing the message.
  public init(refusedInput error: EstateInputError, field: String) {
    let code: ErrorCode =
      switch error {
      case .pathOutsideRoot: .pathOutsideRoot
      case .fileNotFound, .fileTooLarge, .unreadable, .invalidDocument: .invalidInput
      }
    var data = JSONObject()
    data["field"] = .string(field)
    data["reason"] = .string(error.code)
    switch error {
    case .pathOutsideRoot(let path, _), .fileNotFound(let path, _), .fileTooLarge(let path, _, _),
      .unreadable(let path, _):
      data["file"] = .string(path)
    case .invalidDocument(_, let file):
      if let file { data["file"] = .string(file) }
    }
    self.init(code: code, message: error.description, data: .object(data))
  }
}
