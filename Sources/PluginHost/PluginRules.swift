import EstateModel
import Logging
public import PluginAPI
import Synchronization
import WorkerProtocol

extension PluginClient {
  /// Asks the plugin for `rule`'s hits on `input` with `plugin/validate`, blocking the calling thread (rules are
  /// evaluated synchronously, inside the one validation pass).
  ///
  /// The estate's normalised model goes to a plugin process once per estate; later calls name it by its key. A
  /// plugin that fails (crashes, times out, answers garbage or an error) gives one hit that reports the failure
  /// (``unavailable(_:rule:input:)``), so the verdict cannot pass without the rule; the failure is logged too.
  public func hits(for rule: PluginDescription.Rule, input: ValidationRuleInput) -> [ValidationHit] {
    if let failure = ensureRunningBlocking() {
      return unavailable(failure.detail, rule: rule, input: input)
    }
    let key = "e-" + String(UInt(bitPattern: input.estate.hashValue), radix: 16)
    let first = state.withLock { $0.knownEstates.insert(key).inserted }
    var estate = JSONObject([("key", .string(key))])
    if first {
      do {
        estate["model"] = try JSONValueEncoder().encode(input.estate)
      } catch {
        return unavailable("the estate could not be encoded for it (\(error))", rule: rule, input: input)
      }
    }
    let params: JSONValue = [
      "rule": .string(rule.id), "estate": .object(estate), "scope": Self.scope(of: input),
    ]
    switch callBlocking("plugin/validate", params: params) {
    case .failure(let error):
      if first { state.withLock { _ = $0.knownEstates.remove(key) } }
      let detail: String
      switch error {
      case let failure as PluginFailure: detail = failure.detail
      case let answered as PluginError: detail = "it answered with an error: \(answered.responseError.message)"
      default: detail = "\(error)"
      }
      return unavailable(detail, rule: rule, input: input)
    case .success(let result):
      let locator = HitLocator(input)
      return (result["hits"]?.arrayValue ?? []).compactMap { Self.hit($0, locator: locator) }
    }
  }

  /// The rule id of the finding that reports a rule its plugin could not evaluate.
  public static let unavailableRuleID = "CS-PLUGIN-FAILED"

  /// The one hit that stands for `rule` when the plugin could not evaluate it: an `Error` on the target (the
  /// deployment or virtual network), naming the plugin, the rule and why, with how to repair or remove it.
  func unavailable(_ detail: String, rule: PluginDescription.Rule, input: ValidationRuleInput) -> [ValidationHit] {
    logger.error("rule \(rule.id) was not evaluated: \(detail)")
    let plugin = entry.name
    let failure = ValidationRuleFailure(
      ruleId: Self.unavailableRuleID,
      message: "Plugin '\(plugin)' could not evaluate rule \(rule.id): \(detail).",
      fix:
        "Repair the plugin '\(plugin)' (command '\(entry.command)'; its log lines carry plugin=\(plugin)) and run "
        + "validation again, or leave it out (--plugins=-\(plugin), or remove its entry from csmigrate.plugins.json "
        + "or .toml, or its --plugin flag) to run without its rules.")
    switch input.target {
    case .virtualNetwork(let name):
      let network = input.virtualNetworks.first
      return [
        ValidationHit(
          resourceType: "VirtualNetwork", resourceName: network?.name ?? name, location: network?.location,
          failure: failure)
      ]
    case .deployment(let service, let slot, let deployment):
      let scoped = input.deployments.first
      return [
        ValidationHit(
          resourceType: "Deployment", resourceName: scoped?.deploymentName ?? deployment ?? slot ?? service,
          location: scoped?.location ?? input.services.first?.location, failure: failure)
      ]
    }
  }

  /// What `plugin/validate` says about the scope: the target, revision, phase and what it touches.
  static func scope(of input: ValidationRuleInput) -> JSONValue {
    let deployments: [JSONValue] = input.deployments.map { scoped in
      [
        "service": .string(scoped.service.name), "deployment": .string(scoped.deploymentName),
        "slot": .string(scoped.deployment.slot.rawValue),
      ]
    }
    return [
      "target": (try? JSONValueEncoder().encode(input.target)) ?? .null,
      "revision": .string(input.revision.rawValue), "phase": .string(input.phase.rawValue),
      "deployments": .array(deployments),
      "virtualNetworks": .array(input.virtualNetworks.map { .string($0.name) }),
    ]
  }

  /// One hit from the plugin; its location is its own, or that of the model element it names.
  static func hit(_ item: JSONValue, locator: HitLocator) -> ValidationHit? {
    guard let type = item["resourceType"]?.stringValue, let name = item["resourceName"]?.stringValue else {
      return nil
    }
    var values: [String: String] = [:]
    for (key, value) in item["values"]?.objectValue ?? JSONObject() {
      values[key] = value.stringValue ?? value.jsonText
    }
    var location: SourceLocation?
    if let given = item["location"], let file = given["file"]?.stringValue {
      location = SourceLocation(file: file, line: given["line"]?.intValue ?? 1, column: given["column"]?.intValue ?? 1)
    } else if let element = item["element"] {
      location = locator.locate(element)
    }
    return ValidationHit(
      resourceType: type, resourceName: name, values: values, location: location,
      virtualMachineName: item["virtualMachineName"]?.stringValue)
  }
}

/// Finds where a plugin's hit lands from the model element it names, with the scope indexed once per answer (by
/// lower-cased service name), so a plugin's ten thousand hits do not each scan ten thousand deployments.
struct HitLocator {
  /// The scope's deployments by lower-cased service name, in scope order.
  private let deployments: [String: [ScopedDeployment]]
  /// The first location of each cloud service in scope, by lower-cased name.
  private let services: [String: SourceLocation?]

  /// Indexes the scope of `input`.
  init(_ input: ValidationRuleInput) {
    deployments = Dictionary(grouping: input.deployments) { $0.service.name.lowercased() }
    services = Dictionary(input.services.map { ($0.name.lowercased(), $0.location) }) { first, _ in first }
  }

  /// The location of `{service, deployment?, role?}` in the scope: the role's definition, else the deployment's
  /// configuration or definition, else the cloud service.
  func locate(_ element: JSONValue) -> SourceLocation? {
    guard let service = element["service"]?.stringValue?.lowercased() else { return nil }
    let deployment = element["deployment"]?.stringValue?.lowercased()
    let matches = (deployments[service] ?? []).filter { scoped in
      deployment == nil || scoped.deploymentName.lowercased() == deployment
        || scoped.deployment.slot.rawValue.lowercased() == deployment
    }
    if let role = element["role"]?.stringValue?.lowercased() {
      for scoped in matches {
        if let found = scoped.deployment.roles.first(where: { $0.name.lowercased() == role }) {
          return found.definition?.location ?? found.configuration?.location ?? scoped.location
        }
      }
    }
    if let scoped = matches.first { return scoped.location }
    return services[service] ?? nil
  }
}
