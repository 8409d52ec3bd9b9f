import EstateModel
public import PluginAPI
import WorkerProtocol

/// The core's estate methods: `estate/load`, `estate/parse` and `estate/discover`.
public struct EstatePlugin: WorkerPlugin {
  public let name = "estate"
  public let version = "1.0.0"
  public let summary = "Reads classic artifacts (csdef, cscfg, netcfg, ASM exports) into one typed estate model."

  /// Makes the plugin.
  public init() {}

  public var methods: [MethodSpec] {
    [
      Self.load.accessing(.writes(.additive)).asTool(
        title: "Load a classic estate",
        use: "Use it first on an estate document (a path under the root): it reports problems with file and line "
          + "and returns a handle that every tool taking `estate` accepts as {\"handle\": …}."
      ) { result in
        let summary = result["summary"]
        let problems = result["problems"]?.arrayValue ?? []
        let errors = problems.filter { $0["severity"] == "error" }.count
        return "Estate \(result["handle"]?.stringValue ?? "?"): \(summary?["services"]?.intValue ?? 0) cloud services, "
          + "\(summary?["roles"]?.intValue ?? 0) roles, \(summary?["instances"]?.intValue ?? 0) instances; "
          + "\(problems.count) problems (\(errors) errors)."
      },
      Self.parse.accessing(.independent).asTool(
        title: "Parse one classic file",
        use: "Use it to check a single .csdef, .cscfg, .netcfg or ASM export (by path or text) without a whole "
          + "estate document."),
      Self.discover.accessing(.independent).asTool(
        title: "Discover an estate in a project folder",
        use: "Use it first when the user has a Visual Studio cloud service project or a folder of .csdef, .cscfg "
          + ".netcfg and ASM export files but no estate document: it proposes one and lists what it assumed.",
        summarize: { result in
          let assumptions = result["assumptions"]?.arrayValue?.count ?? 0
          let problems = result["problems"]?.arrayValue?.count ?? 0
          return "Proposed an estate document; \(assumptions) assumptions to check, \(problems) problems."
        }),
    ]
  }

  public var resources: [ResourceSpec] {
    [
      ResourceSpec(
        uri: "csmigrate://estates/{handle}", name: "estate", title: "A loaded estate",
        description: "The normalised model of an estate loaded with estate/load (secrets masked), with its "
          + "summary and problems.",
        list: { context in
          try context.services.require((any EstateResolving).self).loadedHandles.map {
            ("csmigrate://estates/\($0)", "estate \($0)")
          }
        },
        read: { variables, context in
          try await Self.load.handler(
            ["estate": ["handle": .string(variables["handle"] ?? "")], "includeModel": true], context)
        })
    ]
  }

  // MARK: - estate/load

  struct LoadParams: Decodable, Sendable {
    let estate: EstateReference
    let includeModel: Bool?
  }

  struct LoadResult: Encodable, Sendable {
    let handle: String
    let succeeded: Bool
    let summary: EstateSummary
    let problems: [Problem]
    let estate: Estate?
  }

  static let load = MethodSpec.codable(
    name: "estate/load",
    summary: "Loads and normalises an estate; returns a handle, counts and every problem with file, line and column.",
    paramsSchema: [
      "type": "object", "required": ["estate"],
      "properties": [
        "estate": EstateReference.jsonSchema,
        "includeModel": ["type": "boolean", "default": false, "description": "Also return the normalised model."],
      ],
    ],
    resultSchema: [
      "type": "object", "required": ["handle", "succeeded", "summary", "problems"],
      "properties": [
        "handle": ["type": "string"], "succeeded": ["type": "boolean"], "summary": ["type": "object"],
        "problems": ["type": "array", "items": ProblemSchema.problem], "estate": ["type": "object"],
      ],
    ],
    errors: [.invalidInput, .pathOutsideRoot, .notFound]
  ) { (params: LoadParams, context) -> LoadResult in
    let estates = try context.services.require((any EstateResolving).self)
    // A load reports a step per file read for the whole estate and per cloud service, and stops when cancelled.
    let resolved = try context.reportingSteps { () throws(PluginError) in
      try estates.resolve(params.estate, field: "estate")
    }
    let load = resolved.load
    return LoadResult(
      handle: resolved.handle, succeeded: load.succeeded, summary: load.summary, problems: load.problems,
      estate: params.includeModel == true ? load.estate : nil)
  }

  // MARK: - estate/parse

  struct ParseParams: Decodable, Sendable {
    let kind: ArtifactKind
    let path: String?
    let text: String?
  }

  static let parse = MethodSpec.codable(
    name: "estate/parse",
    summary: "Parses one artifact (csdef, cscfg, netcfg or an ASM export), by path or inline, into the model.",
    paramsSchema: [
      "type": "object", "required": ["kind"],
      "properties": [
        "kind": ["enum": .array(ArtifactKind.allCases.map { .string($0.rawValue) })],
        "path": ["type": "string", "description": "Path under --root."],
        "text": ["type": "string", "description": "The artifact's text, when no path is given."],
      ],
    ],
    resultSchema: [
      "type": "object", "required": ["kind", "problems"],
      "properties": [
        "kind": ["type": "string"], "model": ["type": "object"],
        "problems": ["type": "array", "items": ProblemSchema.problem],
      ],
    ],
    errors: [.invalidInput, .pathOutsideRoot]
  ) { (params: ParseParams, context) -> ArtifactParseResult in
    guard params.path != nil || params.text != nil else {
      throw PluginError.invalidParams("give either path or text", field: "path")
    }
    let estates = try context.services.require((any EstateResolving).self)
    guard let store = estates as? EstateStore else {
      throw PluginError(wrapping: .internalError("no estate store"))
    }
    try PluginError.requireXMLParser()
    if let path = params.path {
      do throws(EstateInputError) {
        return try store.loader.parseArtifact(kind: params.kind, path: path, field: "path")
      } catch {
        throw PluginError(refusedInput: error, field: "path")
      }
    }
    return store.loader.parseArtifact(kind: params.kind, path: params.path, text: params.text)
  }
}

/// JSON Schema of a problem as every method reports it.
enum ProblemSchema {
  static let problem: JSONValue = [
    "type": "object", "required": ["severity", "code", "message"],
    "properties": [
      "severity": ["enum": ["error", "warning", "info"]], "code": ["type": "string"], "message": ["type": "string"],
      "file": ["type": "string"], "line": ["type": "integer"], "column": ["type": "integer"],
      "path": ["type": "string"],
    ],
  ]
}
