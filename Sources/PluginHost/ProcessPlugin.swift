public import Logging
public import PluginAPI
import WorkerProtocol

/// A process plugin as the worker registers it: its handshake's methods, each forwarding to the process.
///
/// It goes into the same ``MethodRegistry`` as compiled plugins, so its methods appear in `rpc.discover` and
/// (when the plugin exposes them) `tools/list`, are ordered by whether they write, and cannot shadow a built-in
/// or another plugin's method.
public struct ProcessPlugin: WorkerPlugin {
  /// The client that talks to the process.
  public let client: PluginClient
  let described: PluginDescription

  /// Wraps a started client and its handshake answer.
  public init(client: PluginClient, description: PluginDescription) {
    self.client = client
    self.described = description
  }

  public var name: String { client.entry.name }
  public var version: String { described.version }
  public var summary: String {
    described.summary.isEmpty ? "Process plugin '\(client.entry.command)'." : described.summary
  }

  public var methods: [MethodSpec] {
    described.methods.map { method in
      let client = self.client
      let spec = MethodSpec(
        name: method.name, summary: method.summary, paramsSchema: method.paramsSchema,
        resultSchema: method.resultSchema, errors: [.pluginFailed]
      ) { params, context in
        try await client.call(method.name, params: params, progress: context.relayProgress)
      }
      // Requests take the path without a task (the reply is written from the plugin's answer as it arrives);
      // MCP tools and in-process callers take the `async` handler above, which makes the same call.
      .starting { params, context, reply in
        client.forward(method.name, params: params, context: context) { reply.finish($0) }
      }
      .accessing(method.writes ? .writes(WriteEffect(destructive: true, idempotent: false)) : .reads)
      guard let tool = method.tool else {
        return spec.withheldFromTools(because: "the plugin '\(name)' does not offer it as a tool")
      }
      return spec.asTool(title: tool.title, use: tool.use)
    }
  }

  /// The plugin's rules: each joins the one validation pass and asks the plugin for its hits.
  public var validationRules: [ValidationRule] {
    described.rules.map { rule in
      let client = self.client
      return ValidationRule(
        id: rule.id, scope: rule.scope, severity: rule.severity, summary: rule.summary, messageTemplate: rule.message,
        fix: rule.fix, docs: rule.docs, revisions: rule.revisions, phase: rule.phase,
        sources: ["process plugin '\(name)'"], example: rule.example, dependsOnInputOnly: false
      ) { input in
        client.hits(for: rule, input: input)
      }
    }
  }
}

extension RequestContext {
  /// Relays a plugin's progress report to the request's client.
  var relayProgress: @Sendable (ProgressUpdate) -> Void {
    { update in reportProgress(update.progress, total: update.total, message: update.message) }
  }
}

/// The process plugins of one worker: starts them all at start-up and stops them all at the end.
public final class PluginHost: Sendable {
  /// The clients, in manifest order.
  public let clients: [PluginClient]

  /// Makes clients for `entries`; nothing starts yet.
  public init(entries: [PluginEntry], launcher: any PluginLauncher, settings: PluginSettings, logger: Logger) {
    clients = entries.map { PluginClient(entry: $0, launcher: launcher, settings: settings, logger: logger) }
  }

  /// Starts every eager plugin and returns each one's outcome, in manifest order; a lazy plugin is registered
  /// from its manifest's declarations and starts at its first call, unless `startingLazy` starts it too (to check
  /// it, as `plugins list` does).
  public func startAll(startingLazy: Bool = false) async -> [Result<ProcessPlugin, PluginFailure>] {
    await withTaskGroup(of: (Int, Result<ProcessPlugin, PluginFailure>).self) { group in
      for (index, client) in clients.enumerated() {
        group.addTask {
          if !startingLazy, client.entry.start == .lazy, let declared = client.entry.declared {
            return (index, .success(ProcessPlugin(client: client, description: declared)))
          }
          do {
            let description = try await client.start()
            return (index, .success(ProcessPlugin(client: client, description: description)))
          } catch let failure as PluginFailure {
            return (index, .failure(failure))
          } catch {
            return (index, .failure(PluginFailure(plugin: client.entry.name, reason: .handshake, detail: "\(error)")))
          }
        }
      }
      var outcomes: [(Int, Result<ProcessPlugin, PluginFailure>)] = []
      for await outcome in group { outcomes.append(outcome) }
      return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  /// Stops every plugin (see ``PluginClient/stop()``), all at once.
  public func stopAll() async {
    await withTaskGroup(of: Void.self) { group in
      for client in clients { group.addTask { await client.stop() } }
    }
  }
}
