public import PluginAPI
import WorkerProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// Methods for client authors and end-to-end tests: a slow call with progress and cancellation,
/// an echo, a failing call and a stray `print`.
///
/// Off unless `--plugins` names `diagnostics`.
public struct DiagnosticsPlugin: WorkerPlugin {
  public let name = "diagnostics"
  public let version = "1.0.0"
  public let summary = "Test methods: slow work with progress and cancellation, echo, errors, stray output."
  public let enabledByDefault = false

  /// Makes the plugin.
  public init() {}

  public var methods: [MethodSpec] {
    [
      Self.slow.accessing(.independent).asTool(
        title: "Slow diagnostic work",
        use: "For MCP client authors: shows progress notifications and cancellation."
      ) { result in
        "Completed \(result["completedSteps"]?.intValue ?? 0) steps."
      },
      Self.echo.accessing(.independent).withheldFromTools(
        because: "it returns its params unchanged, which tells a model nothing"),
      Self.fail.accessing(.independent).asTool(
        title: "Diagnostic failure", use: "For MCP client authors: shows how a failing tool is reported."),
      Self.strayOutput.accessing(.independent).withheldFromTools(
        because: "it tests that stray prints stay off stdout, which a model has no use for"),
    ]
  }

  // MARK: - diagnostics/slow

  struct SlowParams: Decodable, Sendable {
    var steps: Int?
    var stepMilliseconds: Int?
  }

  struct SlowResult: Encodable, Sendable {
    let completedSteps: Int
  }

  static let slow = MethodSpec.codable(
    name: "diagnostics/slow",
    summary: "Works for `steps` × `stepMilliseconds`, reporting progress after each step and honouring cancellation.",
    paramsSchema: [
      "type": "object",
      "properties": [
        "steps": ["type": "integer", "minimum": 1, "maximum": 10_000, "default": 10],
        "stepMilliseconds": ["type": "integer", "minimum": 0, "maximum": 60_000, "default": 50],
      ],
    ],
    resultSchema: [
      "type": "object", "required": ["completedSteps"], "properties": ["completedSteps": ["type": "integer"]],
    ]
  ) { (params: SlowParams, context) -> SlowResult in
    let steps = params.steps ?? 10
    let stepMilliseconds = params.stepMilliseconds ?? 50
    guard (1...10_000).contains(steps) else {
      throw PluginError.invalidParams("steps must be between 1 and 10000", field: "steps")
    }
    guard (0...60_000).contains(stepMilliseconds) else {
      throw PluginError.invalidParams("stepMilliseconds must be between 0 and 60000", field: "stepMilliseconds")
    }
    for step in 1...steps {
      try context.checkCancellation()
      try await Task.sleep(nanoseconds: UInt64(stepMilliseconds) * 1_000_000)
      context.reportProgress(Double(step), total: Double(steps), message: "step \(step) of \(steps)")
    }
    return SlowResult(completedSteps: steps)
  }

  // MARK: - diagnostics/echo

  static let echo = MethodSpec(
    name: "diagnostics/echo", summary: "Returns its params unchanged (an empty object when there are none).",
    paramsSchema: ["type": ["object", "array"]], resultSchema: ["type": ["object", "array"]]
  ) { params, _ in
    params ?? .object(JSONObject())
  }

  // MARK: - diagnostics/fail

  struct FailParams: Decodable, Sendable {
    var code: Int?
    var message: String?
    var untyped: Bool?
  }

  struct UntypedFailure: Error {}

  static let fail = MethodSpec.codable(
    name: "diagnostics/fail",
    summary: "Fails: with the given application `code` and `message`, or with an untyped error when `untyped`.",
    paramsSchema: [
      "type": "object",
      "properties": [
        "code": ["type": "integer"], "message": ["type": "string"], "untyped": ["type": "boolean"],
      ],
    ],
    resultSchema: ["not": [:]]
  ) { (params: FailParams, _) -> SlowResult in
    if params.untyped == true { throw UntypedFailure() }
    throw PluginError(
      code: ErrorCode(rawValue: params.code ?? 1999), message: params.message ?? "requested failure",
      data: ["field": "code"])
  }

  // MARK: - diagnostics/strayOutput

  static let strayOutput = MethodSpec(
    name: "diagnostics/strayOutput",
    summary: "Writes a line with `print`, as careless plugin code might; it must land on stderr, not the protocol.",
    paramsSchema: ["type": "object"], resultSchema: ["type": "object", "properties": ["printed": ["type": "string"]]]
  ) { _, _ in
    let line = "stray output from diagnostics/strayOutput"
    print(line)
    fflush(nil)
    return ["printed": .string(line)]
  }
}
