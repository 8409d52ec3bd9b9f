import ArgumentParser
import Testing

@testable import csmigrate

/// `serve`'s fast argument path reads a command line exactly as ArgumentParser does, or leaves it to ArgumentParser.
struct ServeArgumentsTests {
  /// Plain, valid command lines: the fast path's settings are ArgumentParser's.
  @Test(arguments: [
    ["serve"],
    ["serve", "--root", "/"],
    ["serve", "--root=/", "--plugins", "all", "--state", ":memory:"],
    ["serve", "--plugins=-gateways", "--log-level", "debug", "--max-in-flight", "+7"],
    [
      "serve", "--max-message-bytes", "4096", "--max-reply-bytes=2048", "--write-high-water-bytes", "65536",
      "--max-file-bytes", "2048", "--max-estate-bytes=4096", "--lifecycle-step-delay-ms", "5", "--state", "ledger",
    ],
  ])
  func fastPathReadsWhatArgumentParserReads(arguments: [String]) throws {
    let fast = try #require(ServeArguments.parse(arguments))
    let general = try #require(try CSMigrateCommand.parseAsRoot(arguments) as? ServeCommand)
    #expect(fast == general.settings)
    #expect(fast != ServeSettings() || arguments == ["serve"])
  }

  /// Everything else goes to ArgumentParser: help, other commands, unknown, repeated, missing or refused values.
  @Test(arguments: [
    [], ["validate", "estate.json"], ["serve", "--help"], ["serve", "-h"], ["serve", "extra"],
    ["serve", "--no-such-flag", "1"], ["serve", "--root"], ["serve", "--root="],
    ["serve", "--root", "/", "--root", "/"],
    ["serve", "--root", "/no/such/directory"], ["serve", "--plugins", "-gateways"],
    ["serve", "--max-in-flight", "many"],
    ["serve", "--max-in-flight", "0"], ["serve", "--max-message-bytes=8"], ["serve", "--log-level", "loud"],
    ["serve", "--max-file-bytes", "10"],
  ])
  func otherCommandLinesTakeTheGeneralPath(arguments: [String]) {
    #expect(ServeArguments.parse(arguments) == nil)
  }

  /// The checks the fast path applies are ArgumentParser's: each refused value fails `validate()` with that text.
  @Test(arguments: [
    (["serve", "--max-in-flight", "0"], "--max-in-flight must be at least 1"),
    (["serve", "--log-level", "loud"], "--log-level must be one of"),
    (["serve", "--max-file-bytes", "10"], "--max-file-bytes must be at least 1024"),
    (["serve", "--root", "/no/such/directory"], "--root must be an existing directory"),
  ])
  func refusedValuesAreArgumentParsersUsageErrors(arguments: [String], message: String) {
    #expect(throws: (any Error).self) { try CSMigrateCommand.parseAsRoot(arguments) }
    do {
      _ = try CSMigrateCommand.parseAsRoot(arguments)
    } catch {
      #expect(CSMigrateCommand.message(for: error).contains(message))
    }
  }

  /// Plain `call` lines: the fast path's settings are ArgumentParser's.
  @Test(arguments: [
    ["call", "ping"],
    ["call", "estate/load", "--params", "{\"path\":\"e.json\"}", "--root", "/"],
    ["call", "validation/run", "--params=-", "--plugins=-gateways", "--state", ":memory:", "--log-level", "debug"],
    ["call", "ping", "--max-file-bytes", "2048", "--max-estate-bytes=4096", "--lifecycle-step-delay-ms", "3"],
  ])
  func callFastPathReadsWhatArgumentParserReads(arguments: [String]) throws {
    let fast = try #require(CallArguments.parse(arguments))
    let general = try #require(try CSMigrateCommand.parseAsRoot(arguments) as? CallCommand)
    #expect(fast == general.settings)
  }

  /// Other `call` lines go to ArgumentParser.
  @Test(arguments: [
    ["call"], ["call", "--params", "{}", "ping"], ["call", "ping", "extra"], ["call", "ping", "--help"],
    ["call", "ping", "--params", "-"], ["call", "ping", "--params", "{}", "--params", "{}"],
    ["call", "ping", "--max-in-flight", "2"], ["call", "ping", "--root", "/no/such/directory"],
    ["call", "ping", "--max-file-bytes", "x"], ["serve"],
  ])
  func otherCallLinesTakeTheGeneralPath(arguments: [String]) {
    #expect(CallArguments.parse(arguments) == nil)
  }
}
