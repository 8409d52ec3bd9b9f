#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The worker's private copies of stdin and stdout.
///
/// At start-up the real stdin and stdout are duplicated to private descriptors, fd 1 is
/// pointed at stderr and fd 0 at `/dev/null`. A stray `print` from any module then lands
/// in the log instead of corrupting the protocol stream, and nothing else can steal input.
struct StdioDescriptors {
  /// Where requests come from.
  let input: Int32
  /// Where replies go.
  let output: Int32

  /// Performs the swap once, at start-up, before anything writes to stdout.
  ///
  /// - Returns: `nil` when the descriptors cannot be duplicated (the caller exits with an error).
  static func takeOver() -> StdioDescriptors? {
    let input = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3)
    let output = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)
    guard output >= 0 else { return nil }
    guard dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else { return nil }
    let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
    if devNull >= 0 {
      if input >= 0 { _ = dup2(devNull, STDIN_FILENO) }
      _ = close(devNull)
    }
    return StdioDescriptors(input: input, output: output)
  }
}
