/// Limits that protect the worker from oversized input.
public struct EstateLimits: Sendable, Hashable, Codable {
  /// The largest file, in bytes, the loader reads. Default: 16 MiB (16,777,216 bytes).
  public var maxFileBytes: Int

  /// Creates limits.
  public init(maxFileBytes: Int) {
    self.maxFileBytes = maxFileBytes
  }

  /// 16 MiB per file.
  public static let `default` = EstateLimits(maxFileBytes: 16 * 1024 * 1024)
}
