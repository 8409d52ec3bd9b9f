import Foundation
import Testing
import WorkerTestSupport

/// Ids that a `String` cannot hold (lone surrogate escapes) come back byte for byte and never collide.
struct RequestIDTests {
  @Test func loneSurrogateIdsComeBackAsSent() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins", "diagnostics"])
    let slow = #""method":"diagnostics/slow","params":{"steps":1,"stepMilliseconds":1}"#
    // Two different lone surrogates in flight at once: decoded lossily they would be the same id.
    worker.send(#"{"jsonrpc":"2.0","id":"\ud800",\#(slow)}"#)
    worker.send(#"{"jsonrpc":"2.0","id":"\udbff",\#(slow)}"#)
    worker.send(#"{"jsonrpc":"2.0","id":"x\uDC00\u0041","method":"ping"}"#)
    worker.send(
      #"[{"jsonrpc":"2.0","id":"\ud83d","method":"ping"},{"jsonrpc":"2.0","method":"n"},{"jsonrpc":"2.0","id":"\ude00","method":"ping"}]"#
    )
    // An invalid request keeps its raw id too.
    worker.send(#"{"jsonrpc":"1.0","id":"\ud801","method":"ping"}"#)
    // A well-formed pair is an ordinary string and comes back as the character it encodes.
    worker.send(#"{"jsonrpc":"2.0","id":"\ud83d\ude00","method":"ping"}"#)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    let lines = worker.allLines
    for id in [#""\ud800""#, #""\udbff""#, #""x\uDC00\u0041""#, #""\ud801""#] {
      #expect(lines.filter { $0.contains(#""id":\#(id),"#) }.count == 1, "\(id)")
    }
    #expect(
      lines.contains(#"[{"jsonrpc":"2.0","id":"\ud83d","result":{}},{"jsonrpc":"2.0","id":"\ude00","result":{}}]"#))
    #expect(lines.contains(#"{"jsonrpc":"2.0","id":"😀","result":{}}"#))
    #expect(!lines.contains { $0.contains("-32600") && !$0.contains(#""\ud801""#) })
    #expect(lines.count == 6)
  }
}
