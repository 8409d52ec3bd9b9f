import Certificates
import Diagnostics
import Extensions
import Gateways
import MigrationEngine
import PluginAPI
import Report
import Validation

/// The handler plugins compiled into this executable, in registration order.
enum CompiledPlugins {
  static let all: [any WorkerPlugin] = [
    EstatePlugin(),
    DiagnosticsPlugin(),
    ValidationPlugin(),
    MigrationPlugin(),
    ARMPlugin(),
    ExtensionsPlugin(),
    GatewaysPlugin(),
    CertificatesPlugin(),
    ReportPlugin(),
  ]
}
