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
      case .fileNotFound, .fileTooLarge, .estateTooLarge, .unreadable, .invalidDocument: .invalidInput
      }
    var data = JSONObject()
    data["field"] = .string(field)
    data["reason"] = .string(error.code)
    switch error {
    case .pathOutsideRoot(let path, _), .fileNotFound(let path, _), .fileTooLarge(let path, _, _),
      .estateTooLarge(let path, _, _), .unreadable(let path, _):
      data["file"] = .string(path)
    case .invalidDocument(_, let file):
      if let file { data["file"] = .string(file) }
    }
    self.init(code: code, message: error.description, data: .object(data))
  }
}

extension PluginError {
  /// The wire form of a discovery that found nothing to propose: `1000` with `data.reason` `discover.nothing-found`
  /// (and the files left out) or `discover.unknown-configuration` (and the configurations available); a path that
  /// cannot be used maps as ``init(refusedInput:field:)`` does.
  public init(discovery error: DiscoveryError, field: String) {
    switch error {
    case .input(let input):
      self.init(refusedInput: input, field: field)
    case .nothingFound(let folder, let skipped):
      var data = JSONObject()
      data["field"] = .string(field)
      data["reason"] = "discover.nothing-found"
      data["file"] = .string(folder)
      data["skipped"] = .array(skipped.map { .string($0.description) })
      self.init(
        code: .invalidInput,
        message: "'\(folder)' holds no .csdef, .cscfg, .netcfg or ASM export; csmigrate needs at least a "
          + "ServiceDefinition.csdef with its ServiceConfiguration.*.cscfg",
        data: .object(data))
    case .unknownConfiguration(let name, let available):
      var data = JSONObject()
      data["field"] = "configuration"
      data["reason"] = "discover.unknown-configuration"
      data["available"] = .array(available.map(JSONValue.string))
      self.init(
        code: .invalidInput,
        message: "no .cscfg has the configuration '\(name)'; found: \(available.joined(separator: ", "))",
        data: .object(data))
    }
  }
}

extension PluginError {
  /// The wire form of a shared library a method needs that cannot be opened (libxml2 to read XML, libcrypto to read
  /// PKCS#12): `-32603` with `data: {library, variable, reason: "system.library-unavailable"}`, `variable` being the
  /// environment variable that names another file for it; the message carries the loader's reason.
  public init(unavailable error: SystemLibraryUnavailable) {
    self.init(
      code: .internalError, message: error.description,
      data: [
        "library": .string(error.library), "variable": .string(error.variable),
        "reason": "system.library-unavailable",
      ])
  }

  /// Opens libxml2 before a method reads XML, failing as ``init(unavailable:)`` when it cannot be opened.
  public static func requireXMLParser() throws(PluginError) {
    do {
      try EstateLoader.loadXMLParser()
    } catch {
      throw PluginError(unavailable: error)
    }
  }
}
