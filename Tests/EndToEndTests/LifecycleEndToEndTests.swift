import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The lifecycle through real worker processes sharing a state directory: crash recovery and racing workers.
@Suite(.serialized)
struct LifecycleEndToEndTests {
  /// An estate document with `count` cloud services in VNet `big-vnet`, as one JSON line.
  ///
  /// Each service has one worker role in the VNet's `apps` subnet, so the whole VNet validates without errors.
  static func largeEstate(_ count: Int) -> String {
    let netcfg =
      #"<NetworkConfiguration xmlns=\"http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration\">"#
      + #"<VirtualNetworkConfiguration><VirtualNetworkSites><VirtualNetworkSite name=\"big-vnet\" Location=\"West Europe\">"#
      + #"<AddressSpace><AddressPrefix>10.0.0.0/8</AddressPrefix></AddressSpace><Subnets><Subnet name=\"apps\">"#
      + #"<AddressPrefix>10.1.0.0/16</AddressPrefix></Subnet></Subnets></VirtualNetworkSite></VirtualNetworkSites>"#
      + #"</VirtualNetworkConfiguration></NetworkConfiguration>"#
    let services = (0..<count).map { index -> String in
      let name = String(format: "svc-%03d", index)
      let csdef =
        #"<ServiceDefinition name=\"\#(name)\" xmlns=\"http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition\">"#
        + #"<WorkerRole name=\"Worker\" vmsize=\"Standard_A1_v2\"/></ServiceDefinition>"#
      let cscfg =
        #"<ServiceConfiguration serviceName=\"\#(name)\" xmlns=\"http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration\">"#
        + #"<Role name=\"Worker\"><Instances count=\"1\"/></Role><NetworkConfiguration><VirtualNetworkSite name=\"big-vnet\"/>"#
        + #"<AddressAssignments><InstanceAddress roleName=\"Worker\"><Subnets><Subnet name=\"apps\"/></Subnets>"#
        + #"</InstanceAddress></AddressAssignments></NetworkConfiguration></ServiceConfiguration>"#
      return #"{"name":"\#(name)","region":"West Europe","deployments":{"production":{"name":"\#(name)-prod","#
        + #""status":"Running","csdef":{"inline":"\#(csdef)"},"cscfg":{"inline":"\#(cscfg)"}}}}"#
    }
    return #"{"version":1,"subscription":{"id":"sub-1"},"netcfg":{"inline":"\#(netcfg)"},"#
      + #""services":[\#(services.joined(separator: ","))]}"#
  }

  static let target = #"{"virtualNetwork":"big-vnet"}"#

  static func stateDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A worker on `state`; with `holdAfterSteps`, each lifecycle operation stops after that many steps until its
  /// request is cancelled (or the worker killed), so the tests act mid-operation on an event, not a time window.
  static func worker(_ state: URL, holdAfterSteps: Int? = nil) throws -> WorkerProcess {
    try WorkerProcess(
      arguments: ["serve", "--state", state.path]
        + (holdAfterSteps.map { ["--lifecycle-hold-after-steps", String($0)] } ?? []))
  }

  /// Waits for the reply to `id`.
  static func reply(_ worker: WorkerProcess, id: String, timeout: TimeInterval = 120) async -> JSONValue? {
    var wanted = 1
    while true {
      let messages = await worker.waitForMessages(wanted, timeout: timeout)
      if let found = messages.first(where: { $0["id"] == .string(id) }) { return found }
      if messages.count < wanted { return nil }
      wanted = messages.count + 1
    }
  }

  /// Waits until `count` progress notifications arrived.
  static func progress(_ worker: WorkerProcess, atLeast count: Int) async -> Int {
    var wanted = count
    while true {
      let messages = await worker.waitForMessages(wanted, timeout: 120)
      let seen = messages.filter { $0["method"] == "notifications/progress" }.count
      if seen >= count || messages.count < wanted { return seen }
      wanted = messages.count + 1
    }
  }

  /// How many `Microsoft.Compute/cloudServices` resources the ledger's ARM side holds.
  static func cloudServiceCount(_ worker: WorkerProcess, id: String) async -> Int {
    let arm = await call(worker, id, "arm/list", "{}")
    return arm?["result"]?["resources"]?.arrayValue?.filter { $0["type"] == "Microsoft.Compute/cloudServices" }.count
      ?? -1
  }

  static func call(_ worker: WorkerProcess, _ id: String, _ method: String, _ params: String) async -> JSONValue? {
    worker.send(#"{"jsonrpc":"2.0","id":"\#(id)","method":"\#(method)","params":\#(params)}"#)
    return await reply(worker, id: id)
  }

  /// kill -9 mid-Prepare of a large VNet: a new worker finds a consistent ledger and the Prepare retryable.
  @Test func crashMidPrepareIsRecoverable() async throws {
    let state = try Self.stateDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let services = 120
    let first = try Self.worker(state, holdAfterSteps: 10)
    let imported = await Self.call(
      first, "i", "estate/import", #"{"estate":{"document":\#(Self.largeEstate(services))}}"#)
    #expect(imported?["result"]?["cloudServices"]?.intValue == services)
    first.send(
      #"{"jsonrpc":"2.0","id":"p","method":"migration/prepare","params":{"target":\#(Self.target),"_meta":{"progressToken":1}}}"#
    )
    // Ten steps done, then Prepare holds: the kill lands mid-operation whatever the machine's speed.
    let seen = await Self.progress(first, atLeast: 10)
    #expect(seen == 10)
    kill(first.process.processIdentifier, SIGKILL)
    _ = await first.waitForExit()
    #expect(!first.allLines.contains { $0.contains(#""id":"p","result""#) }, "Prepare finished before the kill")

    let second = try Self.worker(state)
    let status = await Self.call(second, "s", "migration/status", #"{"target":\#(Self.target)}"#)
    let interrupted = status?["result"]?["targets"]?.arrayValue?.first
    #expect(interrupted?["state"] == "Preparing")
    // Consistent: exactly the services whose step was logged have ARM resources and are Prepared.
    let armCount = await Self.cloudServiceCount(second, id: "a")
    let history = await Self.call(second, "h", "migration/history", #"{"target":\#(Self.target)}"#)
    let steps = history?["result"]?["operations"]?.arrayValue?.filter { $0["operation"] == "prepare.step" }.count
    #expect(armCount == steps)
    #expect(armCount == 10)
    let prepared = interrupted?["deployments"]?.arrayValue?.filter { $0["migrationState"] == "Prepared" }.count
    #expect(prepared == armCount)
    // Still locked while interrupted.
    let update = await Self.call(
      second, "u", "classic/update", #"{"resource":{"service":"svc-119","slot":"Production"},"patch":{"label":"x"}}"#)
    #expect(update?["error"]?["code"]?.intValue == 2000)
    // Retrying Prepare finishes it.
    let retried = await Self.call(second, "r", "migration/prepare", #"{"target":\#(Self.target)}"#)
    #expect(retried?["result"]?["state"] == "Prepared")
    #expect(await Self.cloudServiceCount(second, id: "a2") == services)
    second.closeInput()
    #expect(await second.waitForExit() == 0)
  }

  /// Two workers on one state directory race Prepare on one target: exactly one wins, the other gets 2001.
  @Test func racingWorkersConflict() async throws {
    let state = try Self.stateDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    // The slow worker's Prepare holds the target after its first step until it is cancelled, so the fast
    // worker's attempt lands while the lock is held, however loaded the machine.
    let slow = try Self.worker(state, holdAfterSteps: 1)
    let fast = try Self.worker(state)
    let imported = await Self.call(slow, "i", "estate/import", #"{"estate":{"document":\#(Self.largeEstate(20))}}"#)
    #expect(imported?["result"] != nil)
    #expect(await Self.call(fast, "ready", "ping", "{}")?["result"] != nil)
    slow.send(
      #"{"jsonrpc":"2.0","id":"p","method":"migration/prepare","params":{"target":\#(Self.target),"_meta":{"progressToken":1}}}"#
    )
    #expect(await Self.progress(slow, atLeast: 1) >= 1)
    let loser = await Self.call(fast, "p2", "migration/prepare", #"{"target":\#(Self.target)}"#)
    #expect(loser?["error"]?["code"]?.intValue == 2001)
    #expect(loser?["error"]?["data"]?["target"] == "virtualNetwork:big-vnet")
    // Reads do not wait for the writer.
    let status = await Self.call(fast, "s", "migration/status", #"{"target":\#(Self.target)}"#)
    #expect(status?["result"]?["targets"]?.arrayValue?.first?["state"] == "Preparing")
    // Cancelled, the held Prepare answers -32800 at once; its rollback and the release of the target follow in
    // the background, so the test waits for the holder to exit (the lock goes with the process at the latest).
    slow.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"p"}}"#)
    let cancelled = await Self.reply(slow, id: "p")
    #expect(cancelled?["error"]?["code"]?.intValue == -32800)
    slow.closeInput()
    _ = await slow.waitForExit()
    // Now the other worker's retry wins, and a retry after it is an idempotent success.
    let winner = await Self.call(fast, "p3", "migration/prepare", #"{"target":\#(Self.target)}"#)
    #expect(winner?["result"]?["state"] == "Prepared")
    #expect(await Self.cloudServiceCount(fast, id: "a") == 20)
    let again = await Self.call(fast, "p4", "migration/prepare", #"{"target":\#(Self.target)}"#)
    #expect(again?["result"]?["changed"] == false)
    fast.closeInput()
    _ = await fast.waitForExit()
  }
}
