import Foundation
import Testing

@testable import EstateModel

/// Paths that leave the root, files that are too large, and documents with wrong field types.
@Suite struct PathSafetyTests {
  static let csdef =
    #"<ServiceDefinition name="s" "#
    + #"xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition"/>"#

  /// A root folder with `root/inside.csdef` and a sibling `outside/outside.csdef`.
  func makeTree() throws -> (base: URL, root: URL) {
    let base = try TestPaths.temporaryDirectory()
    let root = base.appendingPathComponent("root")
    let outside = base.appendingPathComponent("outside")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    try Self.csdef.write(to: root.appendingPathComponent("inside.csdef"), atomically: true, encoding: .utf8)
    try Self.csdef.write(to: outside.appendingPathComponent("outside.csdef"), atomically: true, encoding: .utf8)
    return (base, root)
  }

  @Test func dotDotEscapeIsRefused() throws {
    let (base, root) = try makeTree()
    defer { try? FileManager.default.removeItem(at: base) }
    let loader = EstateLoader(root: root)
    #expect(loader.parseArtifact(kind: .csdef, path: "inside.csdef", text: nil).problems.isEmpty)
    let result = loader.parseArtifact(kind: .csdef, path: "../outside/outside.csdef", text: nil)
    #expect(result.model == nil)
    #expect(result.problems.map(\.code) == ["input.path-outside-root"])
    #expect(throws: EstateInputError.pathOutsideRoot(path: "../outside/outside.csdef", field: "f")) {
      try loader.files.read("../outside/outside.csdef", field: "f")
    }
  }

  @Test func absolutePathOutsideRootIsRefused() throws {
    let (base, root) = try makeTree()
    defer { try? FileManager.default.removeItem(at: base) }
    let loader = EstateLoader(root: root)
    let absolute = base.appendingPathComponent("outside/outside.csdef").path
    let result = loader.parseArtifact(kind: .csdef, path: absolute, text: nil)
    #expect(result.problems.map(\.code) == ["input.path-outside-root"])
    let inside = root.appendingPathComponent("inside.csdef").path
    #expect(loader.parseArtifact(kind: .csdef, path: inside, text: nil).problems.isEmpty)
  }

  @Test func symlinkOutOfRootIsRefused() throws {
    let (base, root) = try makeTree()
    defer { try? FileManager.default.removeItem(at: base) }
    try FileManager.default.createSymbolicLink(
      at: root.appendingPathComponent("link.csdef"),
      withDestinationURL: base.appendingPathComponent("outside/outside.csdef"))
    try FileManager.default.createSymbolicLink(
      at: root.appendingPathComponent("inner-link.csdef"),
      withDestinationURL: root.appendingPathComponent("inside.csdef"))
    let loader = EstateLoader(root: root)
    let result = loader.parseArtifact(kind: .csdef, path: "link.csdef", text: nil)
    #expect(result.problems.map(\.code) == ["input.path-outside-root"])
    #expect(loader.parseArtifact(kind: .csdef, path: "inner-link.csdef", text: nil).problems.isEmpty)
  }

  /// The swap a racing attacker would make, done before the read instead of during it: each component of
  /// `a/b/c/deep.csdef` in turn replaced by a symlink to the same tree outside the root. Every depth is refused,
  /// which is what the descriptor walk guarantees whatever the timing.
  @Test func symlinkedComponentIsRefusedAtEveryDepth() throws {
    let components = ["a", "b", "c", "deep.csdef"]
    for depth in components.indices {
      let (base, root) = try makeTree()
      defer { try? FileManager.default.removeItem(at: base) }
      for tree in [root, base.appendingPathComponent("outside")] {
        let directory = tree.appendingPathComponent(components.dropLast().joined(separator: "/"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.csdef.write(to: directory.appendingPathComponent("deep.csdef"), atomically: true, encoding: .utf8)
      }
      let reader = RootedFileReader(root: root)
      let path = components.joined(separator: "/")
      #expect(try reader.read(path).displayPath == path)
      let prefix = components[...depth].joined(separator: "/")
      try FileManager.default.removeItem(at: root.appendingPathComponent(prefix))
      try FileManager.default.createSymbolicLink(
        at: root.appendingPathComponent(prefix),
        withDestinationURL: base.appendingPathComponent("outside").appendingPathComponent(prefix))
      #expect(throws: EstateInputError.pathOutsideRoot(path: path, field: "f"), "depth \(depth)") {
        try reader.read(path, field: "f")
      }
      // A relative link climbing out with `..` is refused the same way.
      try FileManager.default.removeItem(at: root.appendingPathComponent(prefix))
      let climb = Array(repeating: "..", count: depth + 1).joined(separator: "/") + "/outside/" + prefix
      try FileManager.default.createSymbolicLink(
        atPath: root.appendingPathComponent(prefix).path, withDestinationPath: climb)
      #expect(throws: EstateInputError.pathOutsideRoot(path: path, field: nil), "relative, depth \(depth)") {
        try reader.read(path)
      }
    }
  }

  @Test func symlinksThatStayBeneathTheRootAreFollowed() throws {
    let (base, root) = try makeTree()
    defer { try? FileManager.default.removeItem(at: base) }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("x/y"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: root.appendingPathComponent("x/y/up").path, withDestinationPath: "../..")
    try FileManager.default.createSymbolicLink(
      atPath: root.appendingPathComponent("abs").path, withDestinationPath: root.appendingPathComponent("x").path)
    let reader = RootedFileReader(root: root)
    let file = try reader.read("x/y/up/inside.csdef")
    #expect(file.absolutePath == root.appendingPathComponent("inside.csdef").path)
    #expect(file.displayPath == "x/y/up/inside.csdef")
    #expect(try reader.read("abs/y/up/inside.csdef").data == Data(Self.csdef.utf8))
    // A loop of links ends in a refusal, not a hang.
    try FileManager.default.createSymbolicLink(
      atPath: root.appendingPathComponent("loop").path, withDestinationPath: "loop")
    #expect(throws: EstateInputError.unreadable(path: "loop", field: nil)) { try reader.read("loop") }
  }

  @Test func onlyRegularFilesAreRead() throws {
    let (base, root) = try makeTree()
    defer { try? FileManager.default.removeItem(at: base) }
    #expect(mkfifo(root.appendingPathComponent("pipe").path, 0o600) == 0)
    let reader = RootedFileReader(root: root)
    // A FIFO would block a plain open; the walk opens it without blocking and refuses it.
    #expect(throws: EstateInputError.unreadable(path: "pipe", field: nil)) { try reader.read("pipe") }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("dir"), withIntermediateDirectories: true)
    #expect(throws: EstateInputError.unreadable(path: "dir", field: nil)) { try reader.read("dir") }
    #expect(throws: EstateInputError.fileNotFound(path: "dir/none.csdef", field: nil)) {
      try reader.read("dir/none.csdef")
    }
  }

  @Test func fileAboveTheLimitIsRefused() throws {
    let (base, root) = try makeTree()
    defer { try? FileManager.default.removeItem(at: base) }
    let loader = EstateLoader(root: root, limits: EstateLimits(maxFileBytes: 64))
    let result = loader.parseArtifact(kind: .csdef, path: "inside.csdef", text: nil)
    #expect(result.problems.map(\.code) == ["input.file-too-large"])
    #expect(throws: EstateInputError.fileTooLarge(path: "inside.csdef", limit: 64, field: nil)) {
      try loader.files.read("inside.csdef")
    }
    #expect(EstateLimits.default.maxFileBytes == 16 * 1024 * 1024)
  }

  /// A document naming the same file again and again reads it only until the load's budget is spent; every
  /// later reference is an `input.estate-too-large` problem at its field, however many threads assemble them.
  @Test(arguments: [10, 200])  // 200 services: assembled in parallel
  func filesPastTheLoadBudgetAreRefused(services: Int) throws {
    let (base, root) = try makeTree()
    defer { try? FileManager.default.removeItem(at: base) }
    let entries = (0..<services).map { _ in #"{"name": "s", "deployments": {"production": {"csdef": "inside.csdef"}}}"#
    }
    let document = #"{"services": ["# + entries.joined(separator: ",") + "]}"
    let csdefBytes = Self.csdef.utf8.count
    let allowed = 7
    let limit = document.utf8.count + allowed * csdefBytes + csdefBytes / 2
    let loader = EstateLoader(root: root, limits: EstateLimits(maxFileBytes: 1 << 20, maxEstateBytes: limit))
    let result = loader.load(documentText: document, baseDirectory: nil)
    let refused = result.problems.filter { $0.code == "input.estate-too-large" }
    #expect(refused.count == services - allowed)
    #expect(refused.allSatisfy { $0.severity == .error && $0.path?.hasPrefix("services[") == true })
    #expect(refused.first?.message.contains("\(limit) bytes") == true)
    #expect(EstateLimits.default.maxEstateBytes == 256 * 1024 * 1024)
  }

  @Test func missingFileIsNamedWithItsField() throws {
    let (base, root) = try makeTree()
    defer { try? FileManager.default.removeItem(at: base) }
    let document = #"{"services": [{"name": "s", "deployments": {"production": {"csdef": "nope.csdef"}}}]}"#
    let result = EstateLoader(root: root).load(documentText: document, baseDirectory: nil)
    #expect(result.problems.map(\.code) == ["input.file-not-found"])
    #expect(result.problems.first?.path == "services[0].deployments.production.csdef")
  }

  @Test func documentFieldOfWrongTypeNamesTheField() throws {
    let document = """
      {"services": [{"name": "s", "deployments": {"production": {"cscfg": 42, "status": "Running"}}}],
       "quotas": "none", "colour": "blue"}
      """
    let result = EstateLoader(root: URL(fileURLWithPath: NSTemporaryDirectory()))
      .load(documentText: document, baseDirectory: nil)
    let errors = result.problems.filter { $0.severity == .error }
    #expect(errors.map(\.code) == ["document.wrong-type", "document.wrong-type"])
    #expect(errors.map(\.path) == ["quotas", "services[0].deployments.production.cscfg"])
    let warnings = result.problems.filter { $0.severity == .warning }
    #expect(warnings.map(\.code) == ["document.unknown-key"])
    #expect(warnings.map(\.path) == ["colour"])
    // The rest of the document still loads.
    #expect(result.estate.cloudServices.first?.deployments.first?.status == .running)
  }

  @Test func documentThatIsNotJSONIsInvalid() {
    let result = EstateLoader(root: URL(fileURLWithPath: NSTemporaryDirectory()))
      .load(documentText: "[1, 2", baseDirectory: nil)
    #expect(result.problems.map(\.code) == ["document.invalid"])
  }
}
