// MigrationEngine
