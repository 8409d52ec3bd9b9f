import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing
import Validation
import WorkerProtocol

/// Paths to the package root and the shared reference data.
enum Paths {
  static let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
      url = url.deletingLastPathComponent()
    }
    return url
  }()
  static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared").standardizedFileURL
}

struct ReportTests {
  /// Reference texts copied from platform-behaviour.md §3.1, and the names to put in them.
  static let platformTexts: [(ruleID: String, reference: String, names: [(String, String)])] = [
    (
      "CS-ERR-NOT-IN-VNET",
      "Deployment deployment-name in cloud service cloud-service-name must be within a virtual network to be migrated.",
      [("deployment-name", "contoso-prod"), ("cloud-service-name", "contoso")]
    ),
    (
      "CS-ERR-NO-SUBNET",
      "The Deployment deployment-name in cloud service cloud-service-name can't be migrated because there are no subnets associated with the role(s) role-name. Associate all roles with a subnet, then retry the migration of the cloud service.",
      [("deployment-name", "contoso-prod"), ("cloud-service-name", "contoso"), ("role-name", "Web")]
    ),
    (
      "CS-ERR-TWO-SLOTS",
      "The deployment can't be migrated because the deployment's cloud service has two occupied slots. Migration of cloud services is only supported for deployments that are the only deployment in their cloud service. To proceed with the migration of this deployment, delete the other deployment in the cloud service.",
      []
    ),
    (
      "CS-ERR-INTERMEDIATE-STATE",
      "Deployment deployment-name in HostedService cloud-service-name is in intermediate state: state. Migration not allowed.",
      [("deployment-name", "contoso-prod"), ("cloud-service-name", "contoso"), ("state.", "RunningTransitioning.")]
    ),
    (
      "CS-ERR-RESERVED-IP-NO-NAME",
      "The deployment deployment-name in hosted service cloud-service-name has reserved IP(s) but no reserved IP name. To resolve this issue, update reserved IP name or contact the Microsoft Azure service desk.",
      [("deployment-name", "contoso-prod"), ("cloud-service-name", "contoso")]
    ),
    (
      "CS-ERR-RESERVED-IP-NO-ENDPOINT",
      "The deployment deployment-name in hosted service cloud-service-name has reserved IP(s) reserved-ip-name but no endpoint on the reserved IP. To resolve this issue, add at least one endpoint to the reserved IP.",
      [("deployment-name", "contoso-prod"), ("cloud-service-name", "contoso"), ("reserved-ip-name", "ip1")]
    ),
    (
      "CS-ERR-VM-UPDATING",
      "One or more VMs in Deployment {0} in HostedService {1} is undergoing an update operation. It can't be migrated until the previous operation completes successfully. Retry after sometime.",
      [("{0}", "contoso-prod"), ("{1}", "contoso")]
    ),
    (
      "CS-ERR-NONVNET-FEATURE",
      "Migration isn't supported for Deployment {0} in HostedService {1} because it uses following features not yet supported for migration: Nonvnet deployment.",
      [("{0}", "contoso-prod"), ("{1}", "contoso")]
    ),
    ("CS-ERR-DEST-VNET-EMPTY", "The virtual network name can't be null or empty.", []),
    ("CS-ERR-DEST-SUBNET-EMPTY", "The Subnet Name can't be null or empty.", []),
    (
      "CS-ERR-DEST-INVALID",
      "DestinationVirtualNetwork must be set to one of the following values: Default, New, or Existing.", []
    ),
    ("CS-ERR-DEST-DEFAULT", "Default virtual network destination option not implemented.", []),
    (
      "CS-ERR-SUBNET-REGION",
      "The subnet with ID '{0}' is in a different location than deployment '{1}' in hosted service '{2}'. The location for the subnet is '{3}' and the location for the hosted service is '{4}'. Specify a subnet in the same location as the deployment.",
      [
        ("{0}", "vnet1/subnets/web"), ("{1}", "contoso-prod"), ("{2}", "contoso"), ("{3}", "North Europe"),
        ("{4}", "West Europe"),
      ]
    ),
    (
      "CS-ERR-BELONGS-TO-VNET",
      "Deployment {0} in HostedService {1}  belongs to Virtual Network {2}. Migrate Virtual Network {2} to migrate this HostedService {1}.",
      [("{0}", "contoso-prod"), ("{1}", "contoso"), ("{2}", "vnet1")]
    ),
    (
      "CS-ERR-QUOTA",
      "The current quota for Resource name in Azure Resource Manager is insufficient to complete migration. Current quota is {0}, additional needed is {1}. File a support request to raise the quota and retry migration once the quota raises.",
      [("Resource name", "cores"), ("{0}", "100"), ("{1}", "1")]
    ),
    (
      "CS-ERR-SERVICE-NAME-MISMATCH",
      "XrpPaaSMigrationCscfgCsdefValidationMismatch: Migration couldn't be completed on deployment deployment-name in hosted service service-name because the deployment's metadata is stale. Abort the migration and upgrade the deployment before retrying migration. Validation Message: The service name 'service-name'in the service definition file doesn't match the name 'service-name-in-config-file' in the service configuration file",
      [
        ("'service-name-in-config-file'", "'other'"), ("'service-name'in", "'contoso'in"),
        ("deployment-name", "contoso-prod"), ("service-name", "contoso"),
      ]
    ),
    (
      "CS-ERR-SERVICE-NAMED-LIKE-ROLE",
      "NetworkingInternalOperationError when deploying Cloud Service (extended support) resource", []
    ),
    ("CS-ERR-NOT-REGISTERED", "BadRequest : Subscription is not registered for migration.", []),
    (
      "CS-PREP-NETWORK-QUOTA",
      "The current quota for Resource name in Azure Resource Manager is insufficient to complete migration. Current quota is {0}, additional needed is {1}. File a support request to raise the quota and retry migration once the quota raises.",
      [("Resource name", "publicIPAddresses"), ("{0}", "10"), ("{1}", "1")]
    ),
    (
      "CS-UNSUP-API-MANAGEMENT",
      "Migration isn't supported for Virtual Network {vnet-name} because it has non-gateway PaaS deployments.",
      [("{vnet-name}", "vnet1")]
    ),
    (
      "CS-UNSUP-APPLICATION-GATEWAY",
      "Migration isn't supported for Virtual Network {vnet-name} because it has non-gateway PaaS deployments.",
      [("{vnet-name}", "vnet1")]
    ),
  ]

  @Test func everyPlatformDefinedRuleHasItsReferenceText() {
    let platformRules = Set(Catalogue.engine.rules.filter(\.platformDefined).map(\.id))
    #expect(platformRules == Set(Self.platformTexts.map(\.ruleID)))
  }

  @Test(arguments: ReportTests.platformTexts.indices)
  func platformMessagesAreVerbatim(index: Int) throws {
    let entry = Self.platformTexts[index]
    var expected = entry.reference
    for (placeholder, value) in entry.names { expected = expected.replacingOccurrences(of: placeholder, with: value) }
    let pair = try #require(CataloguePairTests.allPairs[entry.ruleID])
    let messages = try pair.trigger.report().validationMessages.filter { $0.ruleId == entry.ruleID }.map(\.message)
    #expect(messages.contains(expected), "\(entry.ruleID): \(messages)")
  }

  /// PowerShell's choice among the four result strings.
  @Test func resultStrings() throws {
    #expect(ValidationResultText.choose(for: []) == "There are no ValidationMessages.")
    #expect(try Case().report().result.hasPrefix("Validation Passed. Please see"))
    #expect(try RuleCases.size("Small").report().result.hasPrefix("Validation Passed with warnings."))
    #expect(
      try RuleCases.size("Small", .current2024).report().result
        == "Validation Failed. Please see ValidationMessages object for additional details.")
  }

  /// Messages come out sorted by scope, and two runs give identical bytes.
  @Test func deterministicAndOrdered() throws {
    let noisy = Case(
      mutate: {
        $0.addStaging(); $0.addTenant("batch"); $0.webRole { $0.definition?.vmSizeAttribute = "Small" }
      },
      target: RuleCases.deploymentTarget, revision: .current2024)
    let first = try stableJSON(noisy.report())
    let second = try stableJSON(noisy.report())
    #expect(first == second)
    let scopes = try noisy.report().validationMessages.compactMap { Catalogue.engine.rule(id: $0.ruleId)?.scope.order }
    #expect(scopes == scopes.sorted())
    #expect(scopes.count > 5)
  }

  /// Unknown targets are errors naming the field.
  @Test func unknownTargetIsNotFound() {
    #expect(throws: PluginError.self) { try Case(target: .virtualNetwork("nowhere")).report() }
    do {
      _ = try Case(target: .deployment(service: "contoso", slot: "Staging", deployment: nil)).report()
      Issue.record("a missing slot was accepted")
    } catch let error as PluginError {
      #expect(error.responseError.code == .notFound)
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  /// SARIF output passes the official 2.1.0 schema and points at files with line and column.
  @Test func sarifMatchesTheSchema() throws {
    let store = EstateStore(root: Paths.packageRoot)
    let resolved = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate")
    let report = try Catalogue.engine.run(
      ValidationRequest(load: resolved.load, target: .virtualNetwork("contoso-vnet"), revision: .current2024))
    let log = Catalogue.engine.sarif(report)
    let results = log["runs"]?.arrayValue?.first?["results"]?.arrayValue ?? []
    #expect(results.count == report.validationMessages.count)
    let uris = results.compactMap {
      $0["locations"]?.arrayValue?.first?["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue
    }
    #expect(uris.contains("examples/sample-estate/ServiceDefinition.csdef"))
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("sarif-\(UUID().uuidString).json")
    try Data(log.jsonText.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", Paths.packageRoot.appendingPathComponent("Tests/Scripts/check_sarif.py").path,
      Paths.shared.appendingPathComponent("schemas/sarif-schema-2.1.0.json").path, file.path,
    ]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(text)")
  }

  /// Every SARIF result points at its rule by index, also findings whose rule is not in the catalogue (estate
  /// problems, ARM mapping findings): their descriptor is made once from the finding.
  @Test func sarifIndexesFindingsOutsideTheCatalogue() throws {
    let store = EstateStore(root: Paths.packageRoot)
    let resolved = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate")
    var report = try Catalogue.engine.run(
      ValidationRequest(load: resolved.load, target: .virtualNetwork("contoso-vnet"), revision: .current2024))
    for ruleID in ["CS-INPUT-xml.malformed", "CS-ARM-arm.name-fitted", "CS-INPUT-xml.malformed"] {
      report.validationMessages.append(
        ValidationMessage(
          resourceType: "EstateFile", resourceName: "svc.cscfg", category: .error, message: "broken",
          virtualMachineName: nil, ruleId: ruleID, fix: "Mend it.", docs: "https://example.invalid/d",
          location: nil))
    }
    let log = Catalogue.engine.sarif(report)
    let run = log["runs"]?.arrayValue?.first
    let rules = run?["tool"]?["driver"]?["rules"]?.arrayValue ?? []
    let results = run?["results"]?.arrayValue ?? []
    #expect(results.count == report.validationMessages.count)
    for result in results {
      let index = try #require(result["ruleIndex"]?.intValue, "\(result)")
      #expect(rules[index]["id"] == result["ruleId"])
    }
    let added = rules.filter { rule in
      let id = rule["id"]?.stringValue ?? ""
      return id.hasPrefix("CS-INPUT-") || id.hasPrefix("CS-ARM-")
    }
    #expect(added.compactMap { $0["id"]?.stringValue } == ["CS-INPUT-xml.malformed", "CS-ARM-arm.name-fitted"])
    #expect(added.first?["help"]?["text"] == "Mend it.")
  }

  /// The report's direct JSON form is exactly its `Codable` form with sorted keys, with and without locations
  /// and virtual machine names.
  @Test func directJSONFormMatchesCodable() throws {
    let store = EstateStore(root: Paths.packageRoot)
    let resolved = try store.resolve(.path("examples/sample-estate/estate.json"), field: "estate")
    var report = try Catalogue.engine.run(
      ValidationRequest(load: resolved.load, target: .virtualNetwork("contoso-vnet"), revision: .current2024))
    report.validationMessages.append(
      ValidationMessage(
        resourceType: "Quota", resourceName: "West Europe/cores", category: .warning, message: "No \"quota\" known",
        virtualMachineName: nil, ruleId: "X", fix: "Fix/it", docs: "https://example.invalid/a", location: nil))
    #expect(report.validationMessages.contains { $0.location == nil })
    #expect(report.validationMessages.contains { $0.location != nil })
    #expect(report.validationMessages.contains { $0.virtualMachineName == nil })
    #expect(report.validationMessages.contains { $0.virtualMachineName != nil })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let viaCodable = try JSONParser.parse(Array(try encoder.encode(report)))
    #expect(report.jsonValue == viaCodable)
    #expect(try JSONValueEncoder().encode(report) == viaCodable)
  }

  /// Templates fill named placeholders, keep unknown ones as written and treat an unmatched brace as text.
  @Test(arguments: [
    ("Deployment {deployment} of {service}.", "Deployment d1 of s1."),
    ("{service}{deployment}", "s1d1"),
    ("Role {role} is unknown", "Role {role} is unknown"),
    ("Empty {} braces", "Empty {} braces"),
    ("Open {service and more", "Open {service and more"),
    ("{service} then {open", "s1 then {open"),
    ("", ""),
  ])
  func templatesRender(template: String, expected: String) {
    let values = ["deployment": "d1", "service": "s1"]
    #expect(MessageTemplate(template).render(values) == expected)
    #expect(ValidationRule.render(template, values: values) == expected)
  }

  /// Rules evaluated on every core give exactly the report of one-by-one evaluation.
  @Test func parallelEvaluationGivesTheSameReport() throws {
    var estate = Case.baseEstate()
    let template = estate.cloudServices[0]
    estate.cloudServices = (0..<300).map { index in
      var service = template
      service.name = "svc-\(index)"
      service.deployments[0].name = "svc-\(index)-prod"
      if index % 3 == 0 { service.deployments[0].roles[0].definition?.vmSizeAttribute = "Small" }
      return service
    }
    let request = ValidationRequest(
      load: EstateLoadResult(estate: estate, problems: []), target: .virtualNetwork("vnet1"), revision: .current2024)
    let serial = try ValidationEngine(plugins: [ValidationPlugin()], parallelFromRoles: .max).run(request)
    let parallel = try ValidationEngine(plugins: [ValidationPlugin()], parallelFromRoles: 0).run(request)
    #expect(serial.validationMessages.count > 900)
    #expect(serial.validationMessages.contains { $0.category == .error })
    #expect(parallel == serial)
  }
}
