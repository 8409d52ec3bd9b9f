/// Limits that protect the worker from oversized input.
///
/// Every limit is checked while the input is read, before it is expanded into a model; protocol.md lists them with
/// the finding or error each one produces.
public struct EstateLimits: Sendable, Hashable, Codable {
  /// The largest file, in bytes, the loader reads. Default: 16 MiB (16,777,216 bytes).
  public var maxFileBytes: Int
  /// The deepest nesting of elements in one XML document. Default: 128.
  public var maxXMLDepth: Int = 128
  /// The most attributes one XML element may have. Default: 256.
  public var maxXMLAttributes: Int = 256
  /// The most elements in one XML document. Default: 500,000.
  public var maxXMLElements: Int = 500_000
  /// The most roles one `.csdef` or `.cscfg` may hold (the rest are not read). Default: 1,000.
  public var maxRoles: Int = 1_000
  /// The largest instance count of a role. Default: 100,000.
  public var maxInstances: Int = 100_000

  /// The most bytes one load reads in all, the document and every file it names (each counted as often as it
  /// is named). Default: 256 MiB (268,435,456 bytes).
  public var maxEstateBytes: Int = 256 * 1024 * 1024

  /// Creates limits; the XML, role and instance limits keep their defaults.
  public init(maxFileBytes: Int, maxEstateBytes: Int = 256 * 1024 * 1024) {
    self.maxFileBytes = maxFileBytes
    self.maxEstateBytes = maxEstateBytes
  }

  /// 16 MiB per file, 256 MiB per load, and the defaults above.
  public static let `default` = EstateLimits(maxFileBytes: 16 * 1024 * 1024)
}
