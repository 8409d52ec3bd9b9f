import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// Rules from process plugins in the one validation pass: `csmigrate validate` (text and SARIF), `validation/run`,
/// `validation/rules`, `validation/explain` and a blocked Prepare, with the example rule pack and the test plugin.
@Suite(.serialized)
struct ProcessPluginRuleTests {
  /// A root holding a copy of the sample estate and a manifest naming the example naming plugin.
  static func namingRoot() throws -> URL {
    let folder = try ProcessPluginTests.root("plugins-naming") { _ in
      [
        [
          "name": "naming", "command": "python3",
          "args": [.string(packageRoot.appendingPathComponent("examples/plugins/naming/naming_plugin.py").path)],
          "env": ["PYTHONPATH": .string(packageRoot.appendingPathComponent("clients/python/src").path)],
        ]
      ]
    }
    try FileManager.default.copyItem(
      at: packageRoot.appendingPathComponent("examples/sample-estate"),
      to: folder.appendingPathComponent("sample-estate"))
    return folder
  }

  /// Imports `estate` and asks to prepare `target` (ids `firstID` and `firstID + 1`); expects the refusal (`2002`)
  /// and returns the rule ids of the findings that block it.
  static func refusedPrepare(_ worker: WorkerProcess, estate: String, target: String, firstID: Int) async -> [String] {
    let prepareID = firstID + 1
    worker.send(#"{"jsonrpc":"2.0","id":\#(firstID),"method":"estate/import","params":{"estate":\#(estate)}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":\#(prepareID),"method":"migration/prepare","params":{"target":\#(target)}}"#)
    let prepare = ProcessPluginTests.byID(await worker.waitForMessages(prepareID))[prepareID]?["error"]
    #expect(prepare?["code"] == 2002)
    return (prepare?["data"]?["validationMessages"]?.arrayValue ?? []).compactMap { $0["ruleId"]?.stringValue }
  }

  @Test func pythonRuleShowsInValidateWithFileAndLineAndInSARIF() async throws {
    let root = try Self.namingRoot()
    defer { try? FileManager.default.removeItem(at: root) }
    let text = try await CLIRun.run(["validate", "sample-estate/estate.json", "--root", root.path])
    #expect(text.stdout.contains("naming.ROLE-DIGIT  Role WebRole1"))
    #expect(text.stdout.contains("Role WebRole1 of contoso-shop-prod ends with a digit."))
    #expect(text.stdout.contains("at sample-estate/ServiceDefinition.csdef:3:"))
    let sarif = try await CLIRun.run([
      "validate", "sample-estate/estate.json", "--root", root.path, "--format", "sarif",
    ])
    let run = sarif.json?["runs"]?.arrayValue?.first
    let results = run?["results"]?.arrayValue ?? []
    let digit = results.filter { $0["ruleId"] == "naming.ROLE-DIGIT" }
    #expect(digit.count == 2)
    let region = digit.first?["locations"]?.arrayValue?.first?["physicalLocation"]?["region"]
    #expect(region?["startLine"]?.intValue != nil)
    let rules = run?["tool"]?["driver"]?["rules"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    #expect(rules.contains("naming.ROLE-DIGIT"))
  }

  @Test func twentyLinePythonRuleShowsInValidateWithFileAndLine() async throws {
    let example = packageRoot.appendingPathComponent("examples/plugins/two_instances.py")
    let source = try String(contentsOf: example, encoding: .utf8)
    #expect(source.split(separator: "\n", omittingEmptySubsequences: false).count <= 21)  // 20 lines and a newline
    let root = try ProcessPluginTests.root("plugins-two-instances") { _ in
      [
        [
          "name": "sla", "command": "python3", "args": [.string(example.path)],
          "env": ["PYTHONPATH": .string(packageRoot.appendingPathComponent("clients/python/src").path)],
        ]
      ]
    }
    defer { try? FileManager.default.removeItem(at: root) }
    let solo = root.appendingPathComponent("solo")
    try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples/solo-estate"), to: solo)
    let configuration = solo.appendingPathComponent("ServiceConfiguration.Cloud.cscfg")
    let original = try String(contentsOf: configuration, encoding: .utf8)
    let passing = try await CLIRun.run(["validate", "solo/estate.json", "--root", root.path])
    #expect(passing.status == 0)
    #expect(!passing.stdout.contains("sla.TWO-INSTANCES"))

    try original.replacingOccurrences(of: #"count="2""#, with: #"count="1""#)
      .write(to: configuration, atomically: true, encoding: .utf8)
    let text = try await CLIRun.run(["validate", "solo/estate.json", "--root", root.path])
    #expect(text.stdout.contains("sla.TWO-INSTANCES"))
    #expect(text.stdout.contains("Role JobRunner of contoso-jobs-prod runs 1 instance(s); the SLA needs two."))
    #expect(text.stdout.contains("at solo/ServiceConfiguration.Cloud.cscfg:3:"))
    let json = try await CLIRun.run(["validate", "solo/estate.json", "--root", root.path, "--format", "json"])
    let rows = json.json?["validationMessages"]?.arrayValue ?? []
    let row = rows.first { $0["ruleId"] == "sla.TWO-INSTANCES" }
    #expect(row?["location"]?["file"] == "solo/ServiceConfiguration.Cloud.cscfg")
    #expect(row?["location"]?["line"] == 3)
    #expect(row?["fix"]?.stringValue?.contains("for JobRunner in its .cscfg") == true)
  }

  @Test func estateModelGoesToThePluginOncePerHandleNotOncePerCall() async throws {
    let worker = try ProcessPluginTests.worker("well")
    let estates = [
      (path: "examples/solo-estate/estate.json", target: #"{"service":"contoso-jobs","slot":"Production"}"#),
      (path: "examples/sample-estate/estate.json", target: #"{"service":"contoso-shop","slot":"Production"}"#),
    ]
    var id = 0
    func call(_ method: String, _ params: String) async -> JSONValue? {
      id += 1
      worker.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#)
      return ProcessPluginTests.byID(await worker.waitForMessages(id))[id]
    }
    for (index, estate) in estates.enumerated() {
      let loaded = await call("estate/load", #"{"estate":{"path":"\#(estate.path)"}}"#)
      let handle = try #require(loaded?["result"]?["handle"]?.stringValue)
      for _ in 1...3 {
        let run = await call("validation/run", #"{"estate":{"handle":"\#(handle)"},"target":\#(estate.target)}"#)
        let rows = run?["result"]?["validationMessages"]?.arrayValue ?? []
        #expect(rows.contains { $0["ruleId"] == "test.EVERY-DEPLOYMENT" })
      }
      let received = await call("test/received", "{}")
      #expect(received?["result"]?["validations"]?.intValue == 3 * (index + 1))  // every call reached the plugin
      #expect(received?["result"]?["models"]?.intValue == index + 1)  // but the model went once per handle
    }
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func pythonRuleIsListedExplainedAndItsMethodAnswers() async throws {
    let root = try Self.namingRoot()
    defer { try? FileManager.default.removeItem(at: root) }
    let worker = try WorkerProcess(arguments: ["serve", "--root", root.path, "--state", ":memory:"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"validation/rules","params":{}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"validation/explain","params":{"ruleId":"naming.ROLE-DIGIT"}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":3,"method":"naming/suggest","params":{"name":"WebRole1"}}"#)
    let replies = ProcessPluginTests.byID(await worker.waitForMessages(3))
    let ids = replies[1]?["result"]?["rules"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    #expect(ids.contains("naming.ROLE-DIGIT"))
    #expect(replies[2]?["result"]?["fix"]?.stringValue?.contains("Rename") == true)
    #expect(replies[3]?["result"] == ["name": "WebRole"])
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  @Test func errorRuleFromAPluginBlocksPrepareAndTheEstateIsSentOnce() async throws {
    let worker = try ProcessPluginTests.worker("well")
    let estate = #"{"path":"examples/solo-estate/estate.json"}"#
    let target = #"{"service":"contoso-jobs","slot":"Production"}"#
    for id in 1...2 {
      worker.send(
        #"{"jsonrpc":"2.0","id":\#(id),"method":"validation/run","params":{"estate":\#(estate),"target":\#(target)}}"#)
      _ = await worker.waitForMessages(id)
    }
    let runs = ProcessPluginTests.byID(worker.allMessages)
    for id in 1...2 {
      let rows = runs[id]?["result"]?["validationMessages"]?.arrayValue ?? []
      let row = rows.first { $0["ruleId"] == "test.EVERY-DEPLOYMENT" }
      #expect(row?["message"] == "Deployment contoso-jobs-prod is blocked by the test plugin.")
      #expect(row?["location"]?["file"]?.stringValue?.hasSuffix(".cscfg") == true)
    }
    let blocking = await Self.refusedPrepare(worker, estate: estate, target: target, firstID: 3)
    #expect(blocking.contains("test.EVERY-DEPLOYMENT"))
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    let received = worker.standardError.components(separatedBy: "estate model received").count - 1
    #expect(received == 1)
  }

  /// A rule plugin that fails during validation, as `fault` says (`crash`: it dies in `plugin/validate`; `hang`:
  /// it does not answer within its timeout), yields a `CS-PLUGIN-FAILED` error that fails `validation/run` and
  /// blocks Prepare; once it behaves again, its own findings come back.
  @Test(arguments: ["crash", "hang"])
  func failingRulePluginFailsValidationAndBlocksPrepareUntilItRecovers(fault: String) async throws {
    let folder = try ProcessPluginTests.root("plugins-rule-\(fault)") { folder in
      [
        ProcessPluginTests.entry(
          "well",
          [
            ("env", ["PLUGIN_VALIDATE_FAULT": .string(folder.appendingPathComponent("fault").path)]),
            ("timeoutMs", 1500),
          ])
      ]
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.copyItem(
      at: packageRoot.appendingPathComponent("examples/solo-estate"), to: folder.appendingPathComponent("solo"))
    let faultFile = folder.appendingPathComponent("fault")
    try Data(fault.utf8).write(to: faultFile)
    let worker = try WorkerProcess(arguments: ["serve", "--root", folder.path, "--state", ":memory:"])
    // By handle, so the recovered run below asks about the very estate whose report could have been kept.
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"estate/load","params":{"estate":{"path":"solo/estate.json"}}}"#)
    let handle = try #require(
      ProcessPluginTests.byID(await worker.waitForMessages(1))[1]?["result"]?["handle"]?.stringValue)
    let estate = #"{"handle":"\#(handle)"}"#
    let target = #"{"service":"contoso-jobs","slot":"Production"}"#
    let run = #"{"estate":\#(estate),"target":\#(target)}"#
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"validation/run","params":\#(run)}"#)
    let failed = ProcessPluginTests.byID(await worker.waitForMessages(2))[2]?["result"]
    #expect(failed?["result"]?.stringValue?.hasPrefix("Validation Failed") == true)
    let rows = failed?["validationMessages"]?.arrayValue ?? []
    let failure = rows.first { $0["ruleId"] == "CS-PLUGIN-FAILED" }
    #expect(failure?["category"] == "Error")
    #expect(failure?["resourceType"] == "Deployment")
    #expect(failure?["resourceName"] == "contoso-jobs-prod")
    let expectedReason = fault == "crash" ? "it exited with status 9" : "no answer to 'plugin/validate' within"
    let message = failure?["message"]?.stringValue ?? ""
    #expect(message.hasPrefix("Plugin 'test' could not evaluate rule test.EVERY-DEPLOYMENT: "))
    #expect(message.contains(expectedReason))
    #expect(failure?["fix"]?.stringValue?.contains("csmigrate.plugins.json") == true)
    #expect(failure?["location"]?["file"]?.stringValue?.hasSuffix(".cscfg") == true)
    #expect(!rows.contains { $0["ruleId"] == "test.EVERY-DEPLOYMENT" })

    let blocking = await Self.refusedPrepare(worker, estate: estate, target: target, firstID: 3)
    #expect(blocking.contains("CS-PLUGIN-FAILED"))

    try FileManager.default.removeItem(at: faultFile)
    worker.send(#"{"jsonrpc":"2.0","id":5,"method":"validation/run","params":\#(run)}"#)
    let recovered = ProcessPluginTests.byID(await worker.waitForMessages(5))[5]?["result"]
    let after = recovered?["validationMessages"]?.arrayValue ?? []
    #expect(after.contains { $0["ruleId"] == "test.EVERY-DEPLOYMENT" })
    #expect(!after.contains { $0["ruleId"] == "CS-PLUGIN-FAILED" })
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }
}
