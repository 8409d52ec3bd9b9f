import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// `validation/*` through the real binary.
@Suite(.serialized)
struct ValidationEndToEndTests {
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
      url = url.deletingLastPathComponent()
    }
    return url.path
  }()

  @Test func runRulesAndExplainOnTheSampleEstate() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--root", Self.root])
    worker.send(
      #"{"jsonrpc":"2.0","id":1,"method":"validation/run","params":{"estate":{"path":"examples/sample-estate/estate.json"},"target":{"service":"contoso-shop","slot":"Production"},"rulesRevision":"2024-07"}}"#
    )
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"validation/rules","params":{}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":3,"method":"validation/explain","params":{"ruleId":"CS-ERR-TWO-SLOTS"}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":4,"method":"validation/explain","params":{"ruleId":"NOPE"}}"#)
    let messages = await worker.waitForMessages(4)
    let byID = Dictionary(
      uniqueKeysWithValues: messages.compactMap { message in message["id"]?.intValue.map { ($0, message) } })
    let report = try #require(byID[1]?["result"])
    #expect(
      report["result"]?.stringValue == "Validation Failed. Please see ValidationMessages object for additional details."
    )
    let rows = report["validationMessages"]?.arrayValue ?? []
    #expect(rows.contains { $0["ruleId"]?.stringValue == "CS-ERR-BELONGS-TO-VNET" })
    #expect(
      rows.contains {
        $0["ruleId"]?.stringValue == "CS-UNSUP-LEGACY-SIZE"
          && $0["message"]?.stringValue?.contains("Standard_A1_v2") == true
      })
    #expect((byID[2]?["result"]?["rules"]?.arrayValue?.count ?? 0) >= 60)
    #expect(byID[3]?["result"]?["fix"]?.stringValue?.contains("staging slot") == true)
    #expect(byID[4]?["error"]?["code"]?.intValue == 1002)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }
}
