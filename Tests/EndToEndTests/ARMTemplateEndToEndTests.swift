import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// `arm/template` and `artifacts/rewrite` through the binary.
struct ARMTemplateEndToEndTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  @Test func templateForTheSampleEstate() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--root", Self.root])
    defer { worker.terminate() }
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"clientInfo":{"name":"e2e"}}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":2,"method":"arm/template","params":{"estate":{"path":"examples/sample-estate/estate.json"},"target":{"service":"contoso-shop"}}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":3,"method":"artifacts/rewrite","params":{"estate":{"path":"examples/sample-estate/estate.json"},"target":{"service":"contoso-shop"}}}"#
    )
    let messages = await worker.waitForMessages(3)
    #expect(messages.count == 3)
    let lines = worker.allLines
    let template = try #require(lines.first { $0.contains("\"id\":2") })
    #expect(template.contains("subscriptionDeploymentTemplate.json"))
    #expect(template.contains("Microsoft.Compute/cloudServices"))
    #expect(template.contains("contoso-shop-migrated"))
    #expect(!template.contains("do-not-leak-this"))
    #expect(!template.contains("c2VjcmV0"))
    let rewrite = try #require(lines.first { $0.contains("\"id\":3") })
    #expect(rewrite.contains("Standard_A1_v2"))
    #expect(!rewrite.contains("c2VjcmV0"))
  }
}
