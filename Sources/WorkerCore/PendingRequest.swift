import PluginAPI
import WorkerProtocol

/// A request whose handler is running off the loop thread.
///
/// - Important: Loop thread only. The session removes it from its table in the
///   same step as writing its one reply, so no second reply can find it.
final class PendingRequest {
  /// The session's serial number for this request (ids may repeat over time).
  let token: UInt64
  /// The client's id, or `nil` for a notification that is run but never answered.
  let id: RequestID?
  let method: String
  /// `_meta.progressToken` from the params, when the client asked for progress.
  let progressToken: JSONValue?
  let cancellation = CancellationFlag()
  /// The batch this request belongs to, and its slot in the reply array.
  let batch: BatchReply?
  let slot: Int
  /// Whether the handler was started (it holds one of the session's handler slots until the reply).
  var isRunning = false
  /// The handler's task, once it runs; `nil` while the request waits for a slot, and for a handler started
  /// without a task (``MethodSpec/starter``).
  var task: Task<Void, Never>?
  /// What to run when a slot frees up, for a request admitted while every slot was busy.
  var deferred: (spec: MethodSpec, params: JSONValue?)?
  var lastProgress = -Double.infinity
  /// The test hook that stops the handler after its first progress report (`serve --hold-at-first-progress`).
  var hold: ProgressHold?
  /// Whether the request reads or writes shared state, so the session's ``RequestOrdering`` tracks it.
  var isOrdered = false

  init(token: UInt64, id: RequestID?, method: String, progressToken: JSONValue?, batch: BatchReply?, slot: Int) {
    self.token = token
    self.id = id
    self.method = method
    self.progressToken = progressToken
    self.batch = batch
    self.slot = slot
  }
}

/// Collects the replies of one batch until every request in it is answered.
///
/// - Important: Loop thread only.
final class BatchReply {
  private var replies: [[UInt8]?]
  private var missing: Int

  init(slots: Int) {
    replies = Array(repeating: nil, count: slots)
    missing = slots
  }

  /// Whether every slot is filled.
  var isComplete: Bool { missing == 0 }

  /// Whether the batch produced no slots at all (only notifications).
  var isEmpty: Bool { replies.isEmpty }

  /// Stores the reply for one slot; a slot is filled at most once.
  func fill(_ slot: Int, with reply: [UInt8]) {
    precondition(replies[slot] == nil, "a batch slot was answered twice")
    replies[slot] = reply
    missing -= 1
  }

  /// Writes the array of replies.
  func write(into writer: inout JSONWriter) {
    writer.writeRaw("[".utf8)
    for (index, reply) in replies.enumerated() {
      if index > 0 { writer.writeRaw(",".utf8) }
      writer.writeRaw(reply ?? [])
    }
    writer.writeRaw("]".utf8)
  }
}
