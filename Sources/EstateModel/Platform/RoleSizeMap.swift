/// The platform's table of legacy Cloud Services role sizes and their extended-support names.
///
/// From the extended-support prerequisites ("Virtual machine sizes"): the left column is
/// deprecated in Azure Resource Manager and maps to the right one; `Deprecated` sizes have no
/// successor. A role without a `vmsize` attribute is `Small`, the csdef default.
public enum RoleSizeMap {
  /// What becomes of a size on extended support.
  public enum Mapping: Sendable, Hashable {
    /// Already an ARM size name; kept as is.
    case modern(String)
    /// A legacy name with its documented successor.
    case legacy(String, successor: String)
    /// A legacy name with no successor.
    case deprecated(String)
  }

  /// The csdef default when `vmsize` is absent.
  public static let defaultSize = "Small"

  /// Legacy size → successor, or `nil` for deprecated ones (the platform's table, in its order).
  public static let table: [(legacy: String, successor: String?)] = [
    ("ExtraSmall", "Standard_A1_v2"),
    ("Small", "Standard_A1_v2"),
    ("Medium", "Standard_A2_v2"),
    ("Large", "Standard_A4_v2"),
    ("ExtraLarge", "Standard_A8_v2"),
    ("A5", "Standard_A2m_v2"),
    ("A6", "Standard_A4m_v2"),
    ("A7", "Standard_A8m_v2"),
    ("A8", nil),
    ("A9", nil),
    ("A10", nil),
    ("A11", nil),
    ("MSODSG5", nil),
  ]

  /// Classifies a csdef `vmsize` (case-insensitive, as the platform treats size names); `nil` means the default.
  public static func mapping(for vmSize: String?) -> Mapping {
    let size = vmSize ?? defaultSize
    guard let row = rowsByLowercasedName[size.lowercased()] else { return .modern(size) }
    if let successor = row.successor { return .legacy(row.legacy, successor: successor) }
    return .deprecated(row.legacy)
  }

  /// The table's rows by lowercased legacy name: one lookup per size instead of a case-folding scan of the
  /// table (rules classify the size of every role in scope, several times over).
  private static let rowsByLowercasedName: [String: (legacy: String, successor: String?)] = Dictionary(
    table.map { ($0.legacy.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })

  /// The size name to deploy on extended support, or `nil` when the size has no successor.
  public static func extendedSupportSize(for vmSize: String?) -> String? {
    switch mapping(for: vmSize) {
    case .modern(let size): size
    case .legacy(_, let successor): successor
    case .deprecated: nil
    }
  }

  /// The ARM SKU tier for a size name: `Standard` for `Standard_…` names, `Basic` for `Basic_…`.
  public static func tier(for armSize: String) -> String {
    armSize.hasPrefix("Basic_") ? "Basic" : "Standard"
  }
}
