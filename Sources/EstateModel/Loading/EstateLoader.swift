public import Foundation

/// Loads estate documents and parses single artifacts, confined to a root directory.
///
/// Every path an estate names resolves against `root`; paths that escape it (`..`, absolute paths elsewhere,
/// symlinks pointing out) and files larger than `limits.maxFileBytes` are refused with an error problem.
/// Loading never throws: everything that goes wrong becomes a `Problem` with file, line and column.
public struct EstateLoader: Sendable {
  /// The reader that enforces the root and the size limit.
  public let files: RootedFileReader

  /// Creates a loader for a root directory (the worker's `--root`).
  public init(root: URL, limits: EstateLimits = .default) {
    self.files = RootedFileReader(root: root, limits: limits)
  }

  /// The root directory, with symlinks resolved.
  public var root: URL { files.root }

  /// Loads an estate document from a file under the root; the files it names resolve against its folder.
  public func load(documentAt path: String) -> EstateLoadResult {
    do {
      return try loadDocument(at: path, field: nil)
    } catch {
      return EstateLoadResult(estate: Estate(), problems: [error.problem])
    }
  }

  /// Loads an estate document from a file under the root, throwing when the document itself cannot be read
  /// (the files it names still become problems); `field` names the params member the path came from, and `steps`
  /// hears the load's steps and can stop it.
  public func loadDocument(at path: String, field: String?, steps: EstateLoadSteps? = nil) throws(EstateInputError)
    -> EstateLoadResult
  {
    let file = try files.read(path, field: field)
    let folder = (file.displayPath as NSString).deletingLastPathComponent
    return EstateAssembler(files: files, documentFile: file.displayPath, baseDirectory: folder, steps: steps)
      .assemble(data: file.data)
  }

  /// Loads an estate document given as text; relative paths resolve against `baseDirectory` (root-relative or
  /// absolute inside the root), or against the root when it is nil; `steps` hears the load's steps and can stop it.
  public func load(documentText: String, baseDirectory: String?, steps: EstateLoadSteps? = nil) -> EstateLoadResult {
    EstateAssembler(files: files, documentFile: nil, baseDirectory: baseDirectory ?? "", steps: steps)
      .assemble(data: Data(documentText.utf8))
  }

  /// Parses one artifact given by path (under the root) or inline text; `path` wins when both are given.
  public func parseArtifact(kind: ArtifactKind, path: String?, text: String?) -> ArtifactParseResult {
    if let path {
      do {
        return try parseArtifact(kind: kind, path: path, field: nil)
      } catch {
        return ArtifactParseResult(kind: kind, model: nil, problems: [error.problem])
      }
    }
    guard let text else {
      let problem = Problem(.error, "input.missing", "give either a path or inline text")
      return ArtifactParseResult(kind: kind, model: nil, problems: [problem])
    }
    let data = Data(text.utf8)
    guard data.count <= files.limits.maxFileBytes else {
      let problem = EstateInputError.fileTooLarge(path: "<inline>", limit: files.limits.maxFileBytes, field: nil)
      return ArtifactParseResult(kind: kind, model: nil, problems: [problem.problem])
    }
    return ArtifactReader.parse(data, kind: kind, file: "<inline>", limits: files.limits)
  }

  /// Parses one artifact under the root, throwing when the file itself cannot be read.
  public func parseArtifact(kind: ArtifactKind, path: String, field: String?) throws(EstateInputError)
    -> ArtifactParseResult
  {
    let file = try files.read(path, field: field)
    return ArtifactReader.parse(file.data, kind: kind, file: file.displayPath, limits: files.limits)
  }

  /// Parses an ASM export under the root, recognising its kind from the root element.
  public func parseASMExport(path: String) -> ArtifactParseResult {
    do {
      let file = try files.read(path)
      return ArtifactReader.parseASMExport(file.data, file: file.displayPath, limits: files.limits)
    } catch {
      return ArtifactParseResult(kind: nil, model: nil, problems: [error.problem])
    }
  }
}

/// The outcome of loading an estate: the model, every problem, and counts.
public struct EstateLoadResult: Sendable, Hashable, Encodable {
  /// The estate (possibly partial when there are errors).
  public var estate: Estate
  /// Every problem, errors first within each file's order of discovery.
  public var problems: [Problem]
  /// Counts of the estate's elements.
  public var summary: EstateSummary
  /// The ``ContentDigest`` of the document and every file it named, when the estate was loaded from them.
  public var sourceDigest: String?
  /// Whether cancellation stopped the load before its end: the estate and problems are then partial and must not
  /// be kept or answered.
  public var stoppedEarly = false

  private enum CodingKeys: String, CodingKey {
    case estate, problems, summary
  }

  /// Creates a result, computing the summary.
  public init(estate: Estate, problems: [Problem], sourceDigest: String? = nil) {
    self.estate = estate
    self.problems = problems
    self.summary = EstateSummary(estate)
    self.sourceDigest = sourceDigest
  }

  /// Whether loading produced no error (warnings allowed).
  public var succeeded: Bool { !problems.containsErrors }
}
