import Foundation
import Testing

@testable import EstateModel

/// Services assembled on every core give exactly the estate, problems and digest of one-by-one assembly.
struct ParallelAssemblyTests {
  static let csdefNamespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition"
  static let cscfgNamespace = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration"

  /// 150 services: files on disk, inline files, a missing file, broken XML and a name given twice.
  static func document(in folder: URL) throws -> String {
    var services: [String] = []
    for index in 0..<150 {
      let name = index == 149 ? "svc-7" : "svc-\(index)"
      let csdef =
        #"<ServiceDefinition name="\#(name)" xmlns="\#(csdefNamespace)"><WorkerRole name="W\#(index)"/></ServiceDefinition>"#
      let cscfg =
        #"<ServiceConfiguration serviceName="\#(name)" xmlns="\#(cscfgNamespace)"><Role name="W\#(index)"><Instances count="2"/></Role></ServiceConfiguration>"#
      let csdefReference: String
      switch index % 5 {
      case 0:
        try csdef.write(to: folder.appendingPathComponent("\(name).csdef"), atomically: true, encoding: .utf8)
        csdefReference = #""\#(name).csdef""#
      case 1: csdefReference = #""missing-\#(index).csdef""#
      case 2: csdefReference = #"{"inline": "<ServiceDefinition name='broken'><WorkerRole></ServiceDefinition>"}"#
      default: csdefReference = try String(decoding: JSONEncoder().encode(["inline": csdef]), as: UTF8.self)
      }
      let cscfgReference = try String(decoding: JSONEncoder().encode(["inline": cscfg]), as: UTF8.self)
      services.append(
        #"{"name": "\#(name)", "deployments": {"production": {"name": "\#(name)-prod", "csdef": \#(csdefReference), "#
          + #""cscfg": \#(cscfgReference)}}}"#)
    }
    return #"{"version": 1, "services": [\#(services.joined(separator: ","))]}"#
  }

  static func load(_ folder: URL, parallelFromServices: Int) throws -> EstateLoadResult {
    let data = try Data(contentsOf: folder.appendingPathComponent("estate.json"))
    var assembler = EstateAssembler(
      files: RootedFileReader(root: folder, limits: .default), documentFile: "estate.json", baseDirectory: "")
    assembler.parallelFromServices = parallelFromServices
    return assembler.assemble(data: data)
  }

  @Test func parallelAssemblyMatchesOneByOne() throws {
    let folder = try TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.document(in: folder).write(
      to: folder.appendingPathComponent("estate.json"), atomically: true, encoding: .utf8)
    let serial = try Self.load(folder, parallelFromServices: .max)
    let parallel = try Self.load(folder, parallelFromServices: 0)
    #expect(serial.estate.cloudServices.count == 149)
    #expect(serial.problems.contains { $0.code == "input.file-not-found" })
    #expect(serial.problems.contains { $0.code == "xml.malformed" })
    #expect(try stableJSON(parallel) == stableJSON(serial))
    #expect(parallel.sourceDigest == serial.sourceDigest)
    // The digest covers the files on disk: changing one changes it.
    try "<ServiceDefinition/>".write(
      to: folder.appendingPathComponent("svc-0.csdef"), atomically: true, encoding: .utf8)
    #expect(try Self.load(folder, parallelFromServices: 0).sourceDigest != serial.sourceDigest)
  }
}
