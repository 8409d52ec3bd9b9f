// The csmigrate executable: argument parsing and wiring only.
import ArgumentParser
import PluginAPI

// Before anything opens a descriptor: the ones open now are those the parent passed (see passwordFd).
_ = InheritedDescriptors.atStartup

CSMigrateCommand.runMain()
