import EstateModel
import PluginAPI
import WorkerProtocol

/// One band of a network diagram: the classic side on the left, the extended-support side on the right.
struct DiagramRow {
  /// The CSS class of both boxes (`network`, `subnet`, `gateway`, `addresses`).
  var kind: String
  var beforeTitle: String
  var beforeLines: [String]
  var afterTitle: String
  var afterLines: [String]
}

/// Lays out a virtual network's before/after diagram as SVG shapes (boxes and text lines) for the template.
///
/// The rows come from ``NetworkDiagramRows``; this type only places them, so both sides of a row share its height.
enum NetworkDiagram {
  static let columnWidth = 470
  static let gap = 60
  static let lineHeight = 16
  static let maxCharacters = 64

  /// The diagram's template values: `width`, `height`, `boxes`, `texts` and `arrows`.
  static func layout(title: String, rows: [DiagramRow]) -> [String: Any] {
    var boxes: [[String: Any]] = []
    var texts: [[String: Any]] = []
    var arrows: [[String: Any]] = []
    let afterX = columnWidth + gap
    texts.append(text(x: 10, y: 18, "Classic (before)", "column"))
    texts.append(text(x: afterX + 10, y: 18, "Extended support (after)", "column"))
    var y = 30
    for row in rows {
      let lines = max(row.beforeLines.count, row.afterLines.count)
      let height = 26 + lineHeight * lines
      for (x, heading, body) in [
        (0, row.beforeTitle, row.beforeLines), (afterX, row.afterTitle, row.afterLines),
      ] {
        boxes.append([
          "x": "\(x + 2)", "y": "\(y)", "width": "\(columnWidth - 4)", "height": "\(height)",
          "kind": "\(row.kind)\(x == 0 ? " before" : " after")",
        ])
        texts.append(text(x: x + 12, y: y + 18, heading, "heading"))
        for (index, line) in body.enumerated() {
          texts.append(text(x: x + 22, y: y + 18 + lineHeight * (index + 1), line, "line"))
        }
      }
      let middle = y + height / 2
      arrows.append([
        "x1": "\(columnWidth + 6)", "x2": "\(afterX - 8)", "y": "\(middle)",
        "head": "\(afterX - 8),\(middle) \(afterX - 16),\(middle - 5) \(afterX - 16),\(middle + 5)",
      ])
      y += height + 10
    }
    return [
      "title": title, "width": "\(2 * columnWidth + gap)", "height": "\(y)", "boxes": boxes, "texts": texts,
      "arrows": arrows,
    ]
  }

  /// A text element, cut to fit its box (the full text stays in the element's tooltip).
  static func text(x: Int, y: Int, _ value: String, _ kind: String) -> [String: Any] {
    let shown = value.count > maxCharacters ? String(value.prefix(maxCharacters - 1)) + "…" : value
    return ["x": "\(x)", "y": "\(y)", "text": shown, "full": value, "kind": kind]
  }
}

/// The rows of a network diagram: the network, each subnet with the roles in it, its gateway and its addresses.
struct NetworkDiagramRows {
  let network: VirtualNetwork?
  let networkName: String
  let deployments: [ScopedDeployment]
  let plan: ARMPlan?
  let runbook: JSONValue?

  /// The ARM resources of `type` in the plan.
  private func resources(_ type: String) -> [ARMResource] {
    plan?.resources.filter { $0.type == type } ?? []
  }

  /// At most this many lines per box; the rest are counted in a last line (every service has its own view).
  static let linesPerBox = 30

  /// Every row, top to bottom.
  var rows: [DiagramRow] {
    var rows = [header]
    rows += subnetRows
    if let gateway = gatewayRow { rows.append(gateway) }
    if let addresses = addressRow { rows.append(addresses) }
    return rows.map { row in
      var row = row
      row.beforeLines = Self.capped(row.beforeLines)
      row.afterLines = Self.capped(row.afterLines)
      return row
    }
  }

  /// The first lines of a box and, when more remain, a line counting them.
  static func capped(_ lines: [String]) -> [String] {
    guard lines.count > linesPerBox else { return lines }
    return lines.prefix(linesPerBox - 1) + [
      "… and \(lines.count - linesPerBox + 1) more (see each cloud service below)"
    ]
  }

  private var header: DiagramRow {
    let prefixes = network?.addressPrefixes.joined(separator: ", ") ?? "(not in the estate's .netcfg)"
    let armNetwork = resources("Microsoft.Network/virtualNetworks").first
    return DiagramRow(
      kind: "network", beforeTitle: "Virtual network \(networkName)",
      beforeLines: ["address space \(prefixes)", "region \(network?.region ?? "(not recorded)")"],
      afterTitle: "Microsoft.Network/virtualNetworks \(armNetwork?.name ?? networkName)",
      afterLines: [
        "resource group \(armNetwork?.resourceGroup ?? "(not planned)")", "address space \(prefixes)",
      ])
  }

  private var subnetRows: [DiagramRow] {
    // The ARM name of each classic service, looked up once per deployment (first planned resource wins).
    let armNames = Dictionary(
      resources("Microsoft.Compute/cloudServices").compactMap { resource in
        resource.source.service.map { ($0, resource.name) }
      },
      uniquingKeysWith: { first, _ in first })
    var members: [String: [(before: String, after: String)]] = [:]
    var unplaced: [(before: String, after: String)] = []
    for scoped in deployments {
      let armName = armNames[scoped.service.name] ?? scoped.service.name
      for role in scoped.deployment.roles {
        let size = role.vmSize.map { ", \($0)" } ?? ""
        let count = role.instanceCount.map { "\($0) × " } ?? ""
        let entry = (
          before: "\(scoped.service.name) / \(role.name) (\(count)\(role.kind?.rawValue ?? "role")\(size))",
          after: "cloudServices/\(armName) / \(role.name)"
        )
        if role.subnets.isEmpty {
          unplaced.append(entry)
        } else {
          for subnet in role.subnets { members[subnet.lowercased(), default: []].append(entry) }
        }
      }
    }
    var rows: [DiagramRow] = (network?.subnets ?? []).map { subnet in
      let entries = members.removeValue(forKey: subnet.name.lowercased()) ?? []
      let title = "Subnet \(subnet.name) \(subnet.addressPrefix ?? "")"
      return DiagramRow(
        kind: subnet.name.lowercased() == "gatewaysubnet" ? "subnet gatewaysubnet" : "subnet",
        beforeTitle: title, beforeLines: entries.isEmpty ? ["(no roles)"] : entries.map(\.before),
        afterTitle: title, afterLines: entries.isEmpty ? ["(no roles)"] : entries.map(\.after))
    }
    let rest = unplaced + members.keys.sorted().flatMap { members[$0] ?? [] }
    if !rest.isEmpty {
      rows.append(
        DiagramRow(
          kind: "subnet unplaced", beforeTitle: "Roles with no subnet named in the estate",
          beforeLines: rest.map(\.before), afterTitle: "Placed in the network's first subnet by the platform",
          afterLines: rest.map(\.after)))
    }
    return rows
  }

  private var gatewayRow: DiagramRow? {
    guard let gateway = network?.gateway else { return nil }
    var recreated: [String] = []
    for step in runbook?["steps"]?.arrayValue ?? [] where step["action"]?.stringValue == "recreate" {
      if let type = step["resourceType"]?.stringValue, let name = step["resourceName"]?.stringValue {
        recreated.append("\(type) \(name)")
      }
    }
    let connections = gateway.connections.map { "connection to \($0.target)" }
    return DiagramRow(
      kind: "gateway",
      beforeTitle: "\(gateway.type.rawValue) gateway\(gateway.sku.map { " (\($0))" } ?? "") — REMOVE before Prepare",
      beforeLines: connections.isEmpty ? ["no connections"] : connections,
      afterTitle: "RECREATE after Commit",
      afterLines: recreated.isEmpty ? ["gateway recreated with gateways/recreate"] : recreated)
  }

  private var addressRow: DiagramRow? {
    let publicIPs = resources("Microsoft.Network/publicIPAddresses")
    guard !publicIPs.isEmpty else { return nil }
    var before: [String] = []
    var after: [String] = []
    for address in publicIPs {
      let reserved = address.source.kind == "reservedIP"
      let owner = address.source.service.map { " of \($0)" } ?? ""
      before.append(reserved ? "reserved IP \(address.source.name)\(owner)" : "dynamic VIP\(owner)")
      let allocation = address.properties["publicIPAllocationMethod"]?.stringValue ?? (reserved ? "Static" : "Dynamic")
      after.append("publicIPAddresses/\(address.name) (\(allocation))")
    }
    return DiagramRow(
      kind: "addresses", beforeTitle: "Public addresses", beforeLines: before, afterTitle: "Public IP addresses",
      afterLines: after)
  }
}
