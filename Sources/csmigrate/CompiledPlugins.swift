import Diagnostics
import MigrationEngine
import PluginAPI

/// The handler plugins compiled into this executable, in registration order.
enum CompiledPlugins {
  static let all: [any WorkerPlugin] = [
    EstatePlugin(),
    DiagnosticsPlugin(),
    ARMPlugin(),
  ]
}
