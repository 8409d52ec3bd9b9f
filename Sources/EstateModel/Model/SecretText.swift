/// A secret string (a gateway connection's shared key...) that code can read but that never encodes.
///
/// It decodes from a plain string (what people write in the estate document) or from `{"secret": true}`,
/// and always encodes as `{"secret": true}`; its `description` is redacted. Reading `text` is for code that
/// must compare or hand the value to the platform, never for output.
public struct SecretText: Codable, Sendable, Hashable, CustomStringConvertible {
  /// The secret (empty when decoded from the `{"secret": true}` marker).
  public let text: String

  /// Wraps a secret.
  public init(_ text: String) { self.text = text }

  private struct Marker: Codable {
    var secret: Bool
  }

  /// Decodes a plain string or the `{"secret": true}` marker.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let text = try? container.decode(String.self) {
      self.text = text
    } else {
      _ = try container.decode(Marker.self)
      self.text = ""
    }
  }

  /// Encodes the marker `{"secret": true}`, never the text.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(Marker(secret: true))
  }

  /// Always `<secret>`.
  public var description: String { "<secret>" }
}
