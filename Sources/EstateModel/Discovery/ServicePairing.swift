import Foundation

/// One cloud service discovery proposes: a `.csdef` with the `.cscfg` chosen for it (either may be missing).
struct ServiceCandidate {
  var name: String
  var definition: ArtifactScan.Definition?
  var configuration: ArtifactScan.Configuration?
  /// The other configurations paired with it, not chosen.
  var otherConfigurations: [ArtifactScan.Configuration] = []

  /// Role names of the definition, else of the configuration.
  var roleNames: Set<String> {
    Set(definition?.model.roles.map(\.name) ?? configuration?.model.roles.map(\.name) ?? [])
  }
}

/// Pairs definitions and configurations into services and picks each service's configuration.
enum ServicePairing {
  /// The configuration name of a `.cscfg` file: `Cloud` for `ServiceConfiguration.Cloud.cscfg`, the base name when
  /// it has no inner dot (`ServiceConfiguration` for `ServiceConfiguration.cscfg`).
  static func configurationName(of path: String) -> String {
    let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    guard let dot = base.lastIndex(of: ".") else { return base }
    return String(base[base.index(after: dot)...])
  }

  /// How well a configuration fits a definition: the service name counts most, then the role names, then sitting
  /// in the same folder (a Visual Studio project keeps them together). Zero means they do not belong together.
  static func score(_ configuration: ArtifactScan.Configuration, _ definition: ArtifactScan.Definition) -> Int {
    var score = 0
    if configuration.model.header.serviceName == definition.model.header.name { score += 4 }
    let configured = Set(configuration.model.roles.map(\.name))
    let defined = Set(definition.model.roles.map(\.name))
    if !defined.isEmpty, configured == defined {
      score += 2
    } else if !configured.isDisjoint(with: defined) {
      score += 1
    }
    if folder(of: configuration.path) == folder(of: definition.path) { score += 1 }
    return score
  }

  static func folder(of path: String) -> String { (path as NSString).deletingLastPathComponent }

  /// The services of a scan: each definition with its best-fitting configurations, then every configuration that
  /// fits no definition as a service of its own.
  static func pair(_ scan: ArtifactScan) -> [ServiceCandidate] {
    var groups: [[ArtifactScan.Configuration]] = Array(repeating: [], count: scan.definitions.count)
    var unpaired: [ArtifactScan.Configuration] = []
    for configuration in scan.configurations {
      let scores = scan.definitions.map { score(configuration, $0) }
      if let best = scores.max(), best > 0, let index = scores.firstIndex(of: best) {
        groups[index].append(configuration)
      } else {
        unpaired.append(configuration)
      }
    }
    var services = zip(scan.definitions, groups).map { definition, configurations in
      ServiceCandidate(
        name: definition.model.header.name, definition: definition, configuration: nil,
        otherConfigurations: configurations)
    }
    services += unpaired.map {
      ServiceCandidate(
        name: $0.model.header.serviceName, definition: nil, configuration: nil, otherConfigurations: [$0])
    }
    return services
  }

  /// The rank of a configuration when none is asked for: the cloud one first, `.Local` (the emulator's) last.
  static func rank(_ name: String) -> Int {
    switch name.lowercased() {
    case "cloud": 0
    case "local": 2
    default: 1
    }
  }

  /// Picks the service's configuration: the one named `requested` when given and present, else the best ranked.
  /// Returns the note that says which and why, when there was a choice to make.
  static func choose(_ service: inout ServiceCandidate, requested: String?) -> DiscoveryNote? {
    let candidates = service.otherConfigurations.sorted { lhs, rhs in
      let (left, right) = (rank(configurationName(of: lhs.path)), rank(configurationName(of: rhs.path)))
      return left != right ? left < right : lhs.path < rhs.path
    }
    guard let first = candidates.first else { return nil }
    var chosen = first
    let why: String
    if let requested,
      let match = candidates.first(where: { configurationName(of: $0.path).lowercased() == requested.lowercased() })
    {
      chosen = match
      why = "it is the configuration asked for (\(requested))"
    } else if let requested {
      why = "no \(requested) configuration pairs with this service, so the default choice applies"
    } else {
      switch rank(configurationName(of: first.path)) {
      case 0: why = "the .Cloud configuration is the one Azure runs; .Local only configures the local emulator"
      case 1: why = "it is not .Local, which only configures the local emulator"
      default:
        why =
          "it is the only configuration found, and .Local configures the emulator: check instance counts "
          + "and settings against the deployed service"
      }
    }
    service.configuration = chosen
    service.otherConfigurations = candidates.filter { $0.path != chosen.path }
    let others = service.otherConfigurations.map {
      (($0.path as NSString).lastPathComponent, configurationName(of: $0.path))
    }
    guard !others.isEmpty || rank(configurationName(of: chosen.path)) == 2 || requested != nil else { return nil }
    var message = "service '\(service.name)': uses \((chosen.path as NSString).lastPathComponent) because \(why)"
    if !others.isEmpty {
      message +=
        "; also found "
        + others.map { "\($0.0) (--configuration \($0.1))" }.joined(separator: ", ")
    }
    return DiscoveryNote(file: chosen.path, message)
  }
}
