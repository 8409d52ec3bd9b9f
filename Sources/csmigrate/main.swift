// The csmigrate executable: argument parsing and wiring only.
import ArgumentParser

CSMigrateCommand.runMain()
