import Foundation

/// What an ASM (Service Management) REST response contains once recognised by its root element.
public enum ASMExport: Sendable, Hashable {
  /// Get Deployment.
  case deployment(Deployment)
  /// Get Hosted Service Properties (one service) or List Hosted Services (many).
  case cloudServices([CloudService])
  /// List Reserved IP Addresses or Get Reserved IP Address.
  case reservedIPs([ReservedIP])
  /// Get Network Configuration or List Virtual Network Sites.
  case networkConfiguration(NetworkConfiguration)
  /// A response csmigrate recognises but does not load (operation status, validation messages, errors).
  case notLoaded(rootElement: String)
}

/// Reads ASM REST XML responses, recognising them by root element.
enum ASMParser {
  /// The Service Management namespace.
  static let namespace = "http://schemas.microsoft.com/windowsazure"

  /// Root elements recognised but not loaded, with what they are.
  static let notLoadedRoots: [String: String] = [
    "Operation": "an operation status", "ValidationMessages": "migration validation messages",
    "Error": "an error response", "Subscription": "subscription properties", "Deployments": "a deployment list",
  ]

  /// Interprets a parsed ASM response.
  static func parse(_ root: XMLNode, context: inout XMLReadContext) -> ASMExport? {
    if root.name == "NetworkConfiguration" {
      return NetcfgParser.parse(root, context: &context).map(ASMExport.networkConfiguration)
    }
    if let what = notLoadedRoots[root.name] {
      context.report(.info, "not-loaded", "<\(root.name)> is \(what); it is recognised but not loaded", at: root)
      return .notLoaded(rootElement: root.name)
    }
    if root.namespace != namespace {
      let actual = root.namespace.map { "'\($0)'" } ?? "no namespace"
      context.report(.error, "wrong-namespace", "<\(root.name)> is in \(actual), expected '\(namespace)'", at: root)
    }
    switch root.name {
    case "Deployment": return .deployment(ASMDeploymentParser.deployment(root, &context))
    case "HostedService": return .cloudServices([ASMDeploymentParser.hostedService(root, &context)])
    case "HostedServices":
      return .cloudServices(root.children("HostedService").map { ASMDeploymentParser.hostedService($0, &context) })
    case "ReservedIP": return .reservedIPs([ASMNetworkParser.reservedIP(root, &context)])
    case "ReservedIPs":
      return .reservedIPs(root.children("ReservedIP").map { ASMNetworkParser.reservedIP($0, &context) })
    case "VirtualNetworkSites": return .networkConfiguration(ASMNetworkParser.sites(root, &context))
    default:
      context.report(.error, "unknown-root", "<\(root.name)> is not an ASM response csmigrate knows", at: root)
      return nil
    }
  }

  /// Decodes a base64 label; labels that are not base64 are kept as written.
  static func decodeLabel(_ text: String?) -> String? {
    guard let text else { return nil }
    guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8) else { return text }
    return decoded
  }
}
