import Foundation
import Testing

@testable import EstateModel

@Test func dumpCorpusProblems() throws {
  let corpus = try TestPaths.requireCorpus()
  let loader = EstateLoader(root: corpus)
  let enumerator = FileManager.default.enumerator(atPath: corpus.path)
  var paths: [String] = []
  while let path = enumerator?.nextObject() as? String { paths.append(path) }
  for path in paths.sorted() {
    let ext = (path as NSString).pathExtension
    let result: ArtifactParseResult
    switch ext {
    case "csdef": result = loader.parseArtifact(kind: .csdef, path: path, text: nil)
    case "cscfg": result = loader.parseArtifact(kind: .cscfg, path: path, text: nil)
    case "netcfg": result = loader.parseArtifact(kind: .netcfg, path: path, text: nil)
    case "xml": result = loader.parseASMExport(path: path)
    default: continue
    }
    for problem in result.problems { print("P", problem) }
    if result.model == nil { print("NOMODEL", path) }
  }
}
