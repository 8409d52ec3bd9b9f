import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Reads `fd` until `enough` says the bytes suffice or the stream ends (or, as a safety net, `timeout` seconds
/// pass). A thread of its own blocks in `poll`, so the wait ends when the bytes arrive, not on a timer.
func readAvailable(
  _ fd: Int32, timeout: TimeInterval = 300, enough: @escaping @Sendable ([UInt8]) -> Bool
) async -> [UInt8] {
  let deadline = Date().addingTimeInterval(timeout)
  return await withCheckedContinuation { continuation in
    Thread.detachNewThread {
      var collected: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 4096)
      while !enough(collected) {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let remaining = Int32(clamping: Int(deadline.timeIntervalSinceNow * 1000))
        guard remaining > 0, poll(&request, 1, remaining) > 0 else { break }
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
          collected += buffer[0..<count]
        } else if count < 0, errno == EINTR || errno == EAGAIN {
          continue
        } else {
          break
        }
      }
      continuation.resume(returning: collected)
    }
  }
}

/// Writes all of `text` to `fd`.
func writeAll(_ fd: Int32, _ text: String) {
  let bytes = Array(text.utf8)
  var offset = 0
  while offset < bytes.count {
    let count = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    if count <= 0 { return }
    offset += count
  }
}

/// The replies in `bytes`, one per line.
func replies(in bytes: [UInt8]) -> [JSONValue] {
  bytes.split(separator: 0x0A).compactMap { try? JSONParser.parse(Array($0.filter { $0 != 0x0D })) }
}

/// stdin and stdout as a socket and as a terminal.
@Suite(.serialized)
struct TerminalAndSocketTests {
  /// One Unix socket serves as both stdin and stdout, as when a supervisor hands the worker a connection.
  @Test func socketAsStdinAndStdout() async throws {
    var fds: [Int32] = [-1, -1]
    #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
    let ours = fds[0]
    let theirs = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
    defer { close(ours) }
    let worker = try WorkerProcess(arguments: ["serve"], stdin: theirs, stdout: theirs)
    try theirs.close()
    writeAll(
      ours, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"# + "\n" + #"{"jsonrpc":"2.0","id":2,"method":"ping"}"# + "\n")
    shutdown(ours, Int32(SHUT_WR))
    #expect(await worker.waitForExit() == 0)
    let output = await readAvailable(ours) { _ in false }
    #expect(replies(in: output).compactMap { $0["id"]?.intValue } == [1, 2])
  }

  /// A pseudo-terminal as stdin and stdout, as when a person runs `csmigrate serve` by hand.
  @Test func terminalAsStdinAndStdout() async throws {
    // posix_openpt and friends are hidden from Swift's Glibc module; /dev/ptmx and two ioctls do the same.
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    try #require(master >= 0)
    defer { close(master) }
    var unlock: Int32 = 0
    var number: UInt32 = 0
    // Linux's generic ioctl numbers (_IOW('T', 0x31, int) and _IOR('T', 0x30, unsigned)); the macros are not imported.
    let unlockPTY: UInt = 0x4004_5431
    let ptyNumber: UInt = 0x8004_5430
    #expect(ioctl(master, unlockPTY, &unlock) == 0)
    #expect(ioctl(master, ptyNumber, &number) == 0)
    let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
    try #require(slave >= 0)
    var settings = termios()
    tcgetattr(slave, &settings)
    cfmakeraw(&settings)
    tcsetattr(slave, TCSANOW, &settings)
    let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
    let worker = try WorkerProcess(arguments: ["serve"], stdin: terminal, stdout: terminal)
    try terminal.close()
    writeAll(master, #"{"jsonrpc":"2.0","id":"tty","method":"ping"}"# + "\n")
    let first = await readAvailable(master) { !replies(in: $0).isEmpty }
    #expect(replies(in: first).first?["id"] == "tty")
    writeAll(
      master, #"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"# + "\n" + #"{"jsonrpc":"2.0","method":"exit"}"# + "\n")
    #expect(await worker.waitForExit() == 0)
  }
}
