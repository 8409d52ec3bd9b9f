import WorkerProtocol

/// The MCP prompts the worker offers: message templates that walk a model through a task with the tools.
///
/// Each prompt is data: its arguments and a text with `{argument}` placeholders. A prompt is listed only when
/// every tool it names is enabled.
struct MCPPrompt: Sendable {
  /// One argument of a prompt (MCP prompt arguments are strings).
  struct Argument: Sendable {
    let name: String
    let description: String
    let required: Bool
  }

  let name: String
  let title: String
  let description: String
  let arguments: [Argument]
  /// The tools the text relies on.
  let tools: [String]
  /// The user message, with `{name}` for each argument; an absent optional argument reads as its `defaults`.
  let template: String
  let defaults: [String: String]

  /// The prompts the worker knows.
  static let all: [MCPPrompt] = [migrateEstate]

  /// The `messages` of `prompts/get`, or the argument that is missing.
  func messages(_ arguments: [String: String]) -> Result<JSONValue, ResponseError> {
    var text = template
    for argument in self.arguments {
      let value = arguments[argument.name] ?? defaults[argument.name]
      guard let value else {
        return .failure(.invalidParams("argument '\(argument.name)' is required", field: "arguments.\(argument.name)"))
      }
      text = text.replacingEvery("{\(argument.name)}", with: value)
    }
    return .success([["role": "user", "content": ["type": "text", "text": .string(text)]]])
  }

  static let migrateEstate = MCPPrompt(
    name: "migrate_estate",
    title: "Migrate a classic estate to extended support",
    description:
      "Walks through a Cloud Services (classic) migration with csmigrate's tools: validate, read the fixes, plan, "
      + "import, fix, prepare, and commit only after the user confirms.",
    arguments: [
      Argument(
        name: "estate", description: "Path of the estate document, relative to the worker's root.", required: true),
      Argument(
        name: "target",
        description: "What to migrate, as JSON: {\"virtualNetwork\": \"name\"} or {\"service\": \"name\"}; "
          + "by default the step after loading picks it.",
        required: false),
    ],
    tools: [
      "estate_load", "validation_run", "validation_explain", "gateways_plan", "arm_plan", "estate_import",
      "classic_get", "classic_update", "migration_validate", "migration_prepare", "migration_status",
      "migration_commit", "migration_abort",
    ],
    template: """
      Migrate the classic estate {estate} to Cloud Services (extended support) with the csmigrate tools, one \
      step at a time, and tell me what you found after each step.

      1. Call estate_load with {"estate": {"path": "{estate}"}}. Report any problems with their file and line and \
      stop if one is an error. Choose the target: {target}. A deployment inside a classic virtual network \
      migrates with its network, so the target is then {"virtualNetwork": "<name>"}.
      2. Call validation_run with {"estate": {"handle": "<handle from step 1>"}, "target": <target>}. List every \
      Error with its ruleId, resource, file and line.
      3. For each Error, call validation_explain with its ruleId and read the fix. For a gateway blocker, also \
      call gateways_plan for the runbook (what to record before removing the gateway and recreate after commit).
      4. Call arm_plan for the target and summarise the ARM resources it becomes.
      5. Call estate_import with the same estate, then apply the fixes on the classic side with classic_update \
      (a JSON merge patch; {"gateway": null} removes a virtual network's gateway). Call classic_get first so the \
      user knows what is removed, and ask before removing anything.
      6. Call migration_validate with the target; repeat step 5 until it reports no Error.
      7. Call migration_prepare with the target and show the state and the ARM resources (migration_status).
      8. Commit cannot be undone: it deletes the classic side. Ask me to confirm in so many words. Only after I \
      answer yes, call migration_commit; if I say no, call migration_abort to unlock the classic side.
      """,
    defaults: ["target": "the virtual network of the estate's deployment, or the deployment itself"])
}

extension String {
  /// This string with every occurrence of `target` replaced.
  fileprivate func replacingEvery(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
