// The csmigrate executable: argument parsing and wiring only.
import ArgumentParser
import PluginAPI

// Before anything opens a descriptor: the ones open now are those the parent passed (see passwordFd).
_ = InheritedDescriptors.atStartup

// Plain `serve` and `call` command lines run without ArgumentParser (see ServeArguments); anything else, or a
// worker that cannot be assembled, takes the general path, which reports usage errors as it always has.
let arguments = Array(CommandLine.arguments.dropFirst())
if let settings = ServeArguments.parse(arguments), let assembled = try? WorkerAssembly.make(settings.engine) {
  ServeCommand.serve(settings, assembled: assembled)
}
if let settings = CallArguments.parse(arguments), let assembled = try? WorkerAssembly.make(settings.engine) {
  do {
    try CallCommand.call(settings, assembled: assembled)
  } catch {
    CSMigrateCommand.exit(after: error)
  }
} else {
  CSMigrateCommand.runMain()
}
