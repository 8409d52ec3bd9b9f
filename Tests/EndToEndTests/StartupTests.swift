import Foundation
import Testing
import WorkerTestSupport

@testable import csmigrate

/// What the executable does before its first reply: how it is linked (see Package.swift's
/// `executableLinkerSettings` and bench/README.md, "Start-up (round 2, second pass)").
struct StartupTests {
  /// The ELF header's `e_type` of the built binary: 2 (`ET_EXEC`) for a position-dependent executable, 3
  /// (`ET_DYN`) for a position-independent one.
  static func elfType(of url: URL) throws -> UInt16 {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    let header = try #require(try handle.read(upToCount: 18))
    try #require(header.count == 18 && header.starts(with: [0x7F, 0x45, 0x4C, 0x46]), "not an ELF file: \(url.path)")
    return UInt16(header[16]) | UInt16(header[17]) << 8
  }

  /// Every build stays position-independent (the program keeps address randomisation); a release build packs its
  /// relative relocations (DT_RELR) and exports nothing, so the loader does little for it at start.
  @Test func executableIsPositionIndependent() throws {
    #expect(try Self.elfType(of: WorkerProcess.executableURL) == 3)
    #if !DEBUG
      let dynamic = try Self.dynamicSection(of: WorkerProcess.executableURL)
      #expect(dynamic.contains("(RELR)"), "no packed relative relocations:\n\(dynamic)")
    #endif
  }

  /// libxml2 and libcrypto are opened on first use (Sources/CLibraryLoader), so neither they nor libssl are
  /// DT_NEEDED: the loader maps and binds none of them (nor libxml2's ICU, zlib and lzma) before `main`.
  @Test func xmlAndCryptoLibrariesAreNotLinked() throws {
    let dynamic = try Self.dynamicSection(of: WorkerProcess.executableURL)
    #expect(dynamic.contains("(NEEDED)") && dynamic.contains("[libc.so.6]"), "not a dynamic section:\n\(dynamic)")
    for library in ["libxml2.", "libcrypto.", "libssl.", "libicu"] {
      #expect(!dynamic.contains("[\(library)"), "\(library) is linked:\n\(dynamic)")
    }
  }

  /// `readelf -d` of the built binary (its dynamic section, one tag per line).
  static func dynamicSection(of url: URL) throws -> String {
    let readelf = Process()
    readelf.executableURL = URL(fileURLWithPath: "/usr/bin/readelf")
    readelf.arguments = ["-d", url.path]
    let output = Pipe()
    readelf.standardOutput = output
    try readelf.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    readelf.waitUntilExit()
    return text
  }

  /// `--plugins` items are trimmed by index loops (no generic look-ups at start); they trim exactly what the
  /// general `trimmingPrefix(while:)` and `reversed().drop(while:)` chain trims.
  @Test(arguments: [
    "", " ", "all", " all ", "\t+diagnostics\n", "-gateways  ", "  ", "a b", " a\u{00A0}b\u{2003}", "\u{3000}x\u{3000}",
    "\r\n-report\r\n",
  ])
  func pluginItemsAreTrimmedAsBefore(_ text: String) {
    let item = Substring(text)
    let general = String(item.trimmingPrefix(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    #expect(String(PluginSelection.trimmed(item)) == general)
  }

  /// The same on slices of a longer line, as `--plugins` hands them over (indices not starting at zero).
  @Test func pluginItemsInsideALineAreTrimmedAsBefore() {
    for item in " all , -gateways,+diagnostics ,, \t-report".split(separator: ",", omittingEmptySubsequences: false) {
      let general = String(item.trimmingPrefix(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
      #expect(String(PluginSelection.trimmed(item)) == general)
    }
  }
}
