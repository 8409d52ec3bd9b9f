public import Foundation

/// Parses artifact bytes into models. Pure: no file system access (the loader reads files and checks paths).
public enum ArtifactReader {
  /// Parses bytes as `kind`, attributing locations to `file`; input past `limits` is refused or cut with an error.
  public static func parse(
    _ data: Data, kind: ArtifactKind, file: String, limits: EstateLimits = .default
  ) -> ArtifactParseResult {
    let outcome = XMLDocumentReader.read(data, file: file, limits: limits)
    guard let root = outcome.root else {
      return ArtifactParseResult(kind: kind, model: nil, problems: outcome.problems)
    }
    var context = XMLReadContext(file: file, prefix: prefix(of: kind), limits: limits)
    let model: ArtifactModel?
    switch kind {
    case .csdef: model = CsdefParser.parse(root, context: &context).map(ArtifactModel.serviceDefinition)
    case .cscfg: model = CscfgParser.parse(root, context: &context).map(ArtifactModel.serviceConfiguration)
    case .netcfg: model = NetcfgParser.parse(root, context: &context).map { .asm(.networkConfiguration($0)) }
    default:
      if kind.acceptedRoots.contains(root.name) {
        model = ASMParser.parse(root, context: &context).map(ArtifactModel.asm)
      } else {
        context.report(
          .error, "wrong-root", "<\(root.name)> is not a response of kind '\(kind.rawValue)'", at: root)
        model = nil
      }
    }
    return ArtifactParseResult(kind: kind, model: model, problems: outcome.problems + context.problems)
  }

  /// Parses an ASM export of any recognised kind, choosing the parser from the root element.
  public static func parseASMExport(_ data: Data, file: String, limits: EstateLimits = .default)
    -> ArtifactParseResult
  {
    let outcome = XMLDocumentReader.read(data, file: file, limits: limits)
    guard let root = outcome.root else {
      return ArtifactParseResult(kind: nil, model: nil, problems: outcome.problems)
    }
    var context = XMLReadContext(
      file: file, prefix: root.name == "NetworkConfiguration" ? "netcfg" : "asm", limits: limits)
    let model = ASMParser.parse(root, context: &context).map(ArtifactModel.asm)
    return ArtifactParseResult(kind: nil, model: model, problems: outcome.problems + context.problems)
  }

  private static func prefix(of kind: ArtifactKind) -> String {
    switch kind {
    case .csdef: "csdef"
    case .cscfg: "cscfg"
    case .netcfg, .asmNetworkConfig: "netcfg"
    default: "asm"
    }
  }
}
