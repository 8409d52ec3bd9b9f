import Foundation
import WorkerProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// What the command line knows about its terminal: whether to indent, colour and draw progress.
///
/// Colour and the progress bar appear only on a terminal, and colour never when `NO_COLOR` is set to a non-empty
/// value (https://no-color.org) or `TERM` is `dumb`.
struct Terminal: Sendable {
  let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
  let stderrIsTerminal = isatty(STDERR_FILENO) == 1
  let colour = isatty(STDERR_FILENO) == 1 && Terminal.colourAllowed(ProcessInfo.processInfo.environment)
  /// Whether text on stdout may carry colour: stdout is a terminal and the environment allows colour.
  let stdoutColour = isatty(STDOUT_FILENO) == 1 && Terminal.colourAllowed(ProcessInfo.processInfo.environment)
  /// Whether stdin is a terminal, so a question can be asked.
  let stdinIsTerminal = isatty(STDIN_FILENO) == 1

  /// Whether the environment allows colour: `NO_COLOR` unset or empty, and `TERM` not `dumb`.
  static func colourAllowed(_ environment: [String: String]) -> Bool {
    (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
  }

  /// Draws a one-line progress bar on stderr from `notifications/progress` params.
  func showProgress(_ params: JSONValue) {
    let done = params["progress"]?.doubleValue ?? 0
    let total = params["total"]?.doubleValue
    let message = params["message"]?.stringValue ?? ""
    var line = "\r\u{1B}[2K"
    if let total, total > 0 {
      let width = 24
      let filled = min(width, Int(Double(width) * done / total))
      line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
    }
    line += message
    FileHandle.standardError.write(Data(line.utf8))
  }

  /// Removes the progress line.
  func clearProgress() {
    if stderrIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
  }

  /// Prints a JSON-RPC error object on stderr, with a red "error:" on a colour terminal.
  func printError(_ error: JSONValue, message: String) {
    let label = colour ? "\u{1B}[31merror:\u{1B}[0m" : "error:"
    let body = stderrIsTerminal ? error.prettyText() : error.jsonText
    FileHandle.standardError.write(Data("\(label) \(message)\n\(body)\n".utf8))
  }
}
