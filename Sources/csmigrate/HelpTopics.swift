import Foundation
import PluginAPI
import WorkerCore
import WorkerProtocol

/// `csmigrate help TOPIC`: pages an installed binary carries, so `--help` never points at a repository file.
enum HelpTopics {
  /// The topics, by name, with a one-line summary.
  static let summaries: [(name: String, summary: String)] = [
    ("estate", "the estate document: what csmigrate reads, and how init writes one"),
    ("protocol", "the worker's JSON-RPC methods, from the plugins compiled into this binary"),
  ]

  /// The page for `topic`, or nil when there is no such topic.
  static func page(_ topic: String) -> String? {
    switch topic {
    case "estate": estatePage
    case "protocol": protocolPage()
    default: nil
    }
  }

  /// Runs `csmigrate help TOPIC` when the arguments ask for a topic page; returns whether it did.
  static func runIfRequested(_ arguments: [String]) -> Bool {
    guard arguments.count == 2, arguments[0] == "help", let page = page(arguments[1]) else { return false }
    print(page)
    return true
  }

  /// How to go from a project to a verdict, and what the document holds.
  static let estatePage = """
    THE ESTATE DOCUMENT

    csmigrate works on an estate: your cloud services' files plus the facts no file holds. An estate document
    is JSON that names the files by path (relative to the document) and writes those facts down.

    From a project to a verdict:
      csmigrate init MyCloudService/        writes estate.json and lists what it assumed
      csmigrate check estate.json           the files' own problems, file:line:column
      csmigrate validate estate.json        the platform's migration validation, offline

    Every verb also takes the project folder (or its .csdef/.cscfg) directly and says on stderr what it
    assumed: csmigrate validate MyCloudService/

    What init finds: ServiceDefinition.csdef and ServiceConfiguration.*.cscfg (paired by service name, role
    names and folder; .Cloud is chosen over .Local, --configuration NAME picks another), a .netcfg exported
    with Get-AzureVNetConfig, .ccproj/.sln project files, and ASM REST responses saved as .xml (Get
    Deployment, hosted services, reserved IPs, virtual network sites).

    What it assumes, each listed under "assumptions" with how to check it:
      services[i].deployments.production     the slot (move it under "staging" if it runs there)
      ....status                             "Running"
      ....virtualNetwork                     {"kind": "default"} when the .cscfg names no VirtualNetworkSite;
                                             {"kind": "none"} for a deployment in no virtual network
      ....extensions                         [] (RDP, Diagnostics, Antimalware live on the platform)
      quotas                                 [] (no quota check until you add the ARM vCPU limit)
      provider registrations                 Registered (not recorded in the document)
    A Get Deployment export next to the project replaces the slot, status, VNet and extension guesses.

    The document's other members (reservedIPs, gateways, networkSecurityGroups, routeTables,
    expressRouteCircuits, peerings, vnetTenants, quotas, jitPolicies, rbacAssignments, subscription) are
    optional facts; `csmigrate call estate/load --params '{"estate":{"path":"estate.json"}}'` shows how
    csmigrate reads them.
    """

  /// Every method of every compiled plugin, with its summary and error codes.
  static func protocolPage() -> String {
    var lines = [
      "THE WORKER PROTOCOL",
      "",
      "csmigrate serve speaks JSON-RPC 2.0, one message per line on stdin and stdout (also MCP: initialize,",
      "tools/list, tools/call). csmigrate call METHOD --params JSON runs one method. Methods of this binary:",
      "",
    ]
    guard let registry = try? MethodRegistry(plugins: CompiledPlugins.all, enabled: CompiledPlugins.all.map(\.name))
    else { return lines.joined(separator: "\n") }
    for entry in registry.sortedEntries {
      lines.append("  \(entry.spec.name)  [\(entry.owner)]")
      lines.append("      \(entry.spec.summary)")
      if !entry.spec.errors.isEmpty {
        lines.append("      errors: " + entry.spec.errors.map { String($0.rawValue) }.joined(separator: ", "))
      }
    }
    return lines.joined(separator: "\n")
  }
}

/// The subcommand nearest to a mistyped one.
enum CommandSuggestion {
  /// The known name closest to `word` within a small edit distance, or nil.
  static func nearest(to word: String, in names: [String]) -> String? {
    let scored = names.map { ($0, distance(word.lowercased(), $0)) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
    return best.0
  }

  /// The Levenshtein distance between two strings.
  static func distance(_ lhs: String, _ rhs: String) -> Int {
    let (a, b) = (Array(lhs), Array(rhs))
    guard !a.isEmpty else { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...max(b.count, 1) where j <= b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
