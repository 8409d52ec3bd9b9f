import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A temporary file with the given contents, removed by the caller.
func temporaryFile(_ contents: String, name: String = UUID().uuidString) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-\(name)")
  try Data(contents.utf8).write(to: url)
  return url
}

/// `count` ping requests, one per line, ids 1...count.
func pings(_ count: Int) -> String {
  (1...count).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"ping"}"# }.joined(separator: "\n") + "\n"
}

/// The worker over every kind of stdin and stdout, spawned as an orchestrator spawns it.
@Suite(.serialized)
struct TransportTests {
  /// A pipe: request in, reply out, exit 0 at end of input.
  @Test func pipeRoundTrip() async throws {
    let worker = try WorkerProcess(arguments: ["serve"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
    #expect(await worker.waitForLines(1) == [#"{"jsonrpc":"2.0","id":1,"result":{}}"#])
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
  }

  /// stdin a regular file (`csmigrate serve < requests.jsonl`): read with libuv's file API, not a pipe.
  @Test func regularFileInput() async throws {
    let file = try temporaryFile(pings(500))
    defer { try? FileManager.default.removeItem(at: file) }
    let worker = try WorkerProcess(arguments: ["serve"], stdin: try FileHandle(forReadingFrom: file))
    #expect(await worker.waitForExit() == 0)
    let ids = worker.allLines.compactMap { try? JSONParser.parse(Array($0.utf8))["id"]?.intValue }
    #expect(ids == Array(1...500))
  }

  /// stdin `/dev/null`: immediate end of input, no output, exit 0.
  @Test func devNullInput() async throws {
    let worker = try WorkerProcess(arguments: ["serve"], stdin: FileHandle(forReadingAtPath: "/dev/null"))
    #expect(await worker.waitForExit() == 0)
    #expect(worker.allLines.isEmpty)
  }

  /// stdout a regular file: every reply lands in it, in full.
  @Test func regularFileOutput() async throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-out-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: url) }
    let worker = try WorkerProcess(arguments: ["serve"], stdout: try FileHandle(forWritingTo: url))
    worker.write(pings(2_000))
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 2_000)
    #expect(lines.last == #"{"jsonrpc":"2.0","id":2000,"result":{}}"#)
  }

  /// A burst of 10,000 requests followed by EOF: every reply is flushed before exit 0.
  @Test func endOfInputFlushesBurst() async throws {
    let worker = try WorkerProcess(arguments: ["serve"])
    worker.write(pings(10_000))
    worker.closeInput()
    #expect(await worker.waitForExit(timeout: 60) == 0)
    let ids = Set(worker.allLines.compactMap { try? JSONParser.parse(Array($0.utf8))["id"]?.intValue })
    #expect(ids.count == 10_000)
    #expect(worker.allLines.count == 10_000)
  }

  /// A reader that goes away: the worker gets EPIPE, exits promptly and non-zero.
  @Test func closedStdoutEndsWorker() async throws {
    // No reader thread: closing a descriptor that a thread still reads would let that thread read whatever
    // pipe another test opens next under the same number.
    let worker = try WorkerProcess(arguments: ["serve"], readStdout: false)
    try worker.stdoutPipe?.fileHandleForReading.close()
    worker.write(pings(100))
    let status = await worker.waitForExit()
    #expect(status != nil && status != 0)
  }

  /// SIGTERM, SIGINT and SIGHUP: requests in flight finish and are answered, then exit 0.
  @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
  func signalDrainsGracefully(signalNumber: Int32) async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins", "diagnostics"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"diagnostics/slow","params":{"steps":3,"stepMilliseconds":100}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
    _ = await worker.waitForLines(1)
    worker.signal(signalNumber)
    #expect(await worker.waitForExit() == 0)
    let messages = worker.allLines.compactMap { try? JSONParser.parse(Array($0.utf8)) }
    #expect(messages.last?["result"]?["completedSteps"]?.intValue == 3)
  }

  /// A stray `print` in a plugin goes to stderr, never into the protocol stream.
  @Test func strayPrintGoesToStderr() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--plugins", "diagnostics"])
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"diagnostics/strayOutput","params":{}}"#)
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
    worker.closeInput()
    #expect(await worker.waitForExit() == 0)
    #expect(worker.allLines.count == 2)
    #expect(worker.allLines.allSatisfy { (try? JSONParser.parse(Array($0.utf8))) != nil })
    #expect(worker.standardError.contains("stray output from diagnostics/strayOutput"))
  }

  /// A client that never reads: once unread replies pass the high-water mark the worker starts no more handlers
  /// (the requests it has admitted wait), and it starts them again, answering every one, once the client reads.
  @Test func nonReadingClientStopsNewWork() async throws {
    let worker = try WorkerProcess(
      arguments: ["serve", "--plugins", "diagnostics", "--write-high-water-bytes", "65536", "--log-level", "debug"],
      readStdout: false)
    defer { worker.terminate() }
    let payload = String(repeating: "x", count: 16 * 1024)
    let count = 200
    // Written from a thread of its own: once the worker stops reading stdin, the writes block until it reads again.
    Thread.detachNewThread {
      for id in 0..<count {
        worker.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"diagnostics/echo","params":{"p":"\#(payload)"}}"#)
      }
    }
    #expect(await worker.waitForStandardError(containing: "holding new requests"))
    worker.startReadingStdout()
    let lines = await worker.waitForLines(count)
    #expect(lines.count == count)
    #expect(worker.standardError.contains("starting held requests"))
  }

  /// A reader that stops reading makes the worker stop reading stdin instead of buffering without bound.
  @Test func slowReaderPausesInput() async throws {
    let worker = try WorkerProcess(
      arguments: ["serve", "--write-high-water-bytes", "65536", "--log-level", "info"], readStdout: false)
    let requests = Array(pings(200_000).utf8)
    guard let fd = worker.stdinPipe?.fileHandleForWriting.fileDescriptor else {
      Issue.record("no stdin pipe")
      return
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    // Nobody reads stdout: its pipe fills, then the worker's queue, and then the worker must stop reading and say
    // so. Writing goes on until that event (a full pipe is re-checked whenever it has room again).
    var written = 0
    let paused = "stdin paused"
    while written < requests.count, !worker.standardError.contains(paused) {
      let count = requests[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if count > 0 {
        written += count
      } else {
        var request = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        _ = poll(&request, 1, 100)
      }
    }
    #expect(await worker.waitForStandardError(containing: paused), "\(worker.standardError)")
    #expect(written < requests.count, "the worker kept reading although nobody read its replies")
    // Once somebody reads, everything written so far is answered.
    worker.startReadingStdout()
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    let complete = requests[..<written].lastIndex(of: 0x0A).map { requests[...$0].filter { $0 == 0x0A }.count } ?? 0
    worker.write(bytes: Array(requests[written...]))
    worker.closeInput()
    #expect(await worker.waitForExit(timeout: 60) == 0)
    #expect(worker.allLines.count == 200_000)
    #expect(complete > 0)
  }
}
