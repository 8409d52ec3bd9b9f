/// A configuration value that may be secret.
///
/// A secret value is kept in memory for the code that needs it, but it is never encoded: its JSON form is
/// `{"secret": true}`, and its `description` is redacted. A non-secret value encodes as a plain string.
public struct ConfigValue: Codable, Sendable, Hashable, CustomStringConvertible {
  /// The value as written (empty for a secret decoded from JSON, since JSON never carries it).
  public let text: String
  /// Whether the value must never be shown or encoded.
  public let isSecret: Bool

  /// Creates a value.
  public init(_ text: String, isSecret: Bool) {
    self.text = text
    self.isSecret = isSecret
  }

  private struct SecretMarker: Codable {
    var secret: Bool
  }

  /// Decodes a plain string, or `{"secret": true}` (which carries no text).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let text = try? container.decode(String.self) {
      self.init(text, isSecret: false)
    } else {
      let marker = try container.decode(SecretMarker.self)
      self.init("", isSecret: marker.secret)
    }
  }

  /// Encodes the text, or `{"secret": true}` for a secret.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if isSecret {
      try container.encode(SecretMarker(secret: true))
    } else {
      try container.encode(text)
    }
  }

  /// The text, or `<secret>` for a secret.
  public var description: String { isSecret ? "<secret>" : text }
}

/// Decides which setting names hold secrets.
public enum SecretPolicy {
  /// Name fragments (compared case-insensitively) that mark a setting as secret.
  public static let sensitiveNameFragments: [String] = [
    "password", "secret", "connectionstring", "privatekey", "accountkey", "decryptionkey",
    "validationkey", "sastoken", "apikey", "accesskey", "credential",
  ]

  /// Whether a setting with this name holds a secret.
  public static func isSecret(settingName name: String) -> Bool {
    let lowered = name.lowercased()
    return sensitiveNameFragments.contains { lowered.contains($0) }
  }

  /// Wraps a setting's value, marking it secret when its name says so.
  public static func value(forSetting name: String, text: String) -> ConfigValue {
    ConfigValue(text, isSecret: isSecret(settingName: name))
  }
}
