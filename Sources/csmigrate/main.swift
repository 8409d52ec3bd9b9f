// The csmigrate executable: argument parsing and wiring only.
import ArgumentParser
import Foundation
import Logging
import PluginAPI

// Before anything opens a descriptor: the ones open now are those the parent passed (see passwordFd).
_ = InheritedDescriptors.atStartup

// Plain `serve` and `call` command lines run without ArgumentParser (see ServeArguments); anything else, or a
// worker that cannot be assembled, takes the general path, which reports usage errors as it always has.
let arguments = Array(CommandLine.arguments.dropFirst())
if let settings = ServeArguments.parse(arguments) {
  // Logging goes to stderr before anything is assembled: process plugins log while they start.
  WorkerAssembly.bootstrapLogging(level: Logger.Level(rawValue: settings.logLevel) ?? .warning)
  if let assembled = try? WorkerAssembly.make(settings.engine) { ServeCommand.serve(settings, assembled: assembled) }
}
if let settings = CallArguments.parse(arguments) {
  WorkerAssembly.bootstrapLogging(level: Logger.Level(rawValue: settings.logLevel) ?? .warning)
  if let assembled = try? WorkerAssembly.make(settings.engine) {
    do {
      try CallCommand.call(settings, assembled: assembled)
      ProcessPlugins.stopEverything()
    } catch {
      ProcessPlugins.stopEverything()
      CSMigrateCommand.exit(after: error)
    }
    exit(0)
  }
}
CSMigrateCommand.runMain()
