import WorkerProtocol

/// JSON Schemas of the built-in methods' params and results.
enum BuiltinSchemas {
  /// Params that may be omitted or carry anything (`_meta` included).
  static let anyParams: JSONValue = ["type": ["object", "array"]]

  static let initializeParams: JSONValue = [
    "type": "object",
    "properties": [
      "protocolVersion": ["type": "string", "description": "The MCP protocol version the client speaks."],
      "clientInfo": [
        "type": "object",
        "properties": ["name": ["type": "string"], "version": ["type": "string"]],
      ],
      "capabilities": ["type": "object"],
    ],
  ]

  static let initializeResult: JSONValue = [
    "type": "object",
    "required": ["protocolVersion", "serverInfo", "capabilities", "plugins", "limits"],
    "properties": [
      "protocolVersion": ["type": "string"],
      "serverInfo": [
        "type": "object", "required": ["name", "version"],
        "properties": ["name": ["type": "string"], "version": ["type": "string"]],
      ],
      "capabilities": ["type": "object"],
      "plugins": [
        "type": "array",
        "items": [
          "type": "object", "required": ["name", "version", "methods"],
          "properties": [
            "name": ["type": "string"], "version": ["type": "string"], "summary": ["type": "string"],
            "methods": ["type": "array", "items": ["type": "string"]],
          ],
        ],
      ],
      "limits": [
        "type": "object",
        "properties": [
          "maxMessageBytes": ["type": "integer"], "maxReplyBytes": ["type": "integer"],
          "maxNestingDepth": ["type": "integer"], "maxInFlightRequests": ["type": "integer"],
          "writeHighWaterBytes": ["type": "integer"],
        ],
      ],
    ],
  ]

  static let toolsListResult: JSONValue = [
    "type": "object", "required": ["tools"],
    "properties": [
      "tools": [
        "type": "array",
        "items": [
          "type": "object", "required": ["name", "inputSchema"],
          "properties": [
            "name": ["type": "string"], "title": ["type": "string"], "description": ["type": "string"],
            "inputSchema": ["type": "object"], "outputSchema": ["type": "object"], "annotations": ["type": "object"],
          ],
        ],
      ]
    ],
  ]

  /// `resources/read` and `prompts/get` params.
  static let resourceReadParams: JSONValue = [
    "type": "object", "required": ["uri"], "properties": ["uri": ["type": "string"]],
  ]
  static let promptGetParams: JSONValue = [
    "type": "object", "required": ["name"],
    "properties": ["name": ["type": "string"], "arguments": ["type": "object"]],
  ]

  /// A result that is an object holding one array member.
  static func listResult(_ member: String) -> JSONValue {
    ["type": "object", "required": [.string(member)], "properties": [member: ["type": "array"]]]
  }

  static let toolsCallParams: JSONValue = [
    "type": "object", "required": ["name"],
    "properties": ["name": ["type": "string"], "arguments": ["type": "object"], "_meta": ["type": "object"]],
  ]

  static let toolsCallResult: JSONValue = [
    "type": "object", "required": ["content", "isError"],
    "properties": [
      "content": ["type": "array"], "structuredContent": ["type": "object"], "isError": ["type": "boolean"],
    ],
  ]

  static let requestID: JSONValue = ["type": ["string", "integer"]]

  static let cancelledParams: JSONValue = [
    "type": "object", "required": ["requestId"],
    "properties": ["requestId": requestID, "reason": ["type": "string"]],
  ]

  static let cancelRequestParams: JSONValue = [
    "type": "object", "required": ["id"], "properties": ["id": requestID],
  ]
}
