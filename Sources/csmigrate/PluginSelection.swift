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
      let entry = item.trimmingPrefix(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
      let text = String(entry)
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
}
