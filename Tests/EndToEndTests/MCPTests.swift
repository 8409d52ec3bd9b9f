import Foundation
import Testing
import WorkerTestSupport

/// The worker as an MCP server, driven by the official MCP Python SDK (`Tests/Scripts/mcp_session.py`): every
/// tool with valid and invalid arguments, resources, the prompt, progress, cancellation, and the sample estate
/// from validation through the gateway fix to commit.
struct MCPTests {
  @Test func officialSDKSession() async throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", packageRoot.appendingPathComponent("Tests/Scripts/mcp_session.py").path,
      WorkerProcess.executableURL.path, packageRoot.path,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let reader = Task { await output.fileHandleForReading.readToEndOffPool() }
    let status = try await process.runToExit()
    let text = String(decoding: await reader.value, as: UTF8.self)
    #expect(status == 0, "\(text)")
    #expect(text.contains("tools: ") && text.contains("estate_load"))
    #expect(text.contains("scenario: validated, gateway removed, prepared"))
    #expect(text.contains("every tool called with valid and invalid arguments"))
    #expect(text.hasSuffix("ok\n"))
  }
}
