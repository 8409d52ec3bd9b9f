import PluginAPI
import Testing
import WorkerCore
import WorkerProtocol

/// A plugin built from a list of method names, for registry tests.
struct StubPlugin: WorkerPlugin {
  let name: String
  let version = "1"
  let summary = "test"
  let methodNames: [String]
  var enabledByDefault = true

  var methods: [MethodSpec] {
    methodNames.map { method in
      MethodSpec(name: method, summary: "", paramsSchema: [:], resultSchema: [:]) { _, _ in .null }
    }
  }
}

struct MethodRegistryTests {
  /// Two plugins declaring one method is a start-up error naming both owners.
  @Test func duplicateMethodNamesBothOwners() {
    let plugins = [StubPlugin(name: "a", methodNames: ["x/run"]), StubPlugin(name: "b", methodNames: ["x/run"])]
    #expect(
      throws: MethodRegistry.RegistrationError.duplicateMethod(method: "x/run", firstOwner: "a", secondOwner: "b")
    ) {
      try MethodRegistry(plugins: plugins)
    }
  }

  /// A plugin may not shadow a built-in.
  @Test func pluginCannotShadowBuiltin() {
    #expect(
      throws: MethodRegistry.RegistrationError.duplicateMethod(method: "ping", firstOwner: "worker", secondOwner: "a")
    ) {
      try MethodRegistry(plugins: [StubPlugin(name: "a", methodNames: ["ping"])])
    }
  }

  /// `--plugins` picks a subset, includes off-by-default plugins, and rejects unknown names.
  @Test func enablingASubset() throws {
    let plugins = [
      StubPlugin(name: "a", methodNames: ["a/x"]), StubPlugin(name: "b", methodNames: ["b/x"]),
      StubPlugin(name: "c", methodNames: ["c/x"], enabledByDefault: false),
    ]
    let defaults = try MethodRegistry(plugins: plugins)
    #expect(defaults.plugins.map(\.name) == ["a", "b"])
    let subset = try MethodRegistry(plugins: plugins, enabled: ["c"])
    #expect(subset.plugins.map(\.name) == ["c"])
    #expect(subset.entry(for: "a/x") == nil)
    #expect(subset.entry(for: "c/x")?.owner == "c")
    #expect(throws: MethodRegistry.RegistrationError.unknownPlugin(name: "zzz", available: ["a", "b", "c"])) {
      try MethodRegistry(plugins: plugins, enabled: ["zzz"])
    }
  }
}
