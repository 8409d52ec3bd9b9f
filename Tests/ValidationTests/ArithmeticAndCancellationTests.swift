import EstateModel
import MigrationEngine
import PluginAPI
import Testing
import WorkerProtocol

/// Quota and instance numbers at the edges of `Int` give findings, never a trap; a cancelled run stops early and
/// says so instead of answering.
struct ArithmeticAndCancellationTests {
  /// Roles asking for `Int.max` instances against quotas of `Int.min`/`Int.max`.
  static let extreme = Case(
    mutate: { estate in
      let deployment = estate.cloudServices[0].deployments[0]
      var roles: [Role] = []
      for name in ["A", "B", "C"] {
        var role = deployment.roles[0]
        role.name = name
        role.configuration = RoleConfiguration(name: name, instanceCount: .max)
        roles.append(role)
      }
      estate.cloudServices[0].deployments[0].roles = roles
      estate.quotas = [
        decode(
          #"{"region": "West Europe", "resource": "cores", "limit": -9223372036854775808, "used": 9223372036854775807}"#
        ),
        decode(
          #"{"region": "West Europe", "resource": "networkInterfaces", "limit": -9223372036854775808, "used": 1}"#),
      ]
    }, phase: .prepare)

  @Test func extremeCountsAndQuotasAreFindings() throws {
    let messages = try Self.extreme.report().validationMessages
    let cores = try #require(messages.first { $0.ruleId == "CS-ERR-QUOTA" }, "\(messages.map(\.ruleId))")
    #expect(cores.message.contains("additional needed is \(Int.max)"))
    let interfaces = try #require(messages.first { $0.ruleId == "CS-PREP-NETWORK-QUOTA" })
    #expect(interfaces.message.contains("additional needed is \(Int.max)"))
  }

  @Test func aCancelledRunStopsAndSaysSo() async throws {
    var estate = Case.baseEstate()
    Self.extreme.mutate(&estate)
    let request = ValidationRequest(
      load: EstateLoadResult(estate: estate, problems: []), target: .virtualNetwork("vnet1"), phase: .prepare)
    let outcome = await Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return Result { () throws(PluginError) in try Catalogue.engine.run(request) }
    }.value
    guard case .failure(let error) = outcome else {
      Issue.record("a cancelled run answered")
      return
    }
    #expect(error.responseError.code == .requestCancelled)
  }
}
