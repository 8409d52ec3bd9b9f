import Foundation
import Testing

@testable import EstateModel

/// One error the corpus is known to contain: a real file that is wrong in a way real files are wrong.
struct ExpectedProblem: Hashable, CustomStringConvertible {
  var file: String
  var code: String
  var description: String { "(\"\(file)\", \"\(code)\")" }
}

/// Walks the corpus and loads every csdef/cscfg pair (as an estate, so cross-file checks run), every lone cscfg,
/// every netcfg and every ASM XML response.
enum CorpusWalker {
  static func xmlFiles(under corpus: URL) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: corpus.path)
    var paths: [String] = []
    while let path = enumerator?.nextObject() as? String {
      if ["csdef", "cscfg", "netcfg", "xml"].contains((path as NSString).pathExtension) { paths.append(path) }
    }
    return paths.sorted()
  }

  /// Loads everything; returns the problems of each file and the set of files loaded.
  static func loadAll(_ corpus: URL) -> (problems: [Problem], loaded: Set<String>) {
    let loader = EstateLoader(root: corpus)
    var problems: [Problem] = []
    var loaded: Set<String> = []
    let files = xmlFiles(under: corpus)
    let byFolder = Dictionary(grouping: files) { ($0 as NSString).deletingLastPathComponent }
    for (folder, folderFiles) in byFolder.sorted(by: { $0.key < $1.key }) {
      let definitions = folderFiles.filter { $0.hasSuffix(".csdef") }
      let configurations = folderFiles.filter { $0.hasSuffix(".cscfg") }
      if definitions.count == 1, let definition = definitions.first, !configurations.isEmpty {
        for configuration in configurations {
          let document = """
            {"services": [{"name": "corpus", "deployments": {"production": {
              "csdef": "\((definition as NSString).lastPathComponent)",
              "cscfg": "\((configuration as NSString).lastPathComponent)"}}}]}
            """
          let result = loader.load(documentText: document, baseDirectory: folder)
          problems += result.problems
          loaded.formUnion([definition, configuration])
        }
        continue
      }
      for path in folderFiles {
        let result: ArtifactParseResult
        switch (path as NSString).pathExtension {
        case "csdef": result = loader.parseArtifact(kind: .csdef, path: path, text: nil)
        case "cscfg": result = loader.parseArtifact(kind: .cscfg, path: path, text: nil)
        case "netcfg": result = loader.parseArtifact(kind: .netcfg, path: path, text: nil)
        default: result = loader.parseASMExport(path: path)
        }
        if result.model != nil { loaded.insert(path) }
        problems += result.problems
      }
    }
    return (problems, loaded)
  }
}

@Suite struct CorpusTests {
  /// Every error the corpus holds. A change in parsing or checks that adds or removes one fails the test.
  static let expectedErrors: Set<ExpectedProblem> = [
    // RemoteAccess imported, no PasswordEncryption thumbprint
    ExpectedProblem(
      file: "cloud-services/006-daprlabs--OrleansSimpleMessage/ServiceDefinition.csdef",
      code: "estate.certificate-not-in-cscfg"),
    // RemoteAccess/RemoteForwarder imported, settings missing
    ExpectedProblem(
      file: "cloud-services/006-daprlabs--OrleansSimpleMessage/ServiceDefinition.csdef",
      code: "estate.setting-not-in-cscfg"),
    // 'nuget.org' thumbprint, undeclared
    ExpectedProblem(
      file: "cloud-services/011-NuGet--NuGetGallery-Scripts/NuGetGallery.cscfg", code: "estate.certificate-not-in-csdef"
    ),
    // template cscfg without the Gallery.* values
    ExpectedProblem(
      file: "cloud-services/011-NuGet--NuGetGallery-Scripts/NuGetGallery.csdef", code: "estate.setting-not-in-cscfg"),
    // 'azuresb' vs 'demo'
    ExpectedProblem(
      file: "cloud-services/023-garyranson--Demo/ServiceConfiguration.Cloud.cscfg", code: "estate.service-name-mismatch"
    ),
    // Diagnostics.ConnectionString declared only
    ExpectedProblem(
      file:
        "cloud-services/031-microsoftgraph--microsoft-graph-comms-samples-PolicyRecordingBot/ServiceDefinition.csdef",
      code: "estate.setting-not-in-cscfg"),
    // two settings declared only
    ExpectedProblem(
      file: "cloud-services/033-jrg1381--redchess/ServiceDefinition.csdef", code: "estate.setting-not-in-cscfg"),
    // 39 digits: not whole bytes
    ExpectedProblem(
      file: "cloud-services/034-cdrnet--lokad-cloud/ServiceConfiguration.Local.cscfg",
      code: "cscfg.thumbprint-not-hex"),
    // SSLCertificate declared only
    ExpectedProblem(
      file: "cloud-services/037-thedudend--CanonLightSwitch/ServiceDefinition.csdef",
      code: "estate.certificate-not-in-cscfg"),
    // 'cloud-ddd-cml' vs 'cloud-ddd-clm'
    ExpectedProblem(
      file: "cloud-services/043-roysbailey--cloud-ddd-clm/ServiceConfiguration.Cloud.cscfg",
      code: "estate.service-name-mismatch"),
    // RemoteAccess imported, no thumbprint
    ExpectedProblem(
      file: "cloud-services/046-qwergram--CortanaVisionCSA/ServiceDefinition.csdef",
      code: "estate.certificate-not-in-cscfg"),
    // RemoteAccess imported, no settings
    ExpectedProblem(
      file: "cloud-services/046-qwergram--CortanaVisionCSA/ServiceDefinition.csdef", code: "estate.setting-not-in-cscfg"
    ),
  ]

  @Test func everyCorpusFileLoadsWithOnlyTheKnownErrors() throws {
    let corpus = try TestPaths.requireCorpus()
    let (problems, loaded) = CorpusWalker.loadAll(corpus)
    let files = CorpusWalker.xmlFiles(under: corpus)
    #expect(files.count >= 140, "the corpus walk found only \(files.count) files")
    #expect(Set(files) == loaded, "files without a model: \(Set(files).subtracting(loaded).sorted())")
    let errors = Set(
      problems.filter { $0.severity == .error }.map {
        ExpectedProblem(file: ($0.file ?? "").components(separatedBy: "#")[0], code: $0.code)
      })
    let unexpected = errors.subtracting(Self.expectedErrors).sorted { $0.description < $1.description }
    let missing = Self.expectedErrors.subtracting(errors).sorted { $0.description < $1.description }
    #expect(unexpected.isEmpty, "unexpected errors:\n\(unexpected.map(\.description).joined(separator: ",\n"))")
    #expect(missing.isEmpty, "expected errors not reported: \(missing)")
  }
}
