import Foundation

/// The usable files of a folder, parsed once: what discovery pairs into services.
struct ArtifactScan {
  /// A parsed `.csdef`.
  struct Definition {
    var path: String
    var model: ServiceDefinition
  }

  /// A parsed `.cscfg`.
  struct Configuration {
    var path: String
    var model: ServiceConfiguration
  }

  /// A recognised ASM export.
  struct Export {
    var path: String
    var export: ASMExport
  }

  var definitions: [Definition] = []
  var configurations: [Configuration] = []
  /// `.netcfg` files with the VNets they define.
  var networks: [(path: String, model: NetworkConfiguration)] = []
  var exports: [Export] = []
  /// `.ccproj` and `.sln` files: project hints, reported as notes.
  var projects: [String] = []
  var problems: [Problem] = []
  var notes: [DiscoveryNote] = []

  /// Folders that hold build output or tooling, never the project's own files.
  static let skippedFolders: Set<String> = ["bin", "obj", "csx", "node_modules", "packages"]
  /// The most files a walk looks at; a larger tree is cut short with a warning.
  static let maxEntries = 20_000

  /// Whether the scan found anything an estate can be made of.
  var isEmpty: Bool { definitions.isEmpty && configurations.isEmpty && networks.isEmpty && exports.isEmpty }

  /// Walks `folder` (absolute; `display` is its path relative to the root) and parses every file it recognises.
  init(folder: String, display: String, files: RootedFileReader, maxEntries: Int = Self.maxEntries) {
    let base = display == "." ? "" : display + "/"
    let (found, complete) = Self.walk(folder, maxEntries: maxEntries)
    if !complete {
      problems.append(
        Problem(
          .warning, "discover.too-many-files",
          "the folder holds more than \(maxEntries) entries; only the first \(maxEntries) were looked at",
          file: display))
    }
    for relative in found {
      let path = base + relative
      switch (relative as NSString).pathExtension.lowercased() {
      case "csdef", "cscfg", "netcfg", "xml": read(path, files: files)
      case "ccproj", "sln": projects.append(path)
      default: continue
      }
    }
  }

  /// The files under `folder`, relative to it and sorted, without hidden and build-output folders, and whether
  /// the walk saw them all (it stops after `maxEntries` entries).
  private static func walk(_ folder: String, maxEntries: Int) -> (paths: [String], complete: Bool) {
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return ([], true) }
    var paths: [String] = []
    var seen = 0
    while let path = enumerator.nextObject() as? String {
      seen += 1
      if seen > maxEntries { return (paths.sorted(), false) }
      let name = (path as NSString).lastPathComponent
      if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeDirectory {
        if name.hasPrefix(".") || skippedFolders.contains(name.lowercased()) { enumerator.skipDescendants() }
        continue
      }
      if !name.hasPrefix(".") { paths.append(path) }
    }
    return (paths.sorted(), true)
  }

  /// Reads and parses one candidate file, keeping it when it is usable.
  private mutating func read(_ path: String, files: RootedFileReader) {
    let file: RootedFileReader.File
    do {
      file = try files.read(path)
    } catch {
      problems.append(Problem(.warning, "discover.unreadable", "\(error.description); it is left out", file: path))
      return
    }
    let kind = (path as NSString).pathExtension.lowercased()
    let result: ArtifactParseResult
    switch kind {
    case "csdef": result = ArtifactReader.parse(file.data, kind: .csdef, file: file.displayPath)
    case "cscfg": result = ArtifactReader.parse(file.data, kind: .cscfg, file: file.displayPath)
    case "netcfg": result = ArtifactReader.parse(file.data, kind: .netcfg, file: file.displayPath)
    default: result = ArtifactReader.parseASMExport(file.data, file: file.displayPath)
    }
    switch result.model {
    case .serviceDefinition(let model)?: definitions.append(Definition(path: file.displayPath, model: model))
    case .serviceConfiguration(let model)?: configurations.append(Configuration(path: file.displayPath, model: model))
    case .asm(.networkConfiguration(let model))? where kind == "netcfg": networks.append((file.displayPath, model))
    case .asm(.notLoaded(let root))?:
      notes.append(
        DiscoveryNote(file: file.displayPath, "<\(root)> is an ASM response csmigrate does not load; left out"))
    case .asm(let export)?: exports.append(Export(path: file.displayPath, export: export))
    case nil:
      // Other XML (build files, app settings) is simply not an ASM export; only the estate's own kinds warn.
      guard kind != "xml" else { return }
      let reason = result.problems.first { $0.severity == .error }?.message ?? "it could not be read"
      problems.append(
        Problem(.warning, "discover.unusable", "not a usable .\(kind) (\(reason)); it is left out", file: path))
    }
  }
}
