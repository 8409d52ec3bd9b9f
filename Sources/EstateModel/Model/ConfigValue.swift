import Foundation

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

/// Decides which settings hold secrets: by their name, or by a value shaped like a credential.
public enum SecretPolicy {
  /// Name fragments (compared case-insensitively) that mark a setting as secret.
  public static let sensitiveNameFragments: [String] = [
    "password", "secret", "connectionstring", "privatekey", "accountkey", "decryptionkey",
    "validationkey", "sastoken", "apikey", "accesskey", "credential",
  ]

  /// Connection-string keys (compared case-insensitively) whose value is a credential.
  public static let credentialKeys: Set<String> = [
    "accountkey", "sharedaccesskey", "sharedaccesssignature", "password", "pwd", "user password",
    "primarykey", "secondarykey", "accesskey", "clientsecret",
  ]

  /// Whether a setting with this name holds a secret.
  public static func isSecret(settingName name: String) -> Bool {
    let lowered = name.lowercased()
    return sensitiveNameFragments.contains { lowered.contains($0) }
  }

  /// Whether a setting holds a secret, by its name or by its value.
  public static func isSecret(settingName name: String, value: String) -> Bool {
    isSecret(settingName: name) || isCredential(value: value)
  }

  /// Whether a value is shaped like a credential, whatever the setting is called: a connection string with a key
  /// or password (`AccountKey=`, `SharedAccessKey=`, `Password=`, `Pwd=`...), a SAS token (`sig=`), a URL with a
  /// password (`scheme://user:pass@host`) or a PEM block (`-----BEGIN ...`).
  ///
  /// XML-escaped text (`&amp;sig=`) is recognised as well, so the artifact rewriter can ask about raw attributes.
  public static func isCredential(value: String) -> Bool {
    let lowered = value.lowercased()
    return hasCredentialKey(lowered) || hasSignature(lowered) || hasURLPassword(lowered)
      || lowered.contains("-----begin ")
  }

  /// A `key=value` pair, separated by `;`, whose key is a credential key and whose value is not empty.
  static func hasCredentialKey(_ lowered: String) -> Bool {
    lowered.split(separator: ";").contains { part in
      let pair = part.split(separator: "=", maxSplits: 1)
      guard pair.count == 2 else { return false }
      let key = pair[0].trimmingCharacters(in: .whitespaces)
      return credentialKeys.contains(key) && !pair[1].trimmingCharacters(in: .whitespaces).isEmpty
    }
  }

  /// A query parameter `sig=` with a value (a SAS token, alone or in a URL).
  static func hasSignature(_ lowered: String) -> Bool {
    lowered.split(whereSeparator: { $0 == "?" || $0 == "&" || $0 == ";" }).contains {
      $0.hasPrefix("sig=") && $0.count > 4
    }
  }

  /// A URL whose user information carries a password (`scheme://user:password@host`).
  static func hasURLPassword(_ lowered: String) -> Bool {
    var rest = Substring(lowered)
    while let scheme = rest.range(of: "://") {
      rest = rest[scheme.upperBound...]
      let authority = rest.prefix { !"/?# \t\n".contains($0) }
      if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":"),
        authority.index(after: colon) < at
      {
        return true
      }
    }
    return false
  }

  /// Wraps a setting's value, marking it secret when its name or its value says so.
  public static func value(forSetting name: String, text: String) -> ConfigValue {
    ConfigValue(text, isSecret: isSecret(settingName: name, value: text))
  }
}
