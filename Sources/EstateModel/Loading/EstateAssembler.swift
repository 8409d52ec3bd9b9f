import Foundation
import WorkerProtocol

/// Turns an estate document into an `Estate`: reads the files it names, merges them with its facts, and collects
/// every problem along the way.
struct EstateAssembler {
  let files: RootedFileReader
  /// The document's path relative to the root, or nil for inline documents.
  let documentFile: String?
  /// The folder relative paths in the document resolve against.
  let baseDirectory: String
  var problems: [Problem] = []
  /// The number of services from which they are assembled on every core; below it, handing them to other
  /// threads costs more than it saves.
  var parallelFromServices = 64
  /// The files read so far, in reading order (the document first); the estate's digest covers them all.
  var reads: [(label: String, data: Data)] = []
  /// What the load may still read in all; shared by the copies that assemble services in parallel.
  let budget: EstateReadBudget
  /// The caller's hook for the load's steps and its cancellation, if any.
  var steps: EstateLoadSteps?

  /// Makes an assembler; `budget` is the one of the load it helps with, or nil for a new load.
  init(
    files: RootedFileReader, documentFile: String?, baseDirectory: String, budget: EstateReadBudget? = nil,
    steps: EstateLoadSteps? = nil
  ) {
    self.files = files
    self.documentFile = documentFile
    self.baseDirectory = baseDirectory
    self.budget = budget ?? EstateReadBudget(limit: files.limits.maxEstateBytes)
    self.steps = steps
  }

  /// The parsed schema (a programming error in the constant shows as an empty schema, caught by tests).
  static let schema: JSONFragment =
    (try? JSONDecoder().decode(JSONFragment.self, from: Data(EstateDocument.jsonSchema.utf8))) ?? .object([:])

  /// The schema compiled for the normaliser, once per process.
  static let compiledSchema = CompiledSchema(schema)

  consuming func assemble(data: Data) -> EstateLoadResult {
    _ = budget.take(data.count)  // the document's own size is limited by maxFileBytes below
    reads.append((documentFile ?? "<inline>", data))
    guard let document = decodeDocument(data) else {
      return EstateLoadResult(estate: Estate(), problems: problems, sourceDigest: digestOfReads())
    }
    let progress = EstateLoadProgress(
      steps: steps, total: (document.netcfg == nil ? 0 : 1) + document.asmExports.count + document.services.count)
    var estate = Estate(subscription: document.subscription)
    if document.netcfg != nil {
      guard !Self.stopping(progress) else { return stoppedEarly(estate) }
      loadNetwork(document, into: &estate)
      progress.finished("read the network configuration")
    }
    for index in document.asmExports.indices {
      guard !Self.stopping(progress) else { return stoppedEarly(estate) }
      loadASMExport(document.asmExports[index], field: "asmExports[\(index)]", into: &estate)
      progress.finished("read the ASM export \(index + 1)")
    }
    // Services by name, so that merging stays linear in the number of services.
    var serviceIndex = Dictionary(
      estate.cloudServices.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
    let parts = assembleServices(document.services, progress: progress)
    guard !Self.stopping(progress) else { return stoppedEarly(estate) }
    for part in parts {
      problems += part.problems
      reads += part.reads
      let service = part.service
      if let existing = serviceIndex[service.name] {
        estate.cloudServices[existing] = merged(estate.cloudServices[existing], with: service)
      } else {
        serviceIndex[service.name] = estate.cloudServices.count
        estate.cloudServices.append(service)
      }
    }
    applyFacts(document, to: &estate)
    checkReferences(estate)
    return EstateLoadResult(estate: estate, problems: problems, sourceDigest: digestOfReads())
  }

  /// Whether the load should stop: its task or the caller's hook was cancelled.
  static func stopping(_ progress: EstateLoadProgress) -> Bool {
    Task.isCancelled || progress.isCancelled
  }

  /// What a load cut short by cancellation returns: what it had so far, marked so that nobody keeps it.
  private func stoppedEarly(_ estate: Estate) -> EstateLoadResult {
    var result = EstateLoadResult(estate: estate, problems: problems)
    result.stoppedEarly = true
    return result
  }

  /// The digest of every file read, in reading order: each one's label, then its bytes.
  private func digestOfReads() -> String {
    var digest = ContentDigest()
    for read in reads {
      digest.add(label: read.label)
      digest.add(read.data)
    }
    return digest.hex
  }

  /// Decodes and normalises the document; nil (with a problem) when it is not a JSON object.
  mutating func decodeDocument(_ data: Data) -> EstateDocument? {
    guard data.count <= files.limits.maxFileBytes else {
      let error = EstateInputError.fileTooLarge(
        path: documentFile ?? "<inline>", limit: files.limits.maxFileBytes, field: nil)
      problems.append(error.problem)
      return nil
    }
    // Parsed with the worker's own JSON parser, normalised against the compiled schema and decoded from the value
    // tree: no Foundation coder passes and no intermediate trees (they dominated the loading of large estates).
    let raw: JSONValue
    do {
      raw = try Self.parse(data)
    } catch {
      let reason = "not valid JSON (\(error))"
      problems.append(EstateInputError.invalidDocument(reason: reason, file: documentFile).problem)
      return nil
    }
    guard case .object = raw else {
      let error = EstateInputError.invalidDocument(reason: "the top level must be a JSON object", file: documentFile)
      problems.append(error.problem)
      return nil
    }
    var normalizer = SchemaNormalizer(schema: Self.compiledSchema, file: documentFile)
    let normalized = normalizer.normalize(raw) ?? .object(JSONObject())
    problems += normalizer.problems
    if let document = try? EstateDocument(normalized: normalized) { return document }
    do {
      return try JSONValueDecoder().decode(EstateDocument.self, from: normalized)
    } catch {
      let reason = "it does not match the schema (\(Self.describe(error)))"
      problems.append(EstateInputError.invalidDocument(reason: reason, file: documentFile).problem)
      return nil
    }
  }

  /// Parses a document, skipping a UTF-8 byte-order mark as editors on Windows write one.
  static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let bytes = Array(data.starts(with: bom) ? data.dropFirst(3) : data[...])
    return try JSONParser.parse(bytes)
  }

  static func describe(_ error: any Error) -> String {
    guard let decodingError = error as? DecodingError else { return String(describing: error) }
    switch decodingError {
    case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
      .keyNotFound(_, let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
      return [path.isEmpty ? nil : path, context.debugDescription, underlying].compactMap { $0 }.joined(separator: ": ")
    @unknown default:
      return String(describing: error)
    }
  }

  /// Reads a file reference: a path under the root or inline text. Returns the bytes and the name to use in
  /// locations, or nil after reporting why the file was refused.
  mutating func read(_ reference: FileReference, field: String) -> (data: Data, file: String)? {
    switch reference {
    case .inline(let text):
      let data = Data(text.utf8)
      guard data.count <= files.limits.maxFileBytes else {
        problems.append(
          EstateInputError.fileTooLarge(path: "<inline>", limit: files.limits.maxFileBytes, field: field).problem)
        return nil
      }
      guard budget.take(data.count) else {
        problems.append(overBudget("<inline>", field: field))
        return nil
      }
      return (data, "\(documentFile ?? "<inline>")#\(field)")
    case .path(let path):
      do {
        let file = try files.read(path, relativeTo: baseDirectory, field: field)
        guard budget.take(file.data.count) else {
          problems.append(overBudget(file.displayPath, field: field))
          return nil
        }
        reads.append((file.displayPath, file.data))
        return (file.data, file.displayPath)
      } catch {
        // A reference that leads nowhere is a problem of the document that holds it (at its JSON path).
        var problem = error.problem
        problem.file = problem.file ?? documentFile
        problems.append(problem)
        return nil
      }
    }
  }

  /// The problem for a file read past the load's budget, a problem of the document that names it.
  private func overBudget(_ path: String, field: String) -> Problem {
    var problem = EstateInputError.estateTooLarge(path: path, limit: budget.limit, field: field).problem
    problem.file = problem.file ?? documentFile
    return problem
  }

  /// Reads and parses one artifact, keeping its problems.
  mutating func parse(_ reference: FileReference, kind: ArtifactKind, field: String) -> ArtifactModel? {
    guard let (data, file) = read(reference, field: field) else { return nil }
    let result = ArtifactReader.parse(data, kind: kind, file: file, limits: files.limits)
    problems += result.problems
    return result.model
  }

  /// Reads and parses an ASM export of any kind, keeping its problems.
  mutating func parseASM(_ path: String, field: String) -> ASMExport? {
    guard let (data, file) = read(.path(path), field: field) else { return nil }
    let result = ArtifactReader.parseASMExport(data, file: file, limits: files.limits)
    problems += result.problems
    guard case .asm(let export)? = result.model else { return nil }
    return export
  }
}
