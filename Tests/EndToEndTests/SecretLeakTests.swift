import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// Credentials planted in every field that can carry one, under names that say nothing, never come out: not in
/// any reply, not in the trace log, not in the ledger's files.
struct SecretLeakTests {
  static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples/sample-estate")

  /// Setting name, value as written in the `.cscfg`, and the token that must never appear.
  static let settings: [(name: String, value: String, token: String)] = [
    (
      "Storage", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=PlantedAccountKey111==",
      "PlantedAccountKey111"
    ),
    (
      "Bus", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=PlantedSharedKey222=",
      "PlantedSharedKey222"
    ),
    ("Db", "Server=tcp:db,1433;Database=d;User ID=u;Pwd=PlantedPassword333;", "PlantedPassword333"),
    (
      "Blob", "https://a.blob.core.windows.net/c?sv=2021-08-06&amp;sp=r&amp;sig=PlantedSignature444",
      "PlantedSignature444"
    ),
    ("Broker", "amqps://user:PlantedUrlPassword555@broker.example/queue", "PlantedUrlPassword555"),
    ("Signing", "-----BEGIN PRIVATE KEY-----PlantedPem666-----END PRIVATE KEY-----", "PlantedPem666"),
  ]
  static let serviceKey = "PlantedServiceKey777-0000-1111"
  static let sharedKey = "PlantedSharedKey888"
  static var tokens: [String] { settings.map(\.token) + [serviceKey, sharedKey] }

  /// The sample estate in a fresh root, with the planted settings, an ExpressRoute circuit and a shared key.
  static func plantedRoot() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-secrets-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: sample, to: root)
    let cscfg = root.appendingPathComponent("ServiceConfiguration.Cloud.cscfg")
    let planted = settings.map { "      <Setting name=\"\($0.name)\" value=\"\($0.value)\" />\n" }.joined()
    var text = try String(contentsOf: cscfg, encoding: .utf8)
    text = text.replacingOccurrences(
      of: "    <ConfigurationSettings>\n", with: "    <ConfigurationSettings>\n" + planted)
    try text.write(to: cscfg, atomically: true, encoding: .utf8)
    let csdef = root.appendingPathComponent("ServiceDefinition.csdef")
    let declared = settings.map { "      <Setting name=\"\($0.name)\" />\n" }.joined()
    text = try String(contentsOf: csdef, encoding: .utf8)
    text = text.replacingOccurrences(
      of: "    <ConfigurationSettings>\n", with: "    <ConfigurationSettings>\n" + declared)
    try text.write(to: csdef, atomically: true, encoding: .utf8)
    let estateFile = root.appendingPathComponent("estate.json")
    var estate = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: estateFile)) as? [String: Any])
    estate["gateways"] = [
      [
        "virtualNetwork": "contoso-vnet", "type": "VPN", "sku": "Standard", "vpnType": "DynamicRouting",
        "connections": [
          ["target": "contoso-onprem", "state": "Connected", "sharedKey": sharedKey],
          ["target": serviceKey, "connectionType": "Dedicated", "state": "Connected"],
        ],
      ]
    ]
    estate["expressRouteCircuits"] = [
      [
        "name": "er1", "serviceKey": serviceKey, "serviceProvider": "Equinix",
        "linkedVirtualNetworks": ["contoso-vnet"],
      ]
    ]
    try JSONSerialization.data(withJSONObject: estate).write(to: estateFile)
    return root
  }

  @Test func plantedSecretsAppearNowhere() async throws {
    let root = try Self.plantedRoot()
    defer { try? FileManager.default.removeItem(at: root) }
    let state = root.appendingPathComponent("state")
    let worker = try WorkerProcess(arguments: [
      "serve", "--root", root.path, "--state", state.path, "--log-level", "trace",
    ])
    let estate = #"{"path":"estate.json"}"#
    let service = #"{"service":"contoso-shop"}"#
    let calls: [(String, String)] = [
      ("estate/load", #"{"estate":\#(estate),"includeModel":true}"#),
      ("validation/run", #"{"estate":\#(estate),"target":\#(service)}"#),
      ("arm/template", #"{"estate":\#(estate),"target":\#(service)}"#),
      ("artifacts/rewrite", #"{"estate":\#(estate),"target":\#(service)}"#),
      ("arm/plan", #"{"estate":\#(estate),"target":\#(service)}"#),
      ("gateways/inventory", #"{"estate":\#(estate)}"#),
      ("gateways/plan", #"{"estate":\#(estate),"virtualNetwork":"contoso-vnet"}"#),
      ("gateways/recreate", #"{"estate":\#(estate),"virtualNetwork":"contoso-vnet"}"#),
      ("estate/import", #"{"estate":\#(estate)}"#),
      ("migration/prepare", #"{"target":{"virtualNetwork":"contoso-vnet"}}"#),
      ("classic/list", #"{}"#),
      ("arm/list", #"{}"#),
      ("migration/history", #"{}"#),
    ]
    // One after another, so the ledger calls see the import.
    for (index, call) in calls.enumerated() {
      worker.send(#"{"jsonrpc":"2.0","id":\#(index),"method":"\#(call.0)","params":\#(call.1)}"#)
      _ = await worker.waitForLines(index + 1)
    }
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    let lines = worker.allLines
    #expect(lines.count == calls.count)
    // The outputs are real: the template, the rewrite and the model were produced, and the settings are in them.
    #expect(lines[0].contains("\"Storage\"") && lines[0].contains("er1"))
    // Values that are not credentials are shown: the grep below would see a leaked one.
    #expect(lines[0].contains("\"orders\"") && lines[3].contains("orders"))
    #expect(lines[2].contains("Microsoft.Compute/cloudServices"))
    #expect(lines[3].contains("__SECRET_") && lines[3].contains("Broker"))
    #expect(lines[5].contains("er1"))
    var outputs = lines.map { ("reply", $0) } + [("stderr", worker.standardError)]
    for file in FileManager.default.enumerator(atPath: state.path)?.allObjects as? [String] ?? [] {
      let data = (try? Data(contentsOf: state.appendingPathComponent(file))) ?? Data()
      outputs.append((file, String(decoding: data, as: UTF8.self)))
    }
    #expect(outputs.contains { $0.0 == "ledger.sqlite" })
    for token in Self.tokens {
      for (name, text) in outputs {
        #expect(!text.contains(token), "\(token) in \(name)")
      }
    }
  }
}
