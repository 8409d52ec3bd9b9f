public import EstateModel
public import PluginAPI

/// The engine's ``ARMPlanning`` service: the mapper with the plugins' steps, reading artifacts under `--root`.
public struct ARMPlanner: ARMPlanning {
  /// The mapper.
  public let mapper: ARMMapper

  /// Makes a planner reading original artifacts through `files` (the estate store's rooted reader).
  public init(files: RootedFileReader?, steps: [ARMMappingStep] = []) {
    mapper = ARMMapper(
      steps: steps,
      sourceTexts: { file in
        guard let files, !Self.isEmbedded(file), let read = try? files.read(file) else { return nil }
        return String(decoding: read.data, as: UTF8.self)
      })
  }

  /// Makes a planner around a mapper (its steps and its way of reading artifacts).
  public init(mapper: ARMMapper) {
    self.mapper = mapper
  }

  /// Whether a source location names text embedded in a document rather than a file of its own: an inline
  /// `.cscfg`/`.csdef` (`estate.json#services[0].deployments.production.cscfg`, `<inline>#...`) or the
  /// configuration inside an ASM export (`export.xml#Configuration`). Such text is not on disk, so the planner does
  /// not try to open it on every plan.
  static func isEmbedded(_ file: String) -> Bool {
    // On the UTF-8 bytes: `#`, `/` and the prefixes are ASCII, and this runs once per file of every deployment
    // planned (the `Character` scan was 2% of a 10,000-service report).
    let bytes = file.utf8
    guard let hash = bytes.lastIndex(of: UInt8(ascii: "#")) else { return false }
    let fragment = bytes[bytes.index(after: hash)...]
    guard !fragment.contains(UInt8(ascii: "/")) else { return false }
    return bytes.starts(with: "<inline>#".utf8) || fragment.starts(with: "services[".utf8)
      || fragment.elementsEqual("Configuration".utf8)
  }

  /// Makes a planner reading artifacts through an estate store's loader.
  public init(store: EstateStore, steps: [ARMMappingStep] = []) {
    self.init(files: store.loader.files, steps: steps)
  }

  public func plan(for estate: ResolvedEstate, target: MigrationTarget, options: ARMPlanOptions) throws(PluginError)
    -> ARMPlan
  {
    try mapper.plan(estate: estate.load.estate, target: target, options: options, targets: estate.targetIndex)
  }

  /// The mapping's findings without reading, rewriting or diffing the `.cscfg`/`.csdef` files (whose rewrite only
  /// adds findings that a file's text is unavailable).
  public func findings(for estate: ResolvedEstate, target: MigrationTarget, options: ARMPlanOptions)
    throws(PluginError) -> [ARMFinding]
  {
    try mapper.plan(
      estate: estate.load.estate, target: target, options: options, purpose: .findings, targets: estate.targetIndex
    ).findings
  }

  public func template(for estate: ResolvedEstate, target: MigrationTarget, options: ARMPlanOptions)
    throws(PluginError) -> ARMTemplateBundle
  {
    let plan = try plan(for: estate, target: target, options: options)
    try WorkSteps.check()
    return ARMTemplateBuilder.bundle(for: plan)
  }

  /// The rewritten `.cscfg`/`.csdef` of every deployment the target covers.
  public func rewrite(estate: Estate, target: MigrationTarget, options: ARMPlanOptions) throws(PluginError)
    -> RewrittenArtifacts
  {
    let plan = try mapper.plan(estate: estate, target: target, options: options)
    var artifacts = RewrittenArtifacts(files: [], findings: plan.findings.filter { $0.code.hasPrefix("arm.cs") })
    let members = try target.match(in: estate).deployments
    for (index, member) in members.enumerated() {
      try WorkSteps.check()
      let (service, deployment) = (member.service, member.deployment)
      var builder = ARMPlanBuilder(
        estate: estate, options: options, subscriptionID: plan.subscriptionID, sourceTexts: mapper.sourceTexts)
      // The finished plan holds every name the files must agree with; mapping the network again finds it there.
      builder.plan = plan
      let network = builder.mapNetwork(service: service, deployment: deployment)
      let decisions = ArtifactRewriter.Decisions(
        builder: builder, service: service, deployment: deployment, network: network)
      let result = ArtifactRewriter.rewrite(deployment: deployment, plan: decisions, texts: mapper.sourceTexts)
      for (kind, file) in [("cscfg", result.configuration), ("csdef", result.definition)] {
        guard let file else { continue }
        artifacts.files.append(
          RewrittenArtifacts.File(
            service: service.name, kind: kind, path: file.path, text: file.text, diff: file.diff,
            secureParameters: file.secrets.map(\.parameter)))
      }
      try WorkSteps.step(index + 1, of: members.count, "rewrote \(service.name)")
    }
    return artifacts
  }
}

/// The result of `artifacts/rewrite`.
public struct RewrittenArtifacts: Codable, Sendable, Hashable {
  /// One rewritten file.
  public struct File: Codable, Sendable, Hashable {
    /// The cloud service.
    public var service: String
    /// `cscfg` or `csdef`.
    public var kind: String
    /// The original's path under `--root`.
    public var path: String
    /// The rewritten text (secret values replaced by `__SECRET_<parameter>__` placeholders).
    public var text: String
    /// A unified diff against the original (secret values masked on both sides).
    public var diff: String
    /// Template parameters that carry the replaced secret values.
    public var secureParameters: [String]
  }

  /// The files, cscfg before csdef, per service.
  public var files: [File]
  /// Findings about files that could not be rewritten.
  public var findings: [ARMFinding]
}
