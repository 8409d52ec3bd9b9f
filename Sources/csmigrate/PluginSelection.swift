import ArgumentParser
import PluginAPI

/// Reads `--plugins`: changes to the default set of plugins, so naming one plugin never drops the others.
///
/// The value is a comma-separated list: `name` or `+name` enables a plugin in addition to the defaults,
/// `-name` disables one, `all` enables every compiled-in plugin (`all,-gateways` is everything but gateways).
/// Process plugins (manifests, `--plugin`) are enabled by default and take the same `-name` and `+name`.
enum PluginSelection {
  /// What `--plugins` does, for the help text.
  static let help = ArgumentHelp(
    "Change the default plugins: +NAME (or NAME) adds one, -NAME removes one, 'all' enables all (comma separated).",
    discussion:
      "For example '--plugins +diagnostics' adds the test plugin to the default set; a list that starts with a "
      + "minus needs the equals sign: '--plugins=-gateways'. Process plugins are on by default; '-NAME' "
      + "leaves one out.\n")

  /// The names of the plugins to enable: compiled-in ones in `available` order, then process plugins in
  /// `processPlugins` order.
  ///
  /// - Throws: `ValidationError` naming an unknown plugin and the available ones.
  static func enabled(_ value: String?, available: [any WorkerPlugin], processPlugins: [String] = []) throws
    -> [String]
  {
    let compiled = available.map(\.name)
    let names = compiled + processPlugins.filter { !compiled.contains($0) }
    var chosen = Set(available.filter(\.enabledByDefault).map(\.name)).union(processPlugins)
    for item in (value ?? "").split(separator: ",") {
      let text = String(trimmed(item))
      if text == "all" {
        chosen.formUnion(names)
        continue
      }
      let removing = text.hasPrefix("-")
      let name = removing || text.hasPrefix("+") ? String(text.dropFirst()) : text
      guard names.contains(name) else {
        throw ValidationError(
          "--plugins: unknown plugin '\(name)'; available: \(names.joined(separator: ", "))")
      }
      if removing { chosen.remove(name) } else { chosen.insert(name) }
    }
    return names.filter(chosen.contains)
  }

  /// `item` without leading and trailing whitespace.
  ///
  /// Index loops on `Substring` rather than `reversed().drop(while:)`: that generic chain made the runtime look up
  /// conformances of `ReversedCollection` and `Slice` at every start (each first look-up scans every conformance
  /// record of the binary), before the worker's first reply.
  static func trimmed(_ item: Substring) -> Substring {
    var start = item.startIndex
    var end = item.endIndex
    while start < end, item[start].isWhitespace { start = item.index(after: start) }
    while end > start, item[item.index(before: end)].isWhitespace { end = item.index(before: end) }
    return item[start..<end]
  }
}
