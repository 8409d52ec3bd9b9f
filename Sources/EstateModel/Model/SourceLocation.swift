public import WorkerProtocol

/// Where an element came from: a file (relative to the estate root when possible), a 1-based line and column.
///
/// The column is the one the XML parser reports for an element, which is where its start tag ends.
public struct SourceLocation: Codable, Sendable, Hashable {
  /// The file the element was read from, relative to the estate root when it lies under it.
  public var file: String
  /// The 1-based line number.
  public var line: Int
  /// The 1-based column number.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }
}

extension SourceLocation: JSONValueConvertible {
  /// `{column, file, line}`, as the `Codable` form with sorted keys.
  public var jsonValue: JSONValue {
    .object(
      JSONObject([
        ("column", .number(JSONNumber(column))), ("file", .string(file)), ("line", .number(JSONNumber(line))),
      ]))
  }
}
