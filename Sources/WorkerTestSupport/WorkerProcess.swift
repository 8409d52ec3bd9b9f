public import Foundation
public import WorkerProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// The built `csmigrate` binary, spawned the way an orchestrator spawns it.
///
/// stdin and stdout are pipes unless the caller supplies file handles; stderr is captured.
/// stdout and stderr are drained by dedicated threads with blocking reads, and every wait suspends the task until
/// the awaited output or exit arrives (never for a fixed time), so tests never starve the shared pool.
public final class WorkerProcess: @unchecked Sendable {
  // @unchecked: the collected output is guarded by `lock`.
  public let process = Process()
  /// The pipe feeding the worker's stdin, when the harness owns it.
  public let stdinPipe: Pipe?
  /// The pipe carrying the worker's stdout, when the harness owns it.
  public let stdoutPipe: Pipe?
  private let stderrPipe = Pipe.closedOnExec()
  private let lock = NSLock()
  private var lines: [String] = []
  private var partial: [UInt8] = []
  private var stdoutClosed = false
  private var readingStdout = false
  private var stderrData = Data()
  private var stderrClosed = false
  private var readingPaused = false
  /// Signalled on every stdout line, stderr chunk, closed stream and the process's exit.
  private let changes = ChangeNotifier()

  /// The path of the built executable, found next to the test bundle.
  public static var executableURL: URL {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("csmigrate"),
      Bundle.main.bundleURL.appendingPathComponent("csmigrate"),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("csmigrate"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
  }

  /// Spawns `csmigrate` with `arguments`.
  ///
  /// - Parameters:
  ///   - stdin: a file handle to use as stdin instead of a pipe.
  ///   - stdout: a file handle to use as stdout instead of a pipe.
  ///   - readStdout: whether to drain stdout from the start (tests of a stalled reader pass `false`).
  ///   - environment: variables set for this worker only, over the test process's own environment.
  public init(
    arguments: [String], stdin: FileHandle? = nil, stdout: FileHandle? = nil, readStdout: Bool = true,
    environment: [String: String] = [:]
  ) throws {
    process.executableURL = Self.executableURL
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, own in own }
    }
    if let stdin {
      process.standardInput = stdin
      stdinPipe = nil
    } else {
      let pipe = Pipe.closedOnExec()
      process.standardInput = pipe
      stdinPipe = pipe
    }
    if let stdout {
      process.standardOutput = stdout
      stdoutPipe = nil
    } else {
      let pipe = Pipe.closedOnExec()
      process.standardOutput = pipe
      stdoutPipe = pipe
    }
    process.standardError = stderrPipe
    let changes = changes
    process.terminationHandler = { _ in changes.signal() }
    try process.run()
    if let stdoutPipe, readStdout { startReadingStdout(stdoutPipe) }
    let stderrFD = stderrPipe.fileHandleForReading.fileDescriptor
    Thread.detachNewThread { [self] in
      Self.drain(stderrFD) { chunk in
        lock.lock()
        stderrData.append(contentsOf: chunk)
        lock.unlock()
        changes.signal()
      }
      lock.lock()
      stderrClosed = true
      lock.unlock()
      changes.signal()
    }
  }

  /// Starts draining stdout (when it was not started at spawn).
  public func startReadingStdout() {
    if let stdoutPipe { startReadingStdout(stdoutPipe) }
  }

  private func startReadingStdout(_ pipe: Pipe) {
    locked { readingStdout = true }
    let fd = pipe.fileHandleForReading.fileDescriptor
    Thread.detachNewThread { [self] in
      Self.drain(fd) { chunk in absorbStdout(chunk) }
      lock.lock()
      stdoutClosed = true
      lock.unlock()
      changes.signal()
    }
  }

  /// Reads `fd` until end of file, handing each chunk to `body`.
  private static func drain(_ fd: Int32, _ body: ([UInt8]) -> Void) {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count > 0 {
        body(Array(buffer[0..<count]))
      } else if count < 0, errno == EINTR {
        continue
      } else {
        return
      }
    }
  }

  /// Writes raw text to stdin (add the newline yourself).
  public func write(_ text: String) { write(bytes: Array(text.utf8)) }

  /// Writes raw bytes to stdin; a worker that has exited is not an error here.
  public func write(bytes: [UInt8]) {
    guard let fd = stdinPipe?.fileHandleForWriting.fileDescriptor else { return }
    var offset = 0
    while offset < bytes.count {
      let count = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if count > 0 {
        offset += count
      } else if count < 0, errno == EINTR {
        continue
      } else {
        return
      }
    }
  }

  /// Writes one JSON-RPC line.
  public func send(_ line: String) { write(line + "\n") }

  /// Closes stdin: end of input for the worker.
  public func closeInput() {
    try? stdinPipe?.fileHandleForWriting.close()
  }

  /// Waits until `count` lines arrived on stdout or it closed (or, as a safety net, `timeout` seconds passed);
  /// returns all lines so far.
  public func waitForLines(_ count: Int, timeout: TimeInterval = 300) async -> [String] {
    _ = await changes.wait(timeout: timeout) { locked { lines.count >= count || stdoutClosed } }
    return allLines
  }

  /// Waits until stderr holds `text` or closed (or `timeout` seconds passed); whether it holds `text`.
  public func waitForStandardError(containing text: String, timeout: TimeInterval = 300) async -> Bool {
    _ = await changes.wait(timeout: timeout) { locked { stderrClosed } || standardError.contains(text) }
    return standardError.contains(text)
  }

  /// Waits for `count` lines and parses each as JSON.
  public func waitForMessages(_ count: Int, timeout: TimeInterval = 300) async -> [JSONValue] {
    await waitForLines(count, timeout: timeout).compactMap { try? JSONParser.parse(Array($0.utf8)) }
  }

  /// Waits for the process to exit and stdout to close; returns the exit status, or `nil` when it was still
  /// running after `timeout` seconds (a safety net).
  public func waitForExit(timeout: TimeInterval = 300) async -> Int32? {
    let exited = await changes.wait(timeout: timeout) {
      !process.isRunning && (!locked { readingStdout } || locked { stdoutClosed })
    }
    guard exited else { return nil }
    // stderr is read by its own thread: wait for its end of file too, so `standardError` is complete. (Bounded:
    // a process spawned at the same moment elsewhere may hold a copy of the pipe's write end until it execs.)
    _ = await changes.wait(timeout: 10) { locked { stderrClosed } }
    return process.terminationStatus
  }

  /// Every stdout line so far.
  public var allLines: [String] { locked { lines } }

  /// Every stdout line so far, parsed.
  public var allMessages: [JSONValue] { allLines.compactMap { try? JSONParser.parse(Array($0.utf8)) } }

  /// Everything written to stderr so far.
  public var standardError: String { locked { String(decoding: stderrData, as: UTF8.self) } }

  /// Sends a signal to the worker.
  public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

  /// Kills the worker if it is still running.
  public func terminate() {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  deinit { terminate() }

  private func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }

  private func absorbStdout(_ data: [UInt8]) {
    lock.lock()
    defer { lock.unlock() }
    partial.append(contentsOf: data)
    var start = partial.startIndex
    for index in partial.indices where partial[index] == 0x0A {
      lines.append(String(decoding: partial[start..<index], as: UTF8.self))
      start = index + 1
    }
    partial.removeSubrange(..<start)
    changes.signal()
  }
}

extension Pipe {
  /// A pipe whose two ends are not inherited by programs other tests start meanwhile.
  ///
  /// Tests run side by side in one process, and a child spawned by another test could otherwise keep a copy of
  /// this pipe's ends: a worker would then never see end of input, or never get `EPIPE` from a reader that
  /// closed its end. The child this pipe is meant for still gets it, as its stdio (`dup2` clears the flag).
  public static func closedOnExec() -> Pipe {
    let pipe = Pipe()
    for handle in [pipe.fileHandleForReading, pipe.fileHandleForWriting] {
      let descriptor = handle.fileDescriptor
      _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
    }
    return pipe
  }
}
