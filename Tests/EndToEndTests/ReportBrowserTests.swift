import Foundation
import Testing
import WorkerTestSupport

/// The sample estate's report in a real browser: headless Chromium renders it to a PNG and a PDF with no console
/// error and no network access; the PNG stays under `.build/report-artifacts/` to look at.
struct ReportBrowserTests {
  static let artifacts = packageRoot.appendingPathComponent(".build/report-artifacts")

  /// What one headless Chromium run printed on stderr, and its exit status.
  struct BrowserRun {
    let status: Int32
    let stderr: String

    /// Console messages Chromium logged for the page (`--enable-logging=stderr --v=0` prints each as `CONSOLE`),
    /// including the "Failed to load resource" a blocked fetch causes.
    var consoleMessages: [String] {
      stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") || $0.contains("CONSOLE(") }
    }
  }

  /// Runs headless Chromium on `page` with `output` (`--screenshot=...` or `--print-to-pdf=...`).
  ///
  /// Every host resolves to nothing, so a page that tried to fetch anything would log a console error.
  static func chromium(_ page: URL, _ output: String) async throws -> BrowserRun {
    guard
      let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      Issue.record("chromium is missing: run scripts/bootstrap")
      return BrowserRun(status: -1, stderr: "")
    }
    let profile = try temporaryDirectory("chromium-profile")
    defer { try? FileManager.default.removeItem(at: profile) }
    // Chromium leaves helper processes behind that would inherit the test process's pipes (other tests would
    // then wait for an end of file that never comes), so it starts through Python with every other fd closed.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c", "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:], close_fds=True))", binary,
      "--headless", "--no-zygote", "--disable-crash-reporter", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-extensions", "--hide-scrollbars",
      "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
      "--user-data-dir=\(profile.path)", "--window-size=1200,1600", output, page.absoluteString,
    ]
    // stderr goes to a file read after exit: a pipe would need a blocking read on one of the test pool's threads.
    let log = profile.appendingPathComponent("stderr.log")
    #expect(FileManager.default.createFile(atPath: log.path, contents: nil))
    let errors = try FileHandle(forWritingTo: log)
    defer { try? errors.close() }
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    return BrowserRun(status: status, stderr: String(decoding: try Data(contentsOf: log), as: UTF8.self))
  }

  @Test func theSampleReportRendersToAScreenshotAndAPDFWithoutConsoleErrors() async throws {
    try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
    let html = Self.artifacts.appendingPathComponent("sample-report.html")
    let run = try await CLIRun.run(["report", sampleEstate, "-o", html.path, "--root", packageRoot.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("1 target"))

    let png = Self.artifacts.appendingPathComponent("sample-report.png")
    try? FileManager.default.removeItem(at: png)
    let shot = try await Self.chromium(html, "--screenshot=\(png.path)")
    #expect(shot.status == 0)
    #expect(shot.consoleMessages == [])
    let pdf = Self.artifacts.appendingPathComponent("sample-report.pdf")
    try? FileManager.default.removeItem(at: pdf)
    let printed = try await Self.chromium(html, "--print-to-pdf=\(pdf.path)")
    #expect(printed.status == 0)
    #expect(printed.consoleMessages == [])
    let document = try Data(contentsOf: pdf)
    #expect(document.starts(with: Data("%PDF-".utf8)))
    #expect(document.count > 20_000, "a PDF with the report's pages, not an empty one")

    // Not blank: a page with content compresses far worse than a blank page of the same size.
    let blankPage = Self.artifacts.appendingPathComponent("blank.html")
    try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blankPage)
    let blankPNG = Self.artifacts.appendingPathComponent("blank.png")
    _ = try await Self.chromium(blankPage, "--screenshot=\(blankPNG.path)")
    let (reportBytes, blankBytes) = (try Data(contentsOf: png).count, try Data(contentsOf: blankPNG).count)
    #expect(blankBytes > 0)
    #expect(reportBytes > 10 * blankBytes, "screenshot \(reportBytes) bytes, blank page \(blankBytes) bytes")
  }

  /// The check above can fail: a page that logs to the console or fetches a URL is caught.
  @Test func theConsoleCheckCatchesAScriptErrorAndAFetch() async throws {
    let directory = try temporaryDirectory("report-browser")
    defer { try? FileManager.default.removeItem(at: directory) }
    let page = directory.appendingPathComponent("bad.html")
    try Data(
      "<!DOCTYPE html><html><body><img src=\"https://example.invalid/x.png\"><script>console.error('boom')</script></body></html>"
        .utf8
    ).write(to: page)
    let run = try await Self.chromium(page, "--screenshot=\(directory.appendingPathComponent("bad.png").path)")
    #expect(run.consoleMessages.contains { $0.contains("boom") })
  }
}
