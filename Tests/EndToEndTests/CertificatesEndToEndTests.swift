import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// `certificates/inspect|match|plan` through the binary, on the corpus's extended-support certificate sample and
/// certificates made by openssl; every output line is scanned for the private key and the password.
struct CertificatesEndToEndTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let sample = packageRoot.deletingLastPathComponent()
    .appendingPathComponent(
      "shared/corpus/cloud-services/008-Azure-Samples--cloud-services-extended-support-singlerole-certificate")
  static let password = "E2e-Pfx-Pass-5519!"

  static func openssl(_ arguments: [String], in directory: URL) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl"] + arguments
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " "))")
  }

  @Test func inspectMatchAndPlanTheCertificateSample() async throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cert-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    for name in ["ServiceDefinition.csdef", "ServiceConfiguration.Cloud.cscfg"] {
      try FileManager.default.copyItem(
        at: Self.sample.appendingPathComponent(name), to: root.appendingPathComponent(name))
    }
    try Self.openssl(
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ssl.key", "-out", "ssl.pem", "-days", "90",
        "-subj",
        "/CN=contoso.test",
      ], in: root)
    try Self.openssl(
      [
        "pkcs12", "-export", "-in", "ssl.pem", "-inkey", "ssl.key", "-out", "ssl.pfx", "-passout",
        "pass:\(Self.password)",
      ],
      in: root)
    let keyLines = try String(contentsOf: root.appendingPathComponent("ssl.key"), encoding: .utf8)
      .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count > 20 }
    #expect(keyLines.count > 5)
    let estate = """
      {"subscription": {"id": "11111111-2222-3333-4444-555555555555", "defaultRegion": "West Europe"},
       "services": [{"name": "contosocssinglerolecertificate", "region": "West Europe", "deployments": {"production": {
         "name": "prod", "csdef": "ServiceDefinition.csdef", "cscfg": "ServiceConfiguration.Cloud.cscfg"}}}]}
      """
    try estate.write(to: root.appendingPathComponent("estate.json"), atomically: true, encoding: .utf8)
    setenv("CSMIGRATE_E2E_PFX_PASSWORD", Self.password, 1)

    let worker = try WorkerProcess(arguments: ["serve", "--root", root.path])
    defer { worker.terminate() }
    let target = #"{"service":"contosocssinglerolecertificate"}"#
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"clientInfo":{"name":"e2e"}}}"#)
    worker.send(
      #"{"jsonrpc":"2.0","id":2,"method":"certificates/inspect","params":{"files":[{"path":"ssl.pfx"},{"path":"ssl.pem"}],"passwordEnv":"CSMIGRATE_E2E_PFX_PASSWORD"}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":3,"method":"certificates/inspect","params":{"files":[{"path":"ssl.pfx"}],"password":"wrong-one"}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":4,"method":"certificates/match","params":{"estate":{"path":"estate.json"},"files":[{"path":"ssl.pfx"}],"password":"\#(Self.password)"}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":5,"method":"certificates/plan","params":{"estate":{"path":"estate.json"},"target":\#(target),"files":[{"path":"ssl.pfx"}],"passwordEnv":"CSMIGRATE_E2E_PFX_PASSWORD"}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":6,"method":"certificates/plan","params":{"estate":{"path":"estate.json"},"target":\#(target),"vaultName":"kv-contoso-certs"}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":7,"method":"certificates/plan","params":{"estate":{"path":"estate.json"},"target":\#(target),"vaultName":"bad--name"}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":8,"method":"arm/template","params":{"estate":{"path":"estate.json"},"target":\#(target)}}"#
    )
    worker.send(
      #"{"jsonrpc":"2.0","id":9,"method":"certificates/inspect","params":{"files":[{"path":"missing.pfx"}]}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":10,"method":"estate/load","params":{"estate":{"path":"missing.json"}}}"#)
    let messages = await worker.waitForMessages(10)
    #expect(messages.count == 10)
    let lines = worker.allLines
    func line(_ id: Int) -> String {
      lines.first { $0.contains("\"id\":\(id),") || $0.contains("\"id\":\(id)}") } ?? ""
    }

    let inspect = line(2)
    #expect(inspect.contains("\"format\":\"pkcs12\"") && inspect.contains("\"hasPrivateKey\":true"))
    #expect(inspect.contains("CN=contoso.test"))
    let wrong = line(3)
    #expect(wrong.contains("\"code\":1000") && wrong.contains("certificate.wrong-password"))
    let match = line(4)
    #expect(match.contains("\"thumbprint\":\"3BFC4E04C034E21B852A8D18B4FF47955338FEE9\""))
    #expect(match.contains("\"storeLocation\":\"LocalMachine\"") && match.contains("\"storeName\":\"My\""))
    #expect(match.contains("CERT-NO-FILE") && match.contains("\"unmatchedFiles\":[{"))
    let plan = line(5)
    // KV-contosocssinglerolecertificate is over 24 characters: the vault is the ARM plan's fitted name, valid, so
    // no CERT-VAULT-NAME warning (arm/plan reports arm.name-fitted with both names).
    #expect(plan.contains("\"name\":\"KV-contosocssingl-c1300b\""))
    #expect(!plan.contains("CERT-VAULT-NAME"))
    #expect(plan.contains("https://kv-contosocssingl-c1300b.vault.azure.net/secrets/cert/{secret-version}"))
    #expect(
      plan.contains("\"sourceVault\":{\"id\":\"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/"))
    #expect(plan.contains("az keyvault certificate import") && plan.contains("<pfx-password>"))
    let named = line(6)
    #expect(
      named.contains("\"nameFrom\":\"caller\"") && named.contains("kv-contoso-certs.vault.azure.net/secrets/cert/"))
    #expect(!named.contains("CERT-VAULT-NAME"))
    #expect(line(7).contains("\"field\":\"vaultName\""))
    let template = line(8)
    #expect(template.contains("vaultCertificates") && template.contains("secretUriWithVersion"))
    // A missing file is the same error whichever method reads it.
    for (id, field) in [(9, "files[0].path"), (10, "estate.path")] {
      let error = try #require(messages.first { $0["id"]?.intValue == id }?["error"])
      #expect(error["code"]?.intValue == 1000)
      #expect(error["data"]?["reason"] == "input.file-not-found")
      #expect(error["data"]?["field"]?.stringValue == field)
    }

    for text in lines {
      #expect(!text.contains(Self.password))
      for keyLine in keyLines { #expect(!text.contains(keyLine)) }
    }
  }
}
