import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `csmigrate prepare|abort|commit|status` on a ledger of their own.
struct CLILifecycleTests {
  let root = ["--root", packageRoot.path]

  @Test func prepareStatusCommit() async throws {
    let state = try temporaryDirectory("csmigrate-cli-state")
    defer { try? FileManager.default.removeItem(at: state) }
    let ledger = ["--state", state.path] + root

    let empty = try await CLIRun.run(["status"] + ledger)
    #expect(empty.status == 0)
    #expect(empty.stdout.contains("no targets"))

    let prepare = try await CLIRun.run(["prepare", soloEstate] + ledger)
    #expect(prepare.status == 0, "\(prepare.stderr)")
    #expect(prepare.stdout.hasPrefix("prepare deployment:contoso-jobs/Production: Prepared, 2 ARM resources"))

    let status = try await CLIRun.run(["status"] + ledger)
    #expect(status.status == 0)
    #expect(status.stdout.contains("deployment:contoso-jobs/Production  Prepared"))
    #expect(status.stdout.contains("role JobRunner  Prepared"))

    let refused = try await CLIRun.run(["commit"] + ledger)
    #expect(refused.status == 2, "no terminal and no --yes")
    #expect(refused.stderr.contains("--yes"))
    #expect(refused.stdout.isEmpty)
    let still = try await CLIRun.run(["status", "--format", "json"] + ledger)
    #expect(still.json?["targets"]?.arrayValue?.first?["state"] == "Prepared")

    let commit = try await CLIRun.run(["commit", "--target", "contoso-jobs", "--yes"] + ledger)
    #expect(commit.status == 0, "\(commit.stderr)")
    #expect(commit.stdout.hasPrefix("commit deployment:contoso-jobs/Production: Committed"))

    let again = try await CLIRun.run(["commit", "--yes", "--format", "json"] + ledger)
    #expect(again.status == 0)
    #expect(again.json?["changed"] == false)
    #expect(again.json?["state"] == "Committed")

    let abort = try await CLIRun.run(["abort"] + ledger)
    #expect(abort.status == 1)
    #expect(abort.stderr.contains(#""code":2000"#))
    #expect(abort.stderr.contains("Abort is no longer allowed after commit attempts."))
  }

  /// `report --state DIR` shows each target's ledger state and its operations; without `--state`, no ledger.
  @Test func reportShowsTheLedgerOnlyWithState() async throws {
    let state = try temporaryDirectory("csmigrate-cli-state")
    defer { try? FileManager.default.removeItem(at: state) }
    let ledger = ["--state", state.path] + root
    #expect(try await CLIRun.run(["prepare", soloEstate] + ledger).status == 0)

    let withState = state.appendingPathComponent("with-state.html")
    let run = try await CLIRun.run(["report", soloEstate, "-o", withState.path] + ledger)
    #expect(run.status == 0, "\(run.stderr)")
    let page = try String(contentsOf: withState, encoding: .utf8)
    #expect(page.contains("<h3>Lifecycle</h3><p>State <strong>Prepared</strong>"))
    #expect(page.contains("<td>prepare</td><td>started</td>"))
    #expect(page.contains("<td>prepare</td><td>succeeded</td>"))

    let withoutState = state.appendingPathComponent("without-state.html")
    let plain = try await CLIRun.run(["report", soloEstate, "-o", withoutState.path] + root)
    #expect(plain.status == 0, "\(plain.stderr)")
    let plainPage = try String(contentsOf: withoutState, encoding: .utf8)
    #expect(plainPage.contains("<h3>ARM plan</h3>"))
    #expect(!plainPage.contains("<h3>Lifecycle</h3>"))
  }

  @Test func prepareWithBlockersIsAJSONRPCError() async throws {
    let state = try temporaryDirectory("csmigrate-cli-state")
    defer { try? FileManager.default.removeItem(at: state) }
    let run = try await CLIRun.run(["prepare", sampleEstate, "--state", state.path] + root)
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains(#""code":2002"#))
    let status = try await CLIRun.run(["status", "--vnet", "contoso-vnet", "--state", state.path] + root)
    #expect(status.stdout.contains("virtualNetwork:contoso-vnet  PrepareFailed"))
  }

  @Test func noTargetIsAUsageError() async throws {
    let run = try await CLIRun.run(["prepare", "--state", ":memory:"] + root)
    #expect(run.status == 2)
    #expect(run.stderr.contains("no target"))
  }

  /// On a terminal, commit asks and goes ahead only after `yes`.
  @Test func commitAsksOnATerminal() async throws {
    let state = try temporaryDirectory("csmigrate-cli-state")
    defer { try? FileManager.default.removeItem(at: state) }
    let ledger = ["--state", state.path] + root
    #expect(try await CLIRun.run(["prepare", soloEstate] + ledger).status == 0)

    for (answer, expected) in [("no", Int32(2)), ("yes", Int32(0))] {
      let (master, slave) = try openTerminal()
      defer { close(master) }
      let commit = try WorkerProcess(arguments: ["commit"] + ledger, stdin: slave)
      try slave.close()
      let asked = await commit.waitForStandardError(containing: "Type yes to continue")
      #expect(asked, "\(commit.standardError)")
      writeAll(master, answer + "\n")
      #expect(await commit.waitForExit(timeout: 120) == expected, "\(commit.standardError)")
      if expected == 0 {
        #expect(commit.allLines.first?.hasPrefix("commit deployment:contoso-jobs/Production: Committed") == true)
      } else {
        #expect(commit.standardError.contains("commit cancelled; nothing changed"))
      }
    }
  }

  /// A pseudo-terminal: the master descriptor and the slave end as a file handle.
  func openTerminal() throws -> (Int32, FileHandle) {
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    try #require(master >= 0)
    var unlock: Int32 = 0
    var number: UInt32 = 0
    // _IOW('T', 0x31, int) and _IOR('T', 0x30, unsigned): unlockpt and ptsname, whose macros Swift doesn't import.
    #expect(ioctl(master, UInt(0x4004_5431), &unlock) == 0)
    #expect(ioctl(master, UInt(0x8004_5430), &number) == 0)
    let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
    try #require(slave >= 0)
    return (master, FileHandle(fileDescriptor: slave, closeOnDealloc: true))
  }
}
