import Testing
import WorkerCore

/// What a framer produced, copied out of the callback.
enum Framed: Equatable {
  case line(String)
  case oversized(Int)
}

/// Feeds `input` to a framer in chunks of `chunkSize` and collects every event, including the final flush.
func frame(_ input: [UInt8], chunkSize: Int, maxLineBytes: Int = 64, finish: Bool = true) -> [Framed] {
  var framer = LineFramer(maxLineBytes: maxLineBytes)
  var events: [Framed] = []
  let collect: (LineFramer.Event) -> Void = { event in
    switch event {
    case .line(let bytes): events.append(.line(String(decoding: bytes, as: UTF8.self)))
    case .oversized(let count): events.append(.oversized(count))
    }
  }
  var start = 0
  while start < input.count {
    let end = min(start + chunkSize, input.count)
    let chunk = Array(input[start..<end])
    chunk.withUnsafeBytes { framer.feed($0, collect) }
    start = end
  }
  if finish { framer.finish(collect) }
  return events
}

struct LineFramerTests {
  static let chunkSizes = [1, 2, 3, 5, 7, 16, 64, 1024]

  /// Every chunking of the same stream gives the same lines, byte by byte included.
  @Test(arguments: chunkSizes)
  func splitsLinesAtAnyChunkBoundary(chunkSize: Int) {
    let input = Array("{\"a\":1}\n{\"b\":2}\r\n\n   \n{\"c\":\"x y\"}\n".utf8)
    #expect(frame(input, chunkSize: chunkSize) == [.line("{\"a\":1}"), .line("{\"b\":2}"), .line("{\"c\":\"x y\"}")])
  }

  /// CRLF loses exactly one CR; a CR inside the line stays.
  @Test func stripsOneCarriageReturn() {
    let input = Array("a\r\r\nb\r\n".utf8)
    #expect(frame(input, chunkSize: 1) == [.line("a\r"), .line("b")])
  }

  /// A last line without a newline is still delivered at end of input.
  @Test(arguments: chunkSizes)
  func deliversUnterminatedLastLine(chunkSize: Int) {
    #expect(frame(Array("one\ntwo".utf8), chunkSize: chunkSize) == [.line("one"), .line("two")])
    #expect(frame(Array("one\ntwo".utf8), chunkSize: chunkSize, finish: false) == [.line("one")])
  }

  /// An over-long line is reported once with its size and skipped; the next line is intact.
  @Test(arguments: chunkSizes)
  func skipsOverlongLine(chunkSize: Int) {
    let long = String(repeating: "x", count: 200)
    let input = Array("ok1\n\(long)\nok2\n".utf8)
    let events = frame(input, chunkSize: chunkSize, maxLineBytes: 64)
    #expect(events.count == 3)
    #expect(events.first == .line("ok1"))
    #expect(events.last == .line("ok2"))
    guard case .oversized(let count) = events[1] else {
      Issue.record("expected an oversize event, got \(events[1])")
      return
    }
    #expect(count >= 65)
  }

  /// A line of exactly the limit passes; one byte more does not.
  @Test func limitIsInclusive() {
    let exact = String(repeating: "y", count: 64)
    #expect(frame(Array("\(exact)\n".utf8), chunkSize: 7) == [.line(exact)])
    #expect(frame(Array("\(exact)\r\n".utf8), chunkSize: 7) == [.line(exact)])
    #expect(frame(Array("\(exact)y\n".utf8), chunkSize: 7) == [.oversized(65)])
  }

  /// An over-long line is never held whole: the buffer stays under the limit while it streams in.
  @Test func doesNotBufferOverlongLine() {
    var framer = LineFramer(maxLineBytes: 100)
    var oversized = 0
    let chunk = [UInt8](repeating: 0x61, count: 1000)
    for _ in 0..<1000 {
      chunk.withUnsafeBytes { framer.feed($0) { if case .oversized = $0 { oversized += 1 } } }
      #expect(framer.bufferedByteCount <= 101)
    }
    Array("\nnext\n".utf8).withUnsafeBytes { bytes in
      framer.feed(bytes) { if case .oversized = $0 { oversized += 1 } }
    }
    #expect(oversized == 1)
  }

  /// An over-long line cut off by end of input is still reported.
  @Test func reportsOverlongLineAtEndOfInput() {
    let input = [UInt8](repeating: 0x61, count: 500)
    #expect(frame(input, chunkSize: 50, maxLineBytes: 64) == [.oversized(500)])
  }

  /// Garbage followed by a valid line: framing does not judge content.
  @Test func framesGarbageLikeAnythingElse() {
    let input: [UInt8] = [0xFF, 0xFE, 0x00, 0x0A] + Array("{}\n".utf8)
    let events = frame(input, chunkSize: 1)
    #expect(events.count == 2)
    #expect(events.last == .line("{}"))
  }
}
