import EstateModel
import Foundation
import PluginAPI
import Testing

@testable import MigrationEngine

/// The deployment scripts deploy first time even where a vault of the same name was deleted before: `deploy.sh`
/// runs against a fake `az` that answers as Azure does for a soft-deleted vault; `deploy.ps1` is read for the
/// matching cmdlets (no PowerShell on this machine).
struct ARMDeploymentScriptTests {
  /// A fake `az`: records each call's arguments, one line each, and answers as for a vault that is soft-deleted
  /// (`show` fails, `show-deleted` gives the deleted vault's original ID from `FAKE_AZ_DELETED_ID`); a certificate
  /// import prints the thumbprint written in the "PFX" file it is given.
  static let fakeAZ = """
    #!/usr/bin/env bash
    echo "$*" >> "$FAKE_AZ_LOG"
    case "$1 $2" in
      "ad signed-in-user") echo 00000000-0000-4000-8000-0000000000aa ;;
      "keyvault show") echo "ERROR: The Vault was not found." >&2; exit 3 ;;
      "keyvault show-deleted") echo "$FAKE_AZ_DELETED_ID" ;;
      "group exists") echo false ;;
      "keyvault certificate")
        while [[ $# -gt 0 && "$1" != --file ]]; do shift; done
        cat "$2" ;;
    esac
    exit 0
    """

  /// The sample estate's bundle (it has a vault with certificates and secret settings).
  static func bundle() throws -> (ARMTemplateBundle, ARMResource, create: String) {
    let load = ARMTestSupport.sampleEstate()
    let service = try #require(load.estate.cloudServices.first?.name)
    let plan = try ARMTestSupport.planner.plan(
      for: ResolvedEstate(handle: "t", load: load), target: .deployment(service: service, slot: nil, deployment: nil),
      options: ARMPlanOptions())
    let vault = try #require(ARMDeploymentScript.vaults(plan).first)
    return (ARMTemplateBuilder.bundle(for: plan), vault.vault, vault.create)
  }

  /// Runs `deploy.sh` with the fake `az` first on PATH; returns its combined output and the recorded calls.
  static func runScript(_ bundle: ARMTemplateBundle, deletedVaultID: String) async throws -> (String, [String]) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csmigrate-az-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let bin = directory.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let az = bin.appendingPathComponent("az")
    try Data(fakeAZ.utf8).write(to: az)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: az.path)
    let script = directory.appendingPathComponent("deploy.sh")
    try Data(try #require(bundle.scripts?["deploy.sh"]).utf8).write(to: script)
    let log = directory.appendingPathComponent("calls.log")
    var environment = [
      "PATH=\(bin.path):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")",
      "FAKE_AZ_LOG=\(log.path)", "FAKE_AZ_DELETED_ID=\(deletedVaultID)", "LOCATION=westeurope",
    ]
    for item in bundle.imports ?? [] {
      let file = directory.appendingPathComponent(item.variable)
      try Data((item.thumbprint ?? "").utf8).write(to: file)
      environment.append("\(item.variable)=\(file.path)")
    }
    for name in ARMDeploymentScript.parameterNames(bundle.template) {
      environment.append("\(ARMDeploymentScript.variable(forParameter: name))=https://example.invalid/\(name)")
    }
    let output = try await ARMTestSupport.run(
      environment + ["bash", "-c", "bash \"$0\" 2>&1; echo \"exit $?\"", script.path])
    let calls = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    return (output, calls)
  }

  /// A soft-deleted vault in the planned group is recovered before the prerequisites deployment, which is then
  /// told not to create it.
  @Test func softDeletedVaultIsRecoveredBeforeThePrerequisites() async throws {
    let (bundle, vault, create) = try Self.bundle()
    let (output, calls) = try await Self.runScript(bundle, deletedVaultID: vault.id)
    #expect(output.hasSuffix("exit 0\n"), "\(output)")
    let recover = try #require(calls.firstIndex { $0.hasPrefix("keyvault recover --name \(vault.name)") }, "\(calls)")
    let prerequisites = try #require(
      calls.firstIndex { $0.hasPrefix("deployment sub create --name csmigrate-prerequisites") }, "\(calls)")
    let main = try #require(calls.firstIndex { $0.hasPrefix("deployment sub create --name csmigrate-main") })
    #expect(recover < prerequisites && prerequisites < main)
    #expect(calls.contains { $0.hasPrefix("keyvault show-deleted --name \(vault.name)") })
    let group = try #require(calls.firstIndex { $0.hasPrefix("group create --name \(vault.resourceGroup)") })
    #expect(group < recover)
    #expect(calls[prerequisites].contains("\(create)=false"), "\(calls[prerequisites])")
    #expect(output.contains("recovering it"))
  }

  /// With no deleted vault the script neither recovers nor creates a group itself.
  @Test func noDeletedVaultMeansNoRecovery() async throws {
    let (bundle, vault, _) = try Self.bundle()
    let (output, calls) = try await Self.runScript(bundle, deletedVaultID: "")
    #expect(output.hasSuffix("exit 0\n"), "\(output)")
    #expect(!calls.contains { $0.hasPrefix("keyvault recover") || $0.hasPrefix("group create") })
    let prerequisites = try #require(
      calls.first { $0.hasPrefix("deployment sub create --name csmigrate-prerequisites") })
    #expect(!prerequisites.contains("=false"), "\(prerequisites)")
    #expect(calls.contains { $0.hasPrefix("keyvault show-deleted --name \(vault.name)") })
  }

  /// A soft-deleted vault of the name in another group stops the script before any deployment, saying to purge
  /// or recover it.
  @Test func softDeletedVaultElsewhereStopsWithWhatToDo() async throws {
    let (bundle, vault, _) = try Self.bundle()
    let elsewhere = vault.id.replacingOccurrences(
      of: "/resourceGroups/\(vault.resourceGroup)/", with: "/resourceGroups/old-rg/")
    let (output, calls) = try await Self.runScript(bundle, deletedVaultID: elsewhere)
    #expect(!output.hasSuffix("exit 0\n"), "\(output)")
    #expect(output.contains("az keyvault purge --name \(vault.name)") && output.contains("recover it"), "\(output)")
    #expect(output.contains("old-rg"))
    #expect(!calls.contains { $0.hasPrefix("deployment sub create") || $0.hasPrefix("keyvault recover") })
  }

  /// `deploy.ps1` makes the same checks with the Az cmdlets, in the same order.
  @Test func powerShellRecoversTheSameWay() throws {
    let (bundle, vault, _) = try Self.bundle()
    let script = try #require(bundle.scripts?["deploy.ps1"])
    let name = "'\(vault.name)'"
    let expected = [
      "Get-AzKeyVault -VaultName \(name) -Location '\(vault.location)' -InRemovedState",
      "$deleted.ResourceId -notlike '*/resourceGroups/\(vault.resourceGroup)/*'",
      "Remove-AzKeyVault -VaultName \(vault.name) -InRemovedState",
      "New-AzResourceGroup -Name '\(vault.resourceGroup)'",
      "Undo-AzKeyVaultRemoval -VaultName \(name) -ResourceGroupName '\(vault.resourceGroup)' -Location '\(vault.location)'",
      "New-AzSubscriptionDeployment -Name csmigrate-prerequisites",
    ]
    var position = script.startIndex
    for text in expected {
      let found = try #require(script.range(of: text, range: position..<script.endIndex), "\(text) in order")
      position = found.upperBound
    }
  }
}
