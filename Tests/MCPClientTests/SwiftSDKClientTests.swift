import Foundation
import MCP
import SystemPackage
import Testing
import WorkerProtocol
import WorkerTestSupport

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The worker as an MCP server, driven by the Model Context Protocol Swift SDK (a second client, independent of
/// the Python SDK of `MCPTests`): initialize, every tool's schemas and hints, calls with valid and invalid
/// arguments, resources, the prompt, progress, cancellation, and the sample estate to commit.
struct SwiftSDKClientTests {
  static let sample: Value = ["path": "examples/sample-estate/estate.json"]
  static let vnet: Value = ["virtualNetwork": "contoso-vnet"]

  @Test func wholeSurfaceThroughTheSwiftSDK() async throws {
    let server = try MCPServerProcess()
    defer { server.stop() }
    let client = Client(name: "csmigrate-swift-sdk-tests", version: "1.0.0")
    let progress = ProgressLog()
    await client.onNotification(ProgressNotification.self) { message in
      progress.add(message.params.progress, token: message.params.progressToken)
    }
    let initialized = try await client.connect(transport: server.transport)
    #expect(initialized.serverInfo.name == "csmigrate")
    #expect(initialized.capabilities.tools != nil)
    #expect(initialized.capabilities.resources != nil && initialized.capabilities.prompts != nil)

    // Every tool: object schemas and all four hints, openWorldHint false.
    let (tools, cursor) = try await client.listTools()
    #expect(cursor == nil && tools.count > 30)
    for tool in tools {
      #expect(tool.inputSchema.objectValue?["type"] == "object", "\(tool.name)")
      if let output = tool.outputSchema { #expect(output.objectValue?["type"] == "object", "\(tool.name)") }
      #expect(tool.title != nil && tool.description != nil, "\(tool.name)")
      let hints = tool.annotations
      #expect(hints.readOnlyHint != nil && hints.destructiveHint != nil && hints.idempotentHint != nil, "\(tool.name)")
      #expect(hints.openWorldHint == false, "\(tool.name)")
    }
    let commit = try #require(tools.first { $0.name == "migration_commit" })
    #expect(commit.annotations.destructiveHint == true && commit.annotations.readOnlyHint == false)

    // Invalid arguments: every tool with a required argument, called without it.
    for tool in tools {
      guard let required = tool.inputSchema.objectValue?["required"]?.arrayValue, !required.isEmpty else { continue }
      let result = try await call(client, tool.name, [:])
      #expect(result.isError == true, "\(tool.name) accepted {}")
      #expect(result.structuredContent == nil, "\(tool.name) sent structuredContent with an error")
      #expect(text(result).hasPrefix("Error ") && text(result).contains("What to do: "), "\(tool.name)")
    }

    // The sample estate from validation, through the gateway fix, to commit.
    let loaded = try await success(client, "estate_load", ["estate": Self.sample])
    let handle: Value = ["handle": loaded["handle"] ?? .null]
    let report = try await success(client, "validation_run", ["estate": handle, "target": Self.vnet])
    let errors = report["validationMessages"]?.arrayValue?.filter { $0.objectValue?["category"] == "Error" } ?? []
    #expect(errors.contains { $0.objectValue?["ruleId"] == "CS-UNSUP-VPN-GATEWAY" })
    _ = try await success(client, "validation_explain", ["ruleId": "CS-UNSUP-VPN-GATEWAY"])
    _ = try await success(client, "gateways_plan", ["estate": handle, "virtualNetwork": "contoso-vnet"])
    let notImported = try await call(client, "migration_validate", ["target": Self.vnet])
    #expect(text(notImported).contains("call estate_import first"))
    _ = try await success(client, "estate_import", ["estate": Self.sample])
    _ = try await success(client, "classic_update", ["resource": Self.vnet, "patch": ["gateway": .null]])
    let validated = try await success(client, "migration_validate", ["target": Self.vnet])
    #expect(validated["failed"] == false)
    let prepared = try await success(
      client, "migration_prepare", ["target": Self.vnet], meta: Metadata(progressToken: .string("prepare")))
    #expect(prepared["state"] == "Prepared")
    #expect(!progress.values.isEmpty)
    let committed = try await success(client, "migration_commit", ["target": Self.vnet])
    #expect(committed["state"] == "Committed")
    let status = try await success(client, "migration_status", ["target": Self.vnet])
    #expect(status["targets"]?.arrayValue?.first?.objectValue?["state"] == "Committed")

    // Resources and the prompt.
    let (resources, _) = try await client.listResources()
    let uris = resources.map(\.uri)
    #expect(uris.contains("csmigrate://rules") && uris.contains("csmigrate://ledger/migration/status"))
    for uri in uris {
      let contents = try await client.readResource(uri: uri)
      #expect(contents.first?.mimeType == "application/json", "\(uri)")
      #expect(try JSONSerialization.jsonObject(with: Data((contents.first?.text ?? "").utf8)) is [String: Any])
    }
    let (templates, _) = try await client.listResourceTemplates()
    #expect(Set(templates.map(\.uriTemplate)) == ["csmigrate://estates/{handle}", "csmigrate://rules/{ruleId}"])
    await #expect(throws: (any Error).self) { _ = try await client.readResource(uri: "csmigrate://nothing") }
    let (prompts, _) = try await client.listPrompts()
    #expect(prompts.map(\.name) == ["migrate_estate"])
    let prompt = try await client.getPrompt(
      name: "migrate_estate", arguments: ["estate": "examples/sample-estate/estate.json"])
    guard case .text(let walkthrough) = try #require(prompt.messages.first).content else {
      Issue.record("the prompt is not text")
      return
    }
    #expect(walkthrough.contains("migration_commit") && walkthrough.contains("confirm"))

    // Cancellation, once the call is running (its first progress has arrived): the pending call ends with
    // CancellationError, and the worker answers the next call.
    let slow = try await client.send(
      CallTool.request(
        .init(
          name: "diagnostics_slow", arguments: ["steps": 200, "stepMilliseconds": 50],
          meta: Metadata(progressToken: .string("slow")))))
    #expect(await progress.changes.wait(timeout: 120) { progress.tokens.contains(.string("slow")) })
    try await client.cancelRequest(slow.requestID, reason: "test")
    await #expect(throws: CancellationError.self) { _ = try await slow.value }
    try await client.ping()
    _ = try await success(client, "diagnostics_slow", ["steps": 1, "stepMilliseconds": 0])
    await client.disconnect()
  }

  /// Sends `tools/call` and returns the whole result, structured content included.
  func call(_ client: Client, _ name: String, _ arguments: [String: Value], meta: Metadata? = nil) async throws
    -> CallTool.Result
  {
    try await client.send(CallTool.request(.init(name: name, arguments: arguments, meta: meta))).value
  }

  /// A call that must succeed: its structured content, which the text (summary, then JSON) must also hold.
  func success(_ client: Client, _ name: String, _ arguments: [String: Value], meta: Metadata? = nil) async throws
    -> [String: Value]
  {
    let result = try await call(client, name, arguments, meta: meta)
    #expect(result.isError != true, "\(name): \(text(result))")
    let parts = text(result).components(separatedBy: "\n\n")
    #expect(parts.count >= 2 && parts.last?.hasPrefix("{") == true, "\(name): text is not summary + JSON")
    return try #require(result.structuredContent?.objectValue, "\(name): no structured content")
  }

  func text(_ result: CallTool.Result) -> String {
    guard case .text(let text, _, _)? = result.content.first else { return "" }
    return text
  }
}

/// Progress values and tokens as they arrive; `changes` wakes whoever waits for one.
final class ProgressLog: Sendable {
  private let storage = LockedValue<[(value: Double, token: ProgressToken)]>([])
  let changes = ChangeNotifier()
  func add(_ value: Double, token: ProgressToken) {
    storage.withLock { $0.append((value, token)) }
    changes.signal()
  }
  var values: [Double] { storage.withLock { $0.map(\.value) } }
  var tokens: [ProgressToken] { storage.withLock { $0.map(\.token) } }
}

/// `csmigrate serve` with two pipes, wrapped in the SDK's stdio transport (the SDK cannot spawn a process).
final class MCPServerProcess: Sendable {
  let process = Process()
  let toServer = Pipe.closedOnExec()
  let fromServer = Pipe.closedOnExec()
  let state: URL
  let transport: StdioTransport

  init() throws {
    state = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-swift-sdk-\(UUID())")
    process.executableURL = WorkerProcess.executableURL
    process.arguments = [
      "serve", "--root", packageRoot.path, "--plugins", "all", "--state", state.path,
    ]
    process.standardInput = toServer
    process.standardOutput = fromServer
    process.standardError = FileHandle.nullDevice
    try process.run()
    transport = StdioTransport(
      input: FileDescriptor(rawValue: fromServer.fileHandleForReading.fileDescriptor),
      output: FileDescriptor(rawValue: toServer.fileHandleForWriting.fileDescriptor))
  }

  /// Closes the server's input (it exits at end of input) and waits for it.
  func stop() {
    try? toServer.fileHandleForWriting.close()
    process.waitUntilExit()
    try? FileManager.default.removeItem(at: state)
  }
}
