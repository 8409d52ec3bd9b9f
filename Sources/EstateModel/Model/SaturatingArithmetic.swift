/// Arithmetic on numbers that come from input (instance counts, cores, quotas): results that do not fit an `Int`
/// stop at `Int.max` or `Int.min` instead of trapping, so a hostile or mistaken file yields a finding with a huge
/// number, never a crashed worker.
extension Int {
  /// The sum, or `Int.max`/`Int.min` when it does not fit.
  public func saturatingAdding(_ other: Int) -> Int {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? (other > 0 ? .max : .min) : sum
  }

  /// The difference, or `Int.max`/`Int.min` when it does not fit.
  public func saturatingSubtracting(_ other: Int) -> Int {
    let (difference, overflow) = subtractingReportingOverflow(other)
    return overflow ? (other < 0 ? .max : .min) : difference
  }

  /// The product, or `Int.max`/`Int.min` when it does not fit.
  public func saturatingMultiplying(_ other: Int) -> Int {
    let (product, overflow) = multipliedReportingOverflow(by: other)
    return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
  }
}

extension Sequence {
  /// The saturating sum of `value` over the elements.
  public func saturatingSum(_ value: (Element) throws -> Int) rethrows -> Int {
    try reduce(0) { $0.saturatingAdding(try value($1)) }
  }
}

extension Int {
  /// Adds `other` in place, stopping at `Int.max`/`Int.min`.
  public mutating func saturatingAdd(_ other: Int) {
    self = saturatingAdding(other)
  }
}
