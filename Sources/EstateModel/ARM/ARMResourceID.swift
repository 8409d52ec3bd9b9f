import Foundation

/// A resource ID taken apart: group, full type and the name of each type segment.
///
/// `/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/s1` has the type
/// `Microsoft.Network/virtualNetworks/subnets` and the names `[v, s1]`: type and name segments interleave.
public struct ARMResourceID: Sendable, Hashable {
  /// The resource group.
  public var resourceGroup: String
  /// The full type (`Microsoft.Network/virtualNetworks/subnets`).
  public var type: String
  /// One name per type segment after the namespace.
  public var names: [String]

  /// Makes an ID from a type and a `/`-separated name (`vnet/subnet` for a subnet).
  public init(resourceGroup: String, type: String, name: String) {
    self.resourceGroup = resourceGroup
    self.type = type
    self.names = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
  }

  /// Parses a literal ID; `nil` unless it is `/subscriptions/<s>/resourceGroups/<g>/providers/<ns>/<t>/<n>[/<t>/<n>…]`.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard parts.count >= 9, parts[0].isEmpty, parts[1].lowercased() == "subscriptions",
      parts[3].lowercased() == "resourcegroups", parts[5].lowercased() == "providers", parts.count % 2 == 1,
      parts.dropFirst().allSatisfy({ !$0.isEmpty })
    else { return nil }
    var types = [parts[6]]
    var names: [String] = []
    var index = 7
    while index + 1 < parts.count {
      types.append(parts[index])
      names.append(parts[index + 1])
      index += 2
    }
    resourceGroup = parts[4]
    type = types.joined(separator: "/")
    self.names = names
  }

  /// The name as templates write it (`vnet/subnet` for a subnet).
  public var name: String { names.joined(separator: "/") }

  /// The type segments after the namespace (`[virtualNetworks, subnets]`).
  public var typeSegments: [String] { Array(type.split(separator: "/").dropFirst().map(String.init)) }

  /// Whether there is one name per type segment.
  public var isWellFormed: Bool { !names.isEmpty && names.count == typeSegments.count }

  /// The literal ID in `subscriptionID`, type and name segments interleaved.
  public func literal(subscriptionID: String) -> String {
    // Appended in place: every resource a plan makes computes its ID here.
    let segments = type.split(separator: "/")
    var text = "/subscriptions/"
    text.reserveCapacity(64 + subscriptionID.utf8.count + resourceGroup.utf8.count + type.utf8.count)
    text += subscriptionID
    text += "/resourceGroups/"
    text += resourceGroup
    text += "/providers/"
    text += segments.first ?? Substring(type)
    text += "/"
    for (position, (segment, name)) in zip(segments.dropFirst(), names).enumerated() {
      if position > 0 { text += "/" }
      text += segment
      text += "/"
      text += name
    }
    return text
  }

  /// A `resourceId()` expression: without the group inside that group's own deployment, with the deployment's
  /// subscription and the group elsewhere, so no template names a subscription.
  public func expression(inGroup current: String?) -> String {
    let tail = ([type] + names).map(ARMExpression.literal).joined(separator: ", ")
    if let current, current.equalsIgnoringCase(resourceGroup) { return "[resourceId(\(tail))]" }
    if current == nil {
      return "[resourceId(subscription().subscriptionId, \(ARMExpression.literal(resourceGroup)), \(tail))]"
    }
    return "[resourceId(\(ARMExpression.literal(resourceGroup)), \(tail))]"
  }
}

/// Small helpers for writing ARM template expressions.
public enum ARMExpression {
  /// A string literal inside an expression: single-quoted, quotes doubled.
  public static func literal(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
  }
}

extension ARMValue {
  /// The value with every literal resource ID in `subscriptionID` replaced by a `resourceId()` expression for a
  /// template deployed in `group` (`nil`: the subscription-scope template).
  public func replacingResourceIDs(subscriptionID: String, inGroup group: String?) -> ARMValue {
    switch self {
    case .string(let text):
      guard text.hasPrefix("/subscriptions/\(subscriptionID)/"), let id = ARMResourceID(parsing: text) else {
        return self
      }
      return .string(id.expression(inGroup: group))
    case .array(let elements):
      return .array(elements.map { $0.replacingResourceIDs(subscriptionID: subscriptionID, inGroup: group) })
    case .object(let members):
      return .object(members.mapValues { $0.replacingResourceIDs(subscriptionID: subscriptionID, inGroup: group) })
    default:
      return self
    }
  }
}
