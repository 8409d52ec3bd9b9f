/// A unified diff (3 lines of context) between two texts, line by line.
enum UnifiedDiff {
  static func diff(old: String, new: String, path: String, context: Int = 3) -> String {
    let a = lines(old)
    let b = lines(new)
    guard a != b else { return "" }
    return hunks(editScript(a, b), path: path, context: context)
  }

  /// The diff text of an edit script: the file header, then hunks with `context` lines around each change.
  static func hunks(_ script: [Line], path: String, context: Int) -> String {
    var output = "--- a/\(path)\n+++ b/\(path)\n"
    var index = 0
    while index < script.count {
      guard let change = script[index...].firstIndex(where: { $0.kind != " " }) else { break }
      var start = max(0, change - context)
      if start < index { start = index }
      var end = change
      var cursor = change
      while cursor < script.count {
        if script[cursor].kind != " " {
          end = cursor
          cursor += 1
          continue
        }
        let nextChange = script[cursor...].firstIndex { $0.kind != " " }
        if let nextChange, nextChange - end <= context * 2 {
          cursor = nextChange
        } else {
          break
        }
      }
      let stop = min(script.count, end + context + 1)
      let hunk = script[start..<stop]
      let oldStart = hunk.first?.oldLine ?? 0
      let newStart = hunk.first?.newLine ?? 0
      let oldCount = hunk.filter { $0.kind != "+" }.count
      let newCount = hunk.filter { $0.kind != "-" }.count
      output +=
        "@@ -\(oldCount == 0 ? oldStart - 1 : oldStart),\(oldCount) +\(newCount == 0 ? newStart - 1 : newStart),\(newCount) @@\n"
      for line in hunk { output += String(line.kind) + line.text + "\n" }
      index = stop
    }
    return output
  }

  struct Line {
    var kind: Character
    var text: String
    var oldLine: Int
    var newLine: Int
  }

  static func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
  }

  /// A shortest edit script, in linear memory (`MyersDiff`): within each changed block the removed lines come
  /// before the inserted ones.
  static func editScript(_ a: [String], _ b: [String]) -> [Line] {
    let changes = MyersDiff(oldLines: a, newLines: b)
    var script: [Line] = []
    script.reserveCapacity(max(a.count, b.count))
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if i < a.count && changes.removed[i] {
        script.append(Line(kind: "-", text: a[i], oldLine: i + 1, newLine: j + 1))
        i += 1
      } else if j < b.count && changes.inserted[j] {
        script.append(Line(kind: "+", text: b[j], oldLine: i + 1, newLine: j + 1))
        j += 1
      } else {
        script.append(Line(kind: " ", text: a[i], oldLine: i + 1, newLine: j + 1))
        i += 1
        j += 1
      }
    }
    return script
  }
}
