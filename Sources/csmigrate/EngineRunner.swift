import ArgumentParser
import Foundation
import Logging
import PluginAPI
import WorkerCore
import WorkerProtocol

/// Runs methods for the readable subcommands: the same assembly and the same one-shot path as `csmigrate call`.
///
/// A JSON-RPC error is printed on stderr and ends the command with exit code 1.
struct EngineRunner {
  let registry: MethodRegistry
  let services: PluginServices
  let terminal = Terminal()
  /// The `--root` every path argument resolves against.
  let root: String

  /// Builds the engine from the command's options (logs at warning level on stderr).
  init(_ options: EngineOptions) throws {
    WorkerAssembly.bootstrapLogging(level: .warning)
    root = options.root
    (registry, services) = try WorkerAssembly.make(options)
  }

  /// Calls `method`; a progress bar appears on stderr when it is a terminal.
  ///
  /// - Throws: `ExitCode(1)` after printing the error object when the method answers with an error.
  func call(_ method: String, _ params: JSONValue) throws -> JSONValue {
    let terminal = self.terminal
    let progress: (@Sendable (JSONValue) -> Void)? =
      terminal.stderrIsTerminal ? { @Sendable params in terminal.showProgress(params) } : nil
    let outcome = OneShotCall.run(
      method: method, params: params, registry: registry, services: services, progress: progress)
    terminal.clearProgress()
    switch outcome {
    case .success(let result):
      return result
    case .failure(let error):
      terminal.printError(error.jsonValue, message: error.message)
      throw ExitCode(1)
    }
  }

  /// Prints a result as JSON: indented on a terminal, one compact line otherwise.
  func printJSON(_ value: JSONValue) {
    print(terminal.stdoutIsTerminal ? value.prettyText() : value.jsonText)
  }

  /// The text styling for stdout.
  var style: TextStyle { TextStyle(colour: terminal.stdoutColour) }
}

/// `--format` of `csmigrate validate`: text, JSON or a SARIF 2.1.0 log.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, sarif
}

/// `--revision` of the commands that validate: the platform's rule revisions.
enum RevisionArgument: String, ExpressibleByArgument, CaseIterable {
  case preview2021 = "2021-02"
  case current2024 = "2024-07"
}

/// `--format` of the commands that print a plan or a lifecycle outcome: text or JSON (SARIF is for validation).
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

/// `--target service[/slot]` or `--vnet NAME`: which part of an estate a command works on.
struct TargetOptions: ParsableArguments {
  @Option(
    name: .long,
    help: "A cloud service, optionally with its slot (Production, Staging) or deployment name: service[/slot].")
  var target: String?

  @Option(name: .long, help: "A classic virtual network: the network and every cloud service in it.")
  var vnet: String?

  func validate() throws {
    if target != nil, vnet != nil { throw ValidationError("pass either --target or --vnet, not both") }
    if let target, target.isEmpty || target.hasPrefix("/") || target.hasSuffix("/") {
      throw ValidationError("--target must be service or service/slot, got '\(target)'")
    }
    if vnet?.isEmpty == true { throw ValidationError("--vnet needs a name") }
  }

  /// The target as the methods take it, or `nil` when neither option was given.
  var explicitTarget: JSONValue? {
    if let vnet { return ["virtualNetwork": .string(vnet)] }
    guard let target else { return nil }
    let parts = target.split(separator: "/", maxSplits: 1).map(String.init)
    var object = JSONObject()
    object["service"] = .string(parts[0])
    if parts.count == 2 {
      let slots = ["production": "Production", "staging": "Staging"]
      if let slot = slots[parts[1].lowercased()] {
        object["slot"] = .string(slot)
      } else {
        object["deployment"] = .string(parts[1])
      }
    }
    return .object(object)
  }

  /// The target for an estate: the explicit one, or the estate's only deployment (or only network).
  ///
  /// - Throws: `ValidationError` (exit 2) naming the candidates when the choice is ambiguous.
  /// - Parameter loaded: the estate's `estate/load` result with its model, when the caller already has it.
  func resolve(estate: JSONValue, with runner: EngineRunner, loaded: JSONValue? = nil) throws -> JSONValue {
    if let explicitTarget { return explicitTarget }
    let loaded = try loaded ?? runner.call("estate/load", ["estate": estate, "includeModel": true])
    let model = loaded["estate"]
    var deployments: [JSONValue] = []
    var containing: [String?] = []
    for service in model?["cloudServices"]?.arrayValue ?? [] {
      for deployment in service["deployments"]?.arrayValue ?? [] {
        var object = JSONObject()
        object["service"] = service["name"] ?? .null
        object["slot"] = deployment["slot"] ?? "Production"
        deployments.append(.object(object))
        let membership = deployment["virtualNetwork"]
        containing.append(membership?["kind"]?.stringValue == "named" ? membership?["name"]?.stringValue : nil)
      }
    }
    let networks = (model?["virtualNetworks"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    if deployments.count == 1, let network = containing[0] {
      // The platform migrates a deployment in a virtual network only with its network.
      let note =
        "target: virtual network \(network), which holds the only deployment "
        + "(\(TextReport.describe(target: deployments[0])))\n"
      FileHandle.standardError.write(Data(note.utf8))
      return ["virtualNetwork": .string(network)]
    }
    if deployments.count == 1 { return deployments[0] }
    if deployments.isEmpty, networks.count == 1 { return ["virtualNetwork": .string(networks[0])] }
    let candidates =
      deployments.map { "--target \($0["service"]?.stringValue ?? "?")/\($0["slot"]?.stringValue ?? "?")" }
      + networks.map { "--vnet \($0)" }
    if candidates.isEmpty { throw ValidationError("the estate has no deployment and no virtual network") }
    throw ValidationError(
      "the estate has \(deployments.count) deployments and \(networks.count) virtual networks; choose one with "
        + candidates.joined(separator: ", "))
  }
}
