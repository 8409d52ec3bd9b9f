import ArgumentParser
import EstateModel
import Foundation
import PluginAPI
import WorkerProtocol

/// The estate's problems on stderr, compiler-style (`file:line:column: error: message [code]`), for every verb
/// that loads an estate.
///
/// A verb loads the estate once through ``load(_:with:)``, does its work, then calls
/// ``LoadedEstate/exitIfErrors()``: any error-severity problem ends the command with exit code 1, even when the
/// verb's own output was produced (problems of other targets do not stop the work, but they do fail the command).
enum ProblemOutput {
  /// What `estate/load` said about an estate, with its problems decoded.
  struct LoadedEstate {
    /// The result of `estate/load` (with the model, unless the verb asked without).
    let result: JSONValue
    /// Every problem, in load order.
    let problems: [Problem]
    /// How later calls name the estate: the handle this load made, so the engine does not read and parse the
    /// estate again (the reference given, when the load returned no handle).
    let reference: JSONValue

    /// Ends the command with exit code 1 when a problem is an error.
    func exitIfErrors() throws {
      if problems.containsErrors { throw ExitCode(1) }
    }
  }

  /// Loads the estate, prints every problem on stderr and returns what was loaded.
  ///
  /// - Parameter includeModel: whether the result carries the model (to choose a target from); a verb that does
  ///   not read it passes `false`, which spares encoding the whole model of a large estate.
  /// - Throws: `ExitCode(1)` when `estate/load` answers with an error (printed on stderr).
  static func load(_ reference: JSONValue, with runner: EngineRunner, includeModel: Bool = true) throws
    -> LoadedEstate
  {
    let result = try runner.call("estate/load", ["estate": reference, "includeModel": .bool(includeModel)])
    let problems = decode(result["problems"] ?? .array([]))
    let text = render(problems)
    if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    let handle = result["handle"]?.stringValue
    return LoadedEstate(
      result: result, problems: problems, reference: handle.map { ["handle": .string($0)] } ?? reference)
  }

  /// The problems of an `estate/load` result (or of a refusal's `data.problems`).
  static func decode(_ problems: JSONValue) -> [Problem] {
    (problems.arrayValue ?? []).compactMap { try? JSONValueDecoder().decode(Problem.self, from: $0) }
  }

  /// One line per problem, as ``Problem/description`` renders it, each ending in a newline.
  static func render(_ problems: [Problem]) -> String {
    problems.map { "\($0.description)\n" }.joined()
  }
}
