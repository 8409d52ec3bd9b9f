/// A value that states its own JSON form, which ``JSONValueEncoder`` takes as is instead of walking the value's
/// `Encodable` conformance.
///
/// For results encoded in bulk (a validation report of tens of thousands of messages), building the value
/// directly costs a fraction of the generic `Encoder` machinery. The form must be exactly what the `Encodable`
/// conformance would give, with object members sorted by key as ``JSONValueEncoder`` sorts them; conforming
/// types pin that equivalence in their tests.
public protocol JSONValueConvertible: Encodable {
  /// The value as JSON, object members sorted by key.
  var jsonValue: JSONValue { get }
}
