/// Limits that protect the worker from oversized input.
public struct EstateLimits: Sendable, Hashable, Codable {
  /// The largest file, in bytes, the loader reads. Default: 16 MiB (16,777,216 bytes).
  public var maxFileBytes: Int
  /// The most bytes one load reads in all, the document and every file it names (each counted as often as it
  /// is named). Default: 256 MiB (268,435,456 bytes).
  public var maxEstateBytes: Int

  /// Creates limits.
  public init(maxFileBytes: Int, maxEstateBytes: Int = 256 * 1024 * 1024) {
    self.maxFileBytes = maxFileBytes
    self.maxEstateBytes = maxEstateBytes
  }

  /// 16 MiB per file, 256 MiB per load.
  public static let `default` = EstateLimits(maxFileBytes: 16 * 1024 * 1024)
}
