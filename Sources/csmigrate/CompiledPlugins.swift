import Diagnostics
import PluginAPI

/// The handler plugins compiled into this executable, in registration order.
enum CompiledPlugins {
  static let all: [any WorkerPlugin] = [
    DiagnosticsPlugin()
  ]
}
