import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// `passwordFd` cannot name the worker's own standard streams: stdin would swallow protocol lines.
struct PasswordDescriptorTests {
  @Test func standardStreamsAreRefused() async throws {
    let worker = try WorkerProcess(arguments: ["serve"])
    let pem = Data("not a certificate".utf8).base64EncodedString()
    for descriptor in 0...2 {
      worker.send(
        #"{"jsonrpc":"2.0","id":\#(descriptor),"method":"certificates/inspect","params":{"files":[{"base64":"\#(pem)"}],"passwordFd":\#(descriptor)}}"#
      )
    }
    // A line sent after the refusals is still read as a request, not as a password.
    worker.send(#"{"jsonrpc":"2.0","id":"after","method":"ping"}"#)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    let messages = worker.allMessages
    #expect(messages.count == 4)
    for descriptor in 0...2 {
      let reply = messages.first { $0["id"]?.intValue == descriptor }
      #expect(reply?["error"]?["code"]?.intValue == -32602)
      #expect(reply?["error"]?["data"]?["reason"] == "descriptor-not-inherited")
      #expect(reply?["error"]?["data"]?["field"] == "passwordFd")
    }
    #expect(messages.contains { $0["id"] == "after" && $0["result"] != nil })
  }
}
