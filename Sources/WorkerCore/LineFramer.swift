#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits a byte stream into newline-terminated JSON texts.
///
/// - `\n` ends a line, and one `\r` before it is dropped (CRLF clients).
/// - Lines holding only spaces, tabs or `\r` are skipped.
/// - The newline search runs only over bytes that arrived since the last call.
/// - A line longer than `maxLineBytes` is reported once as ``Event/oversized(byteCount:)`` and
///   skipped up to its newline without being held in memory whole.
///
/// Complete lines inside a chunk are handed out as views into that chunk, with no copy;
/// only a partial line at the end of a chunk is kept until its newline arrives.
public struct LineFramer {
  /// What the framer found.
  public enum Event {
    /// A complete line without its terminator; valid only during the callback.
    case line(UnsafeRawBufferPointer)
    /// A line longer than the limit was dropped; `byteCount` is how many bytes it had when it was cut.
    case oversized(byteCount: Int)
  }

  /// The largest line accepted, in bytes, not counting the terminator.
  public let maxLineBytes: Int
  private var partial: [UInt8] = []
  private var discarding = false
  private var discardedBytes = 0

  /// Makes a framer with the given line limit.
  public init(maxLineBytes: Int) {
    precondition(maxLineBytes > 0, "maxLineBytes must be positive")
    self.maxLineBytes = maxLineBytes
  }

  /// The number of bytes held for an unfinished line.
  public var bufferedByteCount: Int { partial.count }

  /// Whether the stream ended in the middle of a line (bytes after the last newline).
  public var hasUnterminatedLine: Bool { !partial.isEmpty || discarding }

  /// Feeds newly arrived bytes and reports each complete line or oversize event, in order.
  public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ onEvent: (Event) -> Void) {
    guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
    var start = 0
    let end = chunk.count
    while start < end {
      let remaining = end - start
      guard let found = memchr(base + start, 0x0A, remaining) else {
        absorbTail(UnsafeRawBufferPointer(start: base + start, count: remaining), onEvent)
        return
      }
      let newline = base.distance(to: UnsafeRawPointer(found))
      let piece = UnsafeRawBufferPointer(start: base + start, count: newline - start)
      finishLine(with: piece, onEvent)
      start = newline + 1
    }
  }

  /// Reports a final line that had no newline before end of input.
  public mutating func finish(_ onEvent: (Event) -> Void) {
    if discarding {
      onEvent(.oversized(byteCount: discardedBytes))
      discarding = false
      discardedBytes = 0
    } else if !partial.isEmpty {
      let line = partial
      partial = []
      line.withUnsafeBytes { emit($0, onEvent) }
    }
  }

  // MARK: - Internals

  /// Completes the current line with `piece` (the bytes before a newline).
  private mutating func finishLine(with piece: UnsafeRawBufferPointer, _ onEvent: (Event) -> Void) {
    if discarding {
      onEvent(.oversized(byteCount: discardedBytes + piece.count))
      discarding = false
      discardedBytes = 0
      return
    }
    if partial.isEmpty {
      emit(piece, onEvent)
      return
    }
    if partial.count + piece.count > maxLineBytes + 1 {
      onEvent(.oversized(byteCount: partial.count + piece.count))
      partial.removeAll(keepingCapacity: partial.capacity <= 65_536)
      return
    }
    partial.append(contentsOf: piece)
    let line = partial
    partial.removeAll(keepingCapacity: partial.capacity <= 65_536)
    line.withUnsafeBytes { emit($0, onEvent) }
  }

  /// Keeps bytes after the last newline of a chunk, or drops them when the line is already too long.
  private mutating func absorbTail(_ tail: UnsafeRawBufferPointer, _ onEvent: (Event) -> Void) {
    if discarding {
      discardedBytes += tail.count
      return
    }
    // One extra byte is allowed for a `\r` that may precede the newline.
    if partial.count + tail.count > maxLineBytes + 1 {
      discarding = true
      discardedBytes = partial.count + tail.count
      partial = []
      return
    }
    partial.append(contentsOf: tail)
  }

  /// Strips one trailing `\r`, skips blank lines and enforces the limit.
  private func emit(_ raw: UnsafeRawBufferPointer, _ onEvent: (Event) -> Void) {
    var line = raw
    if let last = line.last, last == 0x0D {
      line = UnsafeRawBufferPointer(rebasing: line.dropLast())
    }
    if line.count > maxLineBytes {
      onEvent(.oversized(byteCount: line.count))
      return
    }
    if Self.isBlank(line) { return }
    onEvent(.line(line))
  }

  private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
    for byte in line where byte != 0x20 && byte != 0x09 && byte != 0x0D {
      return false
    }
    return true
  }
}
