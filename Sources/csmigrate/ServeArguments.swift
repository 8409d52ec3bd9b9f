/// Reads `csmigrate serve`'s arguments without ArgumentParser, for the common, valid command lines only.
///
/// ArgumentParser spends most of a worker's start-up on runtime type look-ups for its property wrappers (about
/// two thirds of the instructions before the first reply in a debug build). `serve` is what orchestrators spawn
/// over and over, so its plain forms are read here: `serve` followed by known `--name value` or `--name=value`
/// options, each at most once. Anything else (help, an unknown or repeated option, a value that is missing, is
/// not a number, or starts with `-` without the equals sign, a value the checks refuse) returns nil and goes
/// through ArgumentParser, which gives its usual answer; so this path never changes what a command line does.
enum ServeArguments {
  /// How one option's text sets a field; false when the text is not a value of the field's type.
  private typealias Setter = @Sendable (inout ServeSettings, String) -> Bool

  /// Every option `serve` takes, by its long name.
  private static let options: [String: Setter] = [
    "root": { settings, text in
      settings.engine.root = text
      return true
    },
    "plugins": { settings, text in
      settings.engine.plugins = text
      return true
    },
    "state": { settings, text in
      settings.engine.state = text
      return true
    },
    "max-file-bytes": integer(\.engine.maxFileBytes),
    "max-estate-bytes": integer(\.engine.maxEstateBytes),
    "lifecycle-step-delay-ms": integer(\.engine.lifecycleStepDelayMs),
    "max-message-bytes": integer(\.maxMessageBytes),
    "max-reply-bytes": integer(\.maxReplyBytes),
    "max-in-flight": integer(\.maxInFlight),
    "write-high-water-bytes": integer(\.writeHighWaterBytes),
    "log-level": { settings, text in
      settings.logLevel = text
      return true
    },
  ]

  private static func integer(_ field: any WritableKeyPath<ServeSettings, Int> & Sendable) -> Setter {
    { settings, text in
      guard let value = Int(text) else { return false }
      settings[keyPath: field] = value
      return true
    }
  }

  /// The settings of a plain, valid `serve` command line (arguments without the program name); nil otherwise.
  static func parse(_ arguments: [String]) -> ServeSettings? {
    guard arguments.first == "serve" else { return nil }
    var settings = ServeSettings()
    var seen: Set<String> = []
    var rest = arguments.dropFirst()[...]
    while let argument = rest.popFirst() {
      guard argument.hasPrefix("--") else { return nil }
      let option = argument.dropFirst(2)
      let name: String
      let value: String
      if let equals = option.firstIndex(of: "=") {
        name = String(option[..<equals])
        value = String(option[option.index(after: equals)...])
      } else {
        guard let next = rest.popFirst(), !next.hasPrefix("-") else { return nil }
        name = String(option)
        value = next
      }
      guard !value.isEmpty, let set = options[name], seen.insert(name).inserted, set(&settings, value) else {
        return nil
      }
    }
    guard settings.problem == nil else { return nil }
    return settings
  }
}
