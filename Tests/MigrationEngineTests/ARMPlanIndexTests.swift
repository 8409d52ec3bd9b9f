import EstateModel
import Foundation
import MigrationEngine
import PluginAPI
import Testing

/// The plan's indexed adds give the same plan as a plain linear search, on the resources of real estates.
struct ARMPlanIndexTests {
  /// The plan's methods as they were before the index: a case-insensitive linear search per add.
  struct LinearPlan {
    var resources: [ARMResource] = []
    var groups: [ARMResourceGroup] = []
    var parameters: [ARMParameter] = []

    mutating func upsert(_ resource: ARMResource) {
      if let index = resources.firstIndex(where: { $0.id.lowercased() == resource.id.lowercased() }) {
        resources[index] = resource
      } else {
        resources.append(resource)
      }
    }

    mutating func addResourceGroup(_ group: ARMResourceGroup) {
      guard !groups.contains(where: { $0.name.lowercased() == group.name.lowercased() }) else { return }
      groups.append(group)
    }

    mutating func addParameter(_ parameter: ARMParameter) {
      guard !parameters.contains(where: { $0.name == parameter.name }) else { return }
      parameters.append(parameter)
    }

    func index(ofType type: String, named name: String) -> Int? {
      resources.firstIndex { $0.type.lowercased() == type.lowercased() && $0.name == name }
    }
  }

  /// Plans of every service of both example estates.
  static func estatePlans() throws -> [ARMPlan] {
    var plans: [ARMPlan] = []
    for path in ["examples/sample-estate/estate.json", "examples/solo-estate/estate.json"] {
      let load = EstateLoader(root: packageRoot).load(documentAt: path)
      for service in load.estate.cloudServices {
        plans.append(
          try ARMTestSupport.planner.plan(
            for: ResolvedEstate(handle: "t", load: load),
            target: .deployment(service: service.name, slot: nil, deployment: nil), options: ARMPlanOptions()))
      }
    }
    return plans
  }

  /// The same resource under an ID spelled in upper case, with one property changed so a replacement shows.
  static func respelled(_ resource: ARMResource) -> ARMResource {
    var copy = resource
    copy.id = resource.id.uppercased()
    copy.properties["replaced"] = true
    return copy
  }

  @Test func indexedAddsMatchLinearSearchOnExampleEstates() throws {
    let plans = try Self.estatePlans()
    #expect(plans.count >= 2)
    for source in plans {
      #expect(!source.resources.isEmpty)
      var indexed = ARMPlan(subscriptionID: source.subscriptionID, naming: source.naming)
      var linear = LinearPlan()
      for (position, resource) in source.resources.enumerated() {
        indexed.upsert(resource)
        linear.upsert(resource)
        // Every other resource comes again under a respelled ID: it replaces, never duplicates.
        if position.isMultiple(of: 2) {
          indexed.upsert(Self.respelled(resource))
          linear.upsert(Self.respelled(resource))
        }
        for group in source.resourceGroups
          + source.resourceGroups.map({
            ARMResourceGroup(name: $0.name.uppercased(), location: $0.location, source: $0.source)
          })
        {
          indexed.addResourceGroup(group)
          linear.addResourceGroup(group)
        }
      }
      for parameter in source.parameters + source.parameters {
        indexed.addParameter(parameter)
        linear.addParameter(parameter)
      }
      #expect(indexed.resources == linear.resources)
      #expect(indexed.resourceGroups == linear.groups)
      #expect(indexed.parameters == linear.parameters)
      for resource in source.resources {
        #expect(
          indexed.index(ofType: resource.type, named: resource.name)
            == linear.index(ofType: resource.type, named: resource.name))
        #expect(indexed.index(ofType: resource.type.uppercased(), named: resource.name) != nil)
      }
    }
  }

  /// Direct edits of the arrays (as plugins make) are seen by the next add.
  @Test func directEditsOfTheArraysAreSeenByTheNextAdd() throws {
    let source = try #require(try Self.estatePlans().first)
    var plan = source
    let first = try #require(plan.resources.first)
    let other = try #require(plan.resources.last)
    #expect(first.id != other.id)
    plan.resources.removeAll()
    #expect(plan.index(ofType: first.type, named: first.name) == nil)
    plan.upsert(first)
    #expect(plan.index(ofType: first.type, named: first.name) == 0)
    plan.resources.insert(other, at: 0)
    plan.upsert(Self.respelled(first))
    #expect(plan.resources == [other, Self.respelled(first)])
    #expect(plan.index(ofType: first.type, named: first.name) == 1)
    plan.resourceGroups.removeAll()
    let group = try #require(source.resourceGroups.first)
    plan.addResourceGroup(group)
    plan.addResourceGroup(group)
    #expect(plan.resourceGroups == [group])
  }

  /// Changes through `updateResource` land in place, and a renaming change is seen by the next look-up and add.
  @Test func updatedResourcesAreSeenByLookUpsAndAdds() throws {
    var plan = try #require(try Self.estatePlans().first)
    let first = try #require(plan.resources.first)
    plan.updateResource(at: 0) { $0.properties["changed"] = true }
    #expect(plan.resources[0].properties["changed"] == true)
    #expect(plan.index(ofType: first.type, named: first.name) == 0)
    plan.updateResource(at: 0) { $0.name = "renamed" }
    #expect(plan.index(ofType: first.type, named: first.name) == nil)
    #expect(plan.index(ofType: first.type, named: "renamed") == 0)
    let count = plan.resources.count
    plan.upsert(Self.respelled(first))
    #expect(plan.resources.count == count, "the ID is unchanged, so the add replaces")
    #expect(plan.index(ofType: first.type, named: first.name) == 0)
  }

  /// Coding and equality ignore the index: a decoded plan equals its source and adds the same way.
  @Test func codingAndEqualityIgnoreTheIndex() throws {
    var source = try #require(try Self.estatePlans().first)
    let decoded = try JSONDecoder().decode(ARMPlan.self, from: JSONEncoder().encode(source))
    #expect(decoded == source)
    let text = String(decoding: try JSONEncoder().encode(source), as: UTF8.self)
    #expect(!text.contains("lookup"))
    var copy = decoded
    let first = try #require(source.resources.first)
    copy.upsert(Self.respelled(first))
    source.upsert(Self.respelled(first))
    #expect(copy == source)
    #expect(copy.resources.count == decoded.resources.count)
  }
}
