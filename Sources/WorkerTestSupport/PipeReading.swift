public import Foundation

extension FileHandle {
  /// Reads until end of file on a thread of its own, so a long-running child process never holds one of the
  /// few threads Swift concurrency runs every test's tasks on (on two cores, two such reads stall the suite).
  public func readToEndOffPool() async -> Data {
    await withCheckedContinuation { continuation in
      let thread = Thread { continuation.resume(returning: self.readDataToEndOfFile()) }
      thread.start()
    }
  }
}
