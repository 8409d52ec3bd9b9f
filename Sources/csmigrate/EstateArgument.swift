import ArgumentParser
import Foundation
import WorkerProtocol

/// The ESTATE argument of every verb: an estate document, or the files discovery makes one from.
///
/// A `.json` file (or any file that starts with `{`) is an estate document; a folder, a `.csdef`, `.cscfg`,
/// `.ccproj` or `.sln` runs `estate/discover` and uses the proposed document, saying on stderr what it assumed.
/// Paths are relative to `--root` and may not leave it.
enum EstateArgument {
  /// The extensions of files whose folder discovery reads.
  static let discoverable: Set<String> = ["csdef", "cscfg", "ccproj", "sln"]

  /// The `estate` param for the argument `path`.
  ///
  /// - Throws: `ValidationError` (exit 2) for a path outside the root or a file csmigrate cannot take, and
  ///   `ExitCode(1)` after printing the error when discovery finds nothing.
  static func resolve(_ path: String, with runner: EngineRunner, configuration: String? = nil) throws -> JSONValue {
    let location = try RootedPath(path, root: runner.root)
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: location.absolute, isDirectory: &isDirectory)
    let kind = (path as NSString).pathExtension.lowercased()
    if isDirectory.boolValue || (exists && discoverable.contains(kind)) {
      return try discover(path, with: runner, configuration: configuration)
    }
    if kind == "json" || (exists && startsLikeJSON(location.absolute)) { return ["path": .string(path)] }
    let problem = exists ? "is not an estate document" : "does not exist"
    throw ValidationError(
      """
      '\(path)' \(problem). csmigrate takes an estate document (.json naming your .csdef, .cscfg and facts), \
      a cloud service project folder, or its .csdef or .cscfg file. To write a document for a project, run:
        csmigrate init <project folder>
      """)
  }

  /// Runs discovery and returns the proposed document inline, after printing its choices and assumptions on stderr.
  static func discover(_ path: String, with runner: EngineRunner, configuration: String?) throws -> JSONValue {
    var params = JSONObject()
    params["path"] = .string(path)
    if let configuration { params["configuration"] = .string(configuration) }
    let result = try runner.call("estate/discover", .object(params))
    let summary = DiscoverySummary(result)
    FileHandle.standardError.write(Data((summary.text(heading: "discovered \(path)") + "\n").utf8))
    return ["document": result["document"] ?? .null]
  }

  /// Whether a file's first non-blank byte opens a JSON object.
  static func startsLikeJSON(_ absolute: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: absolute) else { return false }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 256)) ?? Data()
    let trimmed = head.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    return trimmed.first == UInt8(ascii: "{")
  }
}

/// A command-line path checked against `--root`, so that a path outside it gets advice instead of a refusal.
struct RootedPath {
  /// The absolute path.
  let absolute: String
  /// The path relative to the root ("." for the root itself).
  let relative: String

  /// Resolves `path` (relative to `root`, or absolute) and checks that it stays inside `root`.
  ///
  /// - Throws: `ValidationError` saying to pass `--root` when it does not.
  init(_ path: String, root: String) throws {
    let rootURL = URL(fileURLWithPath: root).standardizedFileURL
    let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : rootURL.appendingPathComponent(path))
      .standardizedFileURL
    absolute = url.path
    let rootPath = rootURL.path.hasSuffix("/") ? rootURL.path : rootURL.path + "/"
    relative = absolute.hasPrefix(rootPath) ? String(absolute.dropFirst(rootPath.count)) : "."
    guard absolute == rootURL.path || absolute.hasPrefix(rootPath) else {
      let isWorkingDirectory = rootURL.path == URL(fileURLWithPath: FileManager.default.currentDirectoryPath).path
      let place = isWorkingDirectory ? "the working directory" : "--root \(rootURL.path)"
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory)
      let holder = isDirectory.boolValue ? url : url.deletingLastPathComponent()
      throw ValidationError(
        "'\(path)' is outside \(place); csmigrate reads files only under --root. Pass --root with a folder that "
          + "holds it, for example: --root \(holder.path)")
    }
  }
}

/// The readable form of an `estate/discover` result: what was chosen and what was assumed.
struct DiscoverySummary {
  let result: JSONValue

  init(_ result: JSONValue) { self.result = result }

  /// The number of services the document proposes.
  var serviceCount: Int { result["document"]?["services"]?.arrayValue?.count ?? 0 }

  /// Lines for stderr: the heading, each note, each file left out, each assumption with how to check it.
  func text(heading: String) -> String {
    var lines = ["\(heading): \(serviceCount) cloud service\(serviceCount == 1 ? "" : "s")"]
    for note in result["notes"]?.arrayValue ?? [] {
      lines.append("  note: \(note["message"]?.stringValue ?? "")")
    }
    for problem in result["problems"]?.arrayValue ?? [] {
      lines.append("  left out: \(problem["file"]?.stringValue ?? "?"): \(problem["message"]?.stringValue ?? "")")
    }
    let assumptions = result["assumptions"]?.arrayValue ?? []
    if !assumptions.isEmpty { lines.append("  assumed (no file says; check before trusting the verdict):") }
    for assumption in assumptions {
      let field = assumption["field"]?.stringValue ?? "(not in the document)"
      lines.append(
        "    \(field) = \(assumption["value"]?.jsonText ?? "null"): \(assumption["reason"]?.stringValue ?? "")")
      lines.append("      check: \(assumption["check"]?.stringValue ?? "")")
    }
    return lines.joined(separator: "\n")
  }
}
