/// Reads `csmigrate serve` and `csmigrate call` lines without ArgumentParser, for plain, valid command lines only.
///
/// ArgumentParser spends most of a short-lived process's start-up on runtime type look-ups for its property
/// wrappers (about two thirds of the instructions before a worker's first reply in a debug build). `serve` and
/// `call` are what scripts and orchestrators spawn over and over, so their plain forms are read here: known
/// `--name value` or `--name=value` options, each at most once. Anything else (help, an unknown or repeated
/// option, a value that is missing, is not a number, or starts with `-` without the equals sign, a value the
/// checks refuse) returns nil and goes through ArgumentParser, which gives its usual answer; so this path never
/// changes what a command line does.
enum ServeArguments {
  /// Every option `serve` takes, by its long name.
  private static let options = PlainOptions<ServeSettings>.engine(\.engine).merging([
    "max-message-bytes": PlainOptions.integer(\.maxMessageBytes),
    "max-reply-bytes": PlainOptions.integer(\.maxReplyBytes),
    "max-in-flight": PlainOptions.integer(\.maxInFlight),
    "write-high-water-bytes": PlainOptions.integer(\.writeHighWaterBytes),
    "log-level": PlainOptions.text(\.logLevel),
  ]) { first, _ in first }

  /// The settings of a plain, valid `serve` command line (arguments without the program name); nil otherwise.
  static func parse(_ arguments: [String]) -> ServeSettings? {
    guard arguments.first == "serve" else { return nil }
    var settings = ServeSettings()
    guard PlainOptions.read(arguments.dropFirst(), with: options, into: &settings), settings.problem == nil else {
      return nil
    }
    return settings
  }
}

/// Reads `csmigrate call METHOD` lines without ArgumentParser; see ``ServeArguments``.
enum CallArguments {
  /// Every option `call` takes, by its long name.
  private static let options = PlainOptions<CallSettings>.engine(\.engine).merging([
    "params": { settings, text in
      settings.params = text
      return true
    },
    "log-level": PlainOptions.text(\.logLevel),
  ]) { first, _ in first }

  /// The settings of a plain, valid `call` command line (the method first, then options); nil otherwise.
  static func parse(_ arguments: [String]) -> CallSettings? {
    guard arguments.count >= 2, arguments[0] == "call", !arguments[1].hasPrefix("-") else { return nil }
    var settings = CallSettings(method: arguments[1])
    guard PlainOptions.read(arguments.dropFirst(2), with: options, into: &settings), settings.engine.problem == nil
    else { return nil }
    return settings
  }
}

/// The option tables both readers share: how one option's text sets a field of `Settings`.
enum PlainOptions<Settings> {
  /// Sets a field from an option's text; false when the text is not a value of the field's type.
  typealias Setter = @Sendable (inout Settings, String) -> Bool

  /// The options of `EngineOptions`, setting the `EngineSettings` at `field`.
  static func engine(_ field: any WritableKeyPath<Settings, EngineSettings> & Sendable) -> [String: Setter] {
    let table: [String: PlainOptions<EngineSettings>.Setter] = [
      "root": PlainOptions<EngineSettings>.text(\.root),
      "plugins": { settings, text in
        settings.plugins = text
        return true
      },
      "state": { settings, text in
        settings.stateArgument = text
        return true
      },
      "max-file-bytes": PlainOptions<EngineSettings>.integer(\.maxFileBytes),
      "max-estate-bytes": PlainOptions<EngineSettings>.integer(\.maxEstateBytes),
      "lifecycle-step-delay-ms": PlainOptions<EngineSettings>.integer(\.lifecycleStepDelayMs),
    ]
    return table.mapValues { set in { settings, text in set(&settings[keyPath: field], text) } }
  }

  /// Sets a text field.
  static func text(_ field: any WritableKeyPath<Settings, String> & Sendable) -> Setter {
    { settings, text in
      settings[keyPath: field] = text
      return true
    }
  }

  /// Sets an integer field; refuses text that is not an integer.
  static func integer(_ field: any WritableKeyPath<Settings, Int> & Sendable) -> Setter {
    { settings, text in
      guard let value = Int(text) else { return false }
      settings[keyPath: field] = value
      return true
    }
  }

  /// Applies `arguments`, all of them `--name value` or `--name=value` options of the table, each at most once;
  /// false at the first that is not.
  static func read(_ arguments: ArraySlice<String>, with options: [String: Setter], into settings: inout Settings)
    -> Bool
  {
    var seen: Set<String> = []
    var rest = arguments
    while let argument = rest.popFirst() {
      guard argument.hasPrefix("--") else { return false }
      let option = argument.dropFirst(2)
      let name: String
      let value: String
      if let equals = option.firstIndex(of: "=") {
        name = String(option[..<equals])
        value = String(option[option.index(after: equals)...])
      } else {
        guard let next = rest.popFirst(), !next.hasPrefix("-") else { return false }
        name = String(option)
        value = next
      }
      guard !value.isEmpty, let set = options[name], seen.insert(name).inserted, set(&settings, value) else {
        return false
      }
    }
    return true
  }
}
