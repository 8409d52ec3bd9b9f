import EstateModel
import PluginAPI
import WorkerProtocol

extension EstatePlugin {
  struct DiscoverParams: Decodable, Sendable {
    let path: String
    let configuration: String?
    let documentDirectory: String?
  }

  /// `estate/discover`: proposes an estate document from a folder of project files and ASM exports.
  static let discover = MethodSpec(
    name: "estate/discover",
    summary: "Proposes an estate document from a folder: pairs .csdef/.cscfg, reads .netcfg and ASM exports, "
      + "and lists every fact it had to assume.",
    paramsSchema: [
      "type": "object", "required": ["path"],
      "properties": [
        "path": ["type": "string", "description": "A folder under --root, or a .csdef/.cscfg file in it."],
        "configuration": ["type": "string", "description": "The configuration to use (Cloud, Local...)."],
        "documentDirectory": [
          "type": "string", "description": "Folder the document will be written to; its paths are relative to it.",
        ],
      ],
    ],
    resultSchema: [
      "type": "object", "required": ["document", "assumptions", "notes", "problems", "files"],
      "properties": [
        "document": ["type": "object"],
        "assumptions": [
          "type": "array",
          "items": [
            "type": "object", "required": ["value", "reason", "check"],
            "properties": [
              "field": ["type": "string"], "value": [:], "reason": ["type": "string"], "check": ["type": "string"],
            ],
          ],
        ],
        "notes": [
          "type": "array",
          "items": [
            "type": "object", "required": ["message"],
            "properties": ["file": ["type": "string"], "message": ["type": "string"]],
          ],
        ],
        "problems": ["type": "array", "items": ProblemSchema.problem],
        "files": ["type": "array", "items": ["type": "string"]],
      ],
    ],
    errors: [.invalidInput, .pathOutsideRoot]
  ) { params, context in
    let decoded = try CodableBridge.decode(DiscoverParams.self, from: params ?? .object(JSONObject()))
    let estates = try context.services.require((any EstateResolving).self)
    guard let store = estates as? EstateStore else {
      throw PluginError(wrapping: .internalError("no estate store"))
    }
    try PluginError.requireXMLParser()
    do throws(DiscoveryError) {
      return try EstateDiscovery(files: store.loader.files)
        .discover(decoded.path, configuration: decoded.configuration, documentDirectory: decoded.documentDirectory)
        .jsonValue
    } catch {
      throw PluginError(discovery: error, field: "path")
    }
  }
}
