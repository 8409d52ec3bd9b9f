// The csmigrate executable: argument parsing and wiring only.
import ArgumentParser
import PluginAPI

// Before anything opens a descriptor: the ones open now are those the parent passed (see passwordFd).
_ = InheritedDescriptors.atStartup

// A plain `serve` command line starts the worker without ArgumentParser; anything else, or a worker that
// cannot be assembled, takes the general path, which reports usage errors as it always has.
if let settings = ServeArguments.parse(Array(CommandLine.arguments.dropFirst())),
  let assembled = try? WorkerAssembly.make(settings.engine)
{
  ServeCommand.serve(settings, assembled: assembled)
}
CSMigrateCommand.runMain()
