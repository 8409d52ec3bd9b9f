import ArgumentParser
import Dispatch
import Foundation
import Logging
import PluginAPI
import WorkerCore
import WorkerProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// `csmigrate call METHOD`: one request through the same engine as `serve`, for shells and people.
struct CallCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "call",
    abstract: "Run one method and print its result.",
    discussion: """
      Exit codes: 0 with the result on stdout; 1 when the method answers with a JSON-RPC error (the error \
      object goes to stderr); 2 for a usage error. The result is indented on a terminal and compact otherwise.
      """
  )

  @Argument(help: "The method, for example estate/load or validation/run.")
  var method: String

  @Option(name: .long, help: "Params as JSON, @file.json to read them from a file, or - to read stdin.")
  var params: String?

  @OptionGroup var engine: EngineOptions

  @Option(name: .long, help: "Log level on stderr.")
  var logLevel: String = "warning"

  func run() throws {
    try Self.call(settings)
  }

  /// The parsed values, free of ArgumentParser's wrappers.
  var settings: CallSettings {
    CallSettings(method: method, params: params, engine: engine.settings, logLevel: logLevel)
  }

  /// Runs one call and prints its result; throws `ExitCode` 1 for an error reply, 2 for unusable params.
  ///
  /// - Parameter assembled: the worker already assembled from `settings.engine` (the fast path checks that it
  ///   assembles first); nil assembles it after reading the params.
  static func call(
    _ settings: CallSettings, assembled: (registry: MethodRegistry, services: PluginServices)? = nil
  ) throws {
    WorkerAssembly.bootstrapLogging(level: Logger.Level(rawValue: settings.logLevel) ?? .warning)
    let parsedParams: JSONValue?
    do {
      parsedParams = try readParams(settings.params)
    } catch {
      FileHandle.standardError.write(Data((Self.fullMessage(for: error) + "\n").utf8))
      throw ExitCode(2)
    }
    let (registry, services) = try assembled ?? WorkerAssembly.make(settings.engine)
    let method = settings.method
    let terminal = Terminal()
    let progress: (@Sendable (JSONValue) -> Void)? =
      terminal.stderrIsTerminal ? { @Sendable params in terminal.showProgress(params) } : nil
    let outcome = OneShotCall.run(
      method: method, params: parsedParams, registry: registry, services: services, progress: progress)
    terminal.clearProgress()
    switch outcome {
    case .success(let result):
      print(terminal.stdoutIsTerminal ? result.prettyText() : result.jsonText)
    case .failure(let error):
      terminal.printError(error.jsonValue, message: error.message)
      throw ExitCode(1)
    }
  }

  /// The params from `--params`: inline JSON, `@file`, or `-` for stdin.
  private static func readParams(_ params: String?) throws -> JSONValue? {
    guard let params else { return nil }
    let text: String
    if params == "-" {
      text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    } else if params.hasPrefix("@") {
      let path = String(params.dropFirst())
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("--params: cannot read \(path)")
      }
      text = String(decoding: data, as: UTF8.self)
    } else {
      text = params
    }
    do {
      let value = try JSONParser.parse(text)
      guard value.objectValue != nil || value.arrayValue != nil else {
        throw ValidationError("--params must be a JSON object or array")
      }
      return value
    } catch let error as JSONParseError {
      throw ValidationError("--params is not valid JSON: \(error)")
    }
  }
}

/// What `call`'s arguments and options hold, as a plain value.
struct CallSettings: Equatable {
  var method: String
  var params: String?
  var engine = EngineSettings()
  var logLevel = "warning"
}

/// Runs one request on a ``LocalConnection`` and waits for its reply.
enum OneShotCall {
  /// Sends `method` with `params` and blocks until the reply; progress notifications go to `progress`.
  static func run(
    method: String, params: JSONValue?, registry: MethodRegistry, services: PluginServices,
    progress: (@Sendable (JSONValue) -> Void)?
  ) -> Result<JSONValue, ResponseError> {
    let done = DispatchSemaphore(value: 0)
    let reply = ReplySlot()
    let connection = LocalConnection(
      registry: registry, services: services, logger: Logger(label: "csmigrate.call")
    ) { message in
      if message["method"] == "notifications/progress" {
        progress?(message["params"] ?? .null)
      } else if message["id"] == 1 {
        reply.store(message)
        done.signal()
      }
    }
    var request = JSONObject()
    request["jsonrpc"] = "2.0"
    request["id"] = 1
    request["method"] = .string(method)
    if var object = params?.objectValue {
      if progress != nil, object["_meta"] == nil { object["_meta"] = ["progressToken": "call"] }
      request["params"] = .object(object)
    } else if let params {
      request["params"] = params
    }
    connection.send(JSONValue.object(request).jsonText)
    done.wait()
    let message = reply.value ?? .null
    if let result = message["result"] { return .success(result) }
    let error = message["error"]
    return .failure(
      ResponseError(
        code: ErrorCode(rawValue: error?["code"]?.intValue ?? ErrorCode.internalError.rawValue),
        message: error?["message"]?.stringValue ?? "no reply", data: error?["data"]))
  }
}

/// Holds the reply across threads.
private final class ReplySlot: @unchecked Sendable {
  // @unchecked: written once before the semaphore is signalled, read after it is waited on.
  private(set) var value: JSONValue?
  func store(_ message: JSONValue) { value = message }
}
