import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// `extensions/*`, the extension profile in `arm/template` and the plugin's rules, through the binary.
struct ExtensionsEndToEndTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// Values of the sample estate that must never be echoed.
  static let secrets = [
    "do-not-leak-this",
    "MIIBnQYJKoZIhvcNAQcDoIIBjjCCAYoCAQAxggFOMIIBSgIBADAyMB4xHDAaBgNVBAMME1dpbmRvd3MgQXp1cmUgVG9vbHM=",
  ]

  @Test func inventoryConvertTemplateAndRules() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--root", Self.root])
    defer { worker.terminate() }
    let estate = #"{"path":"examples/sample-estate/estate.json"}"#
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"clientInfo":{"name":"e2e"}}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"extensions/inventory","params":{"estate":\#(estate)}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":3,"method":"extensions/convert","params":{"estate":\#(estate),"target":{"service":"contoso-shop"},"forceUpdateTag":"v1"}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":4,"method":"arm/template","params":{"estate":\#(estate),"target":{"service":"contoso-shop"}}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":5,"method":"validation/run","params":{"estate":\#(estate),"target":{"service":"contoso-shop"}}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":6,"method":"extensions/convert","params":{"estate":\#(estate),"target":{"service":"nope"}}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":7,"method":"artifacts/rewrite","params":{"estate":\#(estate),"target":{"service":"contoso-shop"}}}"#
    )
    let messages = await worker.waitForMessages(7)
    #expect(messages.count == 7)
    let lines = worker.allLines
    func reply(_ id: Int) throws -> String {
      try #require(lines.first { $0.contains("\"id\":\(id),") || $0.contains("\"id\":\(id)}") })
    }

    let inventory = try reply(2)
    #expect(inventory.contains(#""name":"RemoteAccess""#))
    #expect(inventory.contains(#""name":"RDP-contoso-shop""#))
    #expect(inventory.contains(#""enabled":false"#))
    #expect(inventory.contains(#""kind":"csdef""#))

    let convert = try reply(3)
    #expect(convert.contains(#""name":"RDPExtension""#))
    #expect(convert.contains(#""publisher":"Microsoft.Windows.Azure.Extensions""#))
    #expect(convert.contains("<UserName>shopadmin</UserName>"))
    #expect(convert.contains(#""protectedSettings":"[parameters('contoso_shop_rdpPrivateConfig')]""#))
    #expect(convert.contains(#""forceUpdateTag":"v1""#))
    #expect(convert.contains(#""name":"Antimalware""#))
    #expect(convert.contains("Disabled extensions won't be migrated."))

    let template = try reply(4)
    #expect(template.contains(#""name":"RDPExtension""#))
    #expect(template.contains("contoso_shop_rdpPrivateConfig"))
    #expect(template.contains("Microsoft.Azure.Security"))

    let validation = try reply(5)
    #expect(validation.contains("EXT-PLUGIN-LEGACY"))
    #expect(validation.contains("EXT-DISABLED"))

    let missing = try reply(6)
    #expect(missing.contains(#""code":1002"#))
    #expect(missing.contains("target.service"))

    let rewrite = try reply(7)
    #expect(rewrite.contains(#"-      <Import moduleName=\"RemoteAccess\" />"#))

    for id in 2...7 {
      let line = try reply(id)
      for secret in Self.secrets { #expect(!line.contains(secret), "reply \(id) leaks a secret") }
    }
  }
}
