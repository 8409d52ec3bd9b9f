import Foundation
import Testing

@testable import EstateModel

/// Locations of shared test inputs.
enum TestPaths {
  /// The package root: the nearest folder above this file holding `Package.swift`.
  static let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
      url = url.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  }()

  /// `../shared/corpus` next to the package root.
  static let corpus: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    .standardizedFileURL

  /// The corpus folder, or a recorded failure explaining where it was expected.
  static func requireCorpus() throws -> URL {
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: corpus.path, isDirectory: &isDirectory)
    try #require(
      exists && isDirectory.boolValue,
      "corpus not found at \(corpus.path): clone the repository next to a 'shared/' folder holding 'corpus/'")
    return corpus
  }

  /// The sample estate folder.
  static let sampleEstate: URL = packageRoot.appendingPathComponent("examples/sample-estate")

  /// A fresh temporary directory (symlinks resolved), removed by the caller.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("estate-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.resolvingSymlinksInPath()
  }
}
