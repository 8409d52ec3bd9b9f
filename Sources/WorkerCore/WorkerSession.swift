public import Logging
public import PluginAPI
import WorkerProtocol

/// The JSON-RPC engine of one worker: it classifies messages, runs handlers and writes replies.
///
/// The session knows nothing of libuv. A transport feeds it lines and collects its output:
///
/// ```
///  stdin bytes ─▶ LineFramer ─▶ receive(line:) ─┬─ built-ins (ping, initialize, …) answered inline
///                                               └─ plugin methods ─▶ Task off the loop
///                                                        │ results and progress
///                                                        ▼
///                 wake() (uv_async_send) ─▶ drainCompletions() ─▶ outbox ─▶ takeOutput() ─▶ stdout
/// ```
///
/// Every request gets exactly one reply: a request lives in `pending` until the step
/// that writes its reply removes it, so a late result after a cancellation finds
/// nothing and is dropped.
///
/// - Important: Every method except `init` must be called on the loop thread. Handler
///   threads reach the loop only through the completion queue and `wake`.
public final class WorkerSession {
  /// Why the session wants the process to end.
  public enum Outcome: Equatable, Sendable {
    /// Input ended or a signal arrived, and every reply has been written.
    case drained
    /// The client sent `exit`; the exit code is 0 after `shutdown`, else 1.
    case exitRequested(code: Int32)
  }

  let registry: MethodRegistry
  let configuration: WorkerConfiguration
  let logger: Logger
  let services: PluginServices
  private let completions: CompletionQueue
  private var pending: [UInt64: PendingRequest] = [:]
  /// Admitted requests waiting for a free handler slot, oldest first (tokens; cancelled ones are skipped).
  private var waiting: [UInt64] = []
  private var waitingHead = 0
  /// Requests whose handler is running (at most `maxInFlightRequests`).
  private var runningCount = 0
  /// Requests that read or write shared state, kept in arrival order (see ``RequestOrdering``).
  private var ordering = RequestOrdering()
  private var tokensByID: [RequestID: UInt64] = [:]
  private var nextToken: UInt64 = 0
  /// Replies waiting to be handed to the transport.
  ///
  /// Unchecked for overlapping access (as is ``repliesWritten``): both are touched on every `ping`, only on
  /// the loop thread, never while a closure holds them (``drainOutput(_:)`` lends a swapped-out buffer), and
  /// the runtime's check cost a tenth of a pipelined `ping` (callgrind; bench/README.md, "Pipelined ping
  /// (round 2, third pass)").
  @exclusivity(unchecked) private var outbox = JSONWriter(capacity: 64 * 1024)
  /// The buffer ``drainOutput(_:)`` lends to the transport; empty between drains.
  private var outgoing: [UInt8] = []
  private var inputEnded = false
  private(set) var shutdownRequested = false
  private(set) var clientInfo: JSONValue?
  /// Set once the session has nothing left to do; the transport then flushes and exits.
  public private(set) var outcome: Outcome?
  /// The number of replies written so far (tests use it to check exactly-once).
  @exclusivity(unchecked) public private(set) var repliesWritten = 0
  /// The number of requests whose handler was started on the loop thread through its ``MethodSpec/starter``,
  /// without a task (tests use it to check that forwarded calls take that path).
  public private(set) var startedWithoutTask = 0
  /// Whether replies waiting to be written passed the high-water mark: no handler starts until they drain.
  public private(set) var launchesHeld = false

  /// Makes a session.
  ///
  /// - Parameters:
  ///   - registry: the enabled plugin methods.
  ///   - configuration: limits and identity.
  ///   - logger: where diagnostics go (stderr in the worker).
  ///   - services: the core services handed to every handler.
  ///   - wake: called from any thread when handler output is waiting; must make the loop call
  ///     ``drainCompletions()`` soon.
  public init(
    registry: MethodRegistry, configuration: WorkerConfiguration, logger: Logger,
    services: PluginServices = PluginServices(), wake: @escaping @Sendable () -> Void
  ) {
    self.registry = registry
    self.services = services
    self.configuration = configuration
    self.logger = logger
    self.completions = CompletionQueue(wake: wake)
  }

  /// The number of requests whose handlers are still running.
  public var inFlightCount: Int { pending.count }

  /// The number of admitted requests waiting for a handler slot; the transport stops reading above its limit.
  public var waitingCount: Int { pending.count - runningCount }

  /// Hands the bytes written since the last call (whole messages, each ending in `\n`) to `body`, then forgets
  /// them; `body` is not called when there is nothing to send.
  ///
  /// The bytes are lent, not copied: `body` must copy what it keeps, and the output buffer is reused.
  public func drainOutput(_ body: (UnsafeRawBufferPointer) -> Void) {
    guard !outbox.bytes.isEmpty else { return }
    // The bytes move to a second buffer before `body` sees them, so whatever `body` leads to may write
    // replies again without touching the buffer being lent; the two buffers take turns, keeping their capacity.
    swap(&outbox.bytes, &outgoing)
    outgoing.withUnsafeBytes(body)
    outgoing.removeAll(keepingCapacity: outgoing.capacity <= 1 << 20)
  }

  // MARK: - Input

  /// Handles one framed line.
  public func receive(line: UnsafeRawBufferPointer) {
    if let envelope = EnvelopeScanner.scan(line) {
      receive(envelope, in: line)
      return
    }
    let value: JSONValue
    let rawIDs: [Int: String]
    do {
      (value, rawIDs) = try JSONParser.parseMessage(line, maxDepth: configuration.maxNestingDepth)
    } catch {
      writeError(id: .null, .parseError(error))
      return
    }
    if case .array(let elements) = value {
      receiveBatch(elements, rawIDs: rawIDs)
    } else if let reply = handle(IncomingMessage.classify(value).keepingRawID(rawIDs, at: 0), batch: nil, slot: 0) {
      writeMessage(reply)
    }
  }

  /// Handles a line the envelope scanner read: a request or notification without params.
  ///
  /// `ping` is answered by copying the id's bytes straight into the output; everything else takes the
  /// ordinary dispatch with the id and method the scanner found.
  private func receive(_ envelope: EnvelopeScanner.Envelope, in line: UnsafeRawBufferPointer) {
    let method = UnsafeRawBufferPointer(rebasing: line[envelope.method])
    if let idRange = envelope.id, envelope.method(in: line, is: "ping"), !shutdownRequested {
      Self.writePingReply(id: UnsafeRawBufferPointer(rebasing: line[idRange]), into: &outbox)
      repliesWritten += 1
      return
    }
    let name = String(decoding: method, as: UTF8.self)
    guard let idRange = envelope.id else {
      handleNotification(name, params: nil)
      return
    }
    let idBytes = UnsafeRawBufferPointer(rebasing: line[idRange])
    let id: RequestID =
      switch idBytes.first {
      case 0x22?: .string(String(decoding: idBytes.dropFirst().dropLast(), as: UTF8.self))
      case 0x6E?: .null
      default: .number(JSONNumber(unchecked: String(decoding: idBytes, as: UTF8.self)))
      }
    if let reply = handleRequest(id: id, method: name, params: nil, batch: nil, slot: 0) {
      writeMessage(reply)
    }
  }

  /// Appends `ping`'s reply for the id whose JSON text is `id`, in one access to the output.
  private static func writePingReply(id: UnsafeRawBufferPointer, into outbox: inout JSONWriter) {
    outbox.writeRaw(#"{"jsonrpc":"2.0","id":"#, id, #","result":{}}\#n"#)
  }

  /// Answers a line that exceeded the size limit.
  public func receiveOversizedLine(byteCount: Int) {
    logger.warning("dropped an over-long line", metadata: ["bytes": "\(byteCount)"])
    writeError(
      id: .null,
      ResponseError(
        code: .invalidRequest, message: "Invalid Request",
        data: [
          "reason": "message exceeds the maximum size",
          "maxMessageBytes": .number(JSONNumber(configuration.maxMessageBytes)),
          "receivedBytes": .number(JSONNumber(byteCount)),
        ]))
  }

  /// Records that no more input will come (end of file, or SIGTERM/SIGINT).
  ///
  /// Requests already running finish and are answered; then ``outcome`` becomes `.drained`.
  public func inputDidEnd() {
    inputEnded = true
    finishIfIdle()
  }

  /// Writes the replies and progress that handler threads have produced.
  public func drainCompletions() {
    for completion in completions.drain() {
      switch completion {
      case .finished(let token, let result):
        guard let request = pending[token] else {
          // Already answered (cancelled): whether the handler stopped at a cancellation check or ran to its end.
          if case .failure(let error) = result, error.code == .requestCancelled {
            logger.debug("the handler of a cancelled request stopped")
          } else {
            logger.debug("the handler of a cancelled request ran to its end")
          }
          continue
        }
        switch result {
        case .success(let value): answer(request, result: value)
        case .failure(let error): answer(request, error: error)
        }
      case .progress(let token, let update):
        guard let request = pending[token] else { continue }  // never after the reply
        writeProgress(update, for: request)
      }
    }
    finishIfIdle()
  }

  // MARK: - Classification and dispatch

  private func receiveBatch(_ elements: [JSONValue], rawIDs: [Int: String]) {
    guard !elements.isEmpty else {
      writeError(id: .null, .invalidRequest("an empty batch is not a request"))
      return
    }
    let messages = elements.enumerated().map { IncomingMessage.classify($1).keepingRawID(rawIDs, at: $0) }
    let slots = messages.reduce(0) { count, message in
      if case .notification = message { return count }
      return count + 1
    }
    let batch = BatchReply(slots: slots)
    var slot = 0
    for message in messages {
      let isNotification: Bool
      if case .notification = message { isNotification = true } else { isNotification = false }
      if let reply = handle(message, batch: batch, slot: slot) {
        batch.fill(slot, with: reply)
      }
      if !isNotification { slot += 1 }
    }
    writeBatchIfComplete(batch)
  }

  /// Handles one message; returns its reply when it is answered at once, `nil` when it is pending or a notification.
  private func handle(_ message: IncomingMessage, batch: BatchReply?, slot: Int) -> [UInt8]? {
    switch message {
    case .invalid(let id, let error):
      return encodeError(id: id, error)
    case .notification(let method, let params):
      handleNotification(method, params: params)
      return nil
    case .request(let id, let method, let params):
      return handleRequest(id: id, method: method, params: params, batch: batch, slot: slot)
    }
  }

  private func handleRequest(
    id: RequestID, method: String, params: JSONValue?, batch: BatchReply?, slot: Int
  ) -> [UInt8]? {
    if shutdownRequested {
      return encodeError(id: id, .invalidRequest("the worker has been shut down; only exit is accepted"))
    }
    if let builtin = BuiltinMethods.request(named: method) {
      switch builtin.run(self, params) {
      case .success(let result): return encodeResult(id: id, result)
      case .failure(let error): return encodeError(id: id, error)
      }
    }
    let spec: MethodSpec
    if let mcp = mcpRequest(method, params) {
      switch mcp {
      case .success(let handler): spec = handler
      case .failure(let error): return encodeError(id: id, error)
      }
    } else if let entry = registry.entry(for: method) {
      spec = entry.spec
    } else {
      return encodeError(id: id, .methodNotFound(method))
    }
    if id != .null, tokensByID[id] != nil {
      return encodeError(id: id, .invalidRequest("id \(id) is already used by a request in flight", field: "id"))
    }
    start(spec, id: id, params: params, batch: batch, slot: slot)
    return nil
  }

  /// The handler of an MCP request that runs off the loop (`tools/call`, `resources/list`, `resources/read`), or
  /// `nil` for any other method.
  private func mcpRequest(_ method: String, _ params: JSONValue?) -> Result<MethodSpec, ResponseError>? {
    switch method {
    case Self.toolsCallMethod: toolCall(params)
    case Self.resourcesListMethod: .success(resourcesList())
    case Self.resourcesReadMethod: resourceRead(params)
    default: nil
    }
  }

  private func handleNotification(_ method: String, params: JSONValue?) {
    if let builtin = BuiltinMethods.notification(named: method) {
      builtin.run(self, params)
      return
    }
    guard !shutdownRequested, let entry = registry.entry(for: method) else {
      logger.debug("ignored notification", metadata: ["method": "\(method)"])
      return
    }
    start(entry.spec, id: nil, params: params, batch: nil, slot: 0)
  }

  /// Admits a plugin request: requests that share state first wait for their turn in arrival order (a write
  /// after everything before it, a read after the writes before it); then it runs at once when a handler slot
  /// is free, otherwise it waits for one.
  ///
  /// Reading goes on while requests wait, so `ping` and cancellations are never stuck behind busy handlers.
  private func start(_ spec: MethodSpec, id: RequestID?, params: JSONValue?, batch: BatchReply?, slot: Int) {
    nextToken &+= 1
    let token = nextToken
    let progressToken = params?["_meta"]?["progressToken"].flatMap { value -> JSONValue? in
      switch value {
      case .string, .number: value
      default: nil
      }
    }
    let request = PendingRequest(
      token: token, id: id, method: spec.name, progressToken: progressToken, batch: batch, slot: slot)
    pending[token] = request
    if let id, id != .null { tokensByID[id] = token }
    if spec.access != .independent {
      request.isOrdered = true
      guard ordering.admit(token, writes: spec.access.isWrite) else {
        request.deferred = (spec, params)
        return
      }
    }
    admitToSlot(request, spec: spec, params: params)
  }

  /// Runs a request whose turn has come, or queues it for the next free handler slot.
  private func admitToSlot(_ request: PendingRequest, spec: MethodSpec, params: JSONValue?) {
    if !launchesHeld, runningCount < configuration.maxInFlightRequests {
      launch(request, spec: spec, params: params)
    } else {
      request.deferred = (spec, params)
      waiting.append(request.token)
    }
  }

  /// Tells the session how many reply bytes wait to be written (the transport calls it after every event).
  ///
  /// Above `writeHighWaterBytes` no new handler starts, so a client that never reads cannot make the worker
  /// build replies without bound: admitted requests wait their turn (and the transport stops reading once
  /// `maxWaitingRequests` wait). At or below `writeLowWaterBytes` they start again.
  public func outputBacklogChanged(queuedBytes: Int) {
    if !launchesHeld, queuedBytes > configuration.writeHighWaterBytes {
      launchesHeld = true
      logger.debug("output backed up; holding new requests", metadata: ["queuedBytes": "\(queuedBytes)"])
    } else if launchesHeld, queuedBytes <= configuration.writeLowWaterBytes {
      launchesHeld = false
      logger.debug("output drained; starting held requests", metadata: ["waiting": "\(waitingCount)"])
      launchWaiting()
    }
  }

  /// Starts waiting requests while handler slots are free.
  private func launchWaiting() {
    while !launchesHeld, runningCount < configuration.maxInFlightRequests, waitingHead < waiting.count {
      let token = waiting[waitingHead]
      waitingHead += 1
      guard let request = pending[token], let (spec, params) = request.deferred else { continue }
      request.deferred = nil
      launch(request, spec: spec, params: params)
    }
    if waitingHead > 1024, waitingHead * 2 > waiting.count {
      waiting.removeFirst(waitingHead)
      waitingHead = 0
    }
  }

  /// Runs a plugin handler: a ``MethodStarter`` right here on the loop thread (it starts its work and returns;
  /// its outcome comes back through the completion queue from the thread that has it), any other handler in a
  /// task off the loop thread.
  private func launch(_ request: PendingRequest, spec: MethodSpec, params: JSONValue?) {
    runningCount += 1
    request.isRunning = true
    let token = request.token
    let queue = completions
    var requestLogger = logger
    requestLogger[metadataKey: "method"] = "\(spec.name)"
    if let id = request.id { requestLogger[metadataKey: "id"] = "\(id)" }
    // Nobody asked for progress: drop reports at the source instead of waking the loop for them.
    var progressSink: @Sendable (ProgressUpdate) -> Void = { _ in }
    if request.progressToken != nil {
      progressSink = { update in queue.push(.progress(token: token, update: update)) }
      if configuration.holdsAtFirstProgress {
        let hold = ProgressHold()
        request.hold = hold
        progressSink = { update in
          queue.push(.progress(token: token, update: update))
          hold.holdOnce()
        }
      }
    }
    let context = RequestContext(
      method: spec.name, logger: requestLogger, services: services, cancellation: request.cancellation,
      progressSink: progressSink)
    let delivery = ReplyDelivery(
      token: token, method: spec.name, maxReplyBytes: configuration.maxReplyBytes, logger: requestLogger,
      queue: queue)
    if let starter = spec.starter {
      startedWithoutTask += 1
      starter(params, context, ReplySink(delivery.deliver))
      return
    }
    let handler = spec.handler
    let replyHandler = spec.replyHandler
    let sendableParams = params
    request.task = Task.detached {
      let outcome: Result<MethodReply, any Error>
      do {
        if let replyHandler {
          outcome = .success(try await replyHandler(sendableParams, context))
        } else {
          outcome = .success(.value(try await handler(sendableParams, context)))
        }
      } catch {
        outcome = .failure(error)
      }
      delivery.deliver(outcome)
    }
  }

  // MARK: - Built-in operations (called by BuiltinMethods)

  /// Cancels a running request by the client's id; unknown or finished ids are ignored.
  func cancelRequest(id: RequestID) {
    // A result that is already queued counts as finished first.
    drainCompletions()
    guard let token = tokensByID[id], let request = pending[token] else { return }
    request.cancellation.cancel()
    request.task?.cancel()
    answer(request, error: .requestCancelled)
  }

  /// Marks `shutdown`: later requests are refused; `exit` ends the process with 0.
  func requestShutdown() { shutdownRequested = true }

  /// Handles `exit`: every running request is answered as cancelled, then the session ends.
  func requestExit() {
    for request in pending.values.sorted(by: { $0.token < $1.token }) {
      request.cancellation.cancel()
      request.task?.cancel()
      answer(request, error: .requestCancelled)
    }
    outcome = .exitRequested(code: shutdownRequested ? 0 : 1)
  }

  /// Remembers `clientInfo` from `initialize`, for the log.
  func recordClient(_ info: JSONValue?) {
    clientInfo = info
    if let name = info?["name"]?.stringValue {
      logger.info("client initialized", metadata: ["client": "\(name)"])
    }
  }

  // MARK: - Output

  private func answer(_ request: PendingRequest, result: HandlerResult) {
    switch result {
    case .value(let value):
      deliver(request) { id, writer in OutgoingMessage.result(id: id, result: value, into: &writer) }
    case .encoded(let text):
      deliver(request) { id, writer in OutgoingMessage.result(id: id, encodedResult: text, into: &writer) }
    }
  }

  private func answer(_ request: PendingRequest, error: ResponseError) {
    deliver(request) { id, writer in OutgoingMessage.error(id: id, error: error, into: &writer) }
  }

  /// Removes a request from the tables; after this no reply or progress can be written for it.
  private func retire(_ request: PendingRequest) {
    let removed = pending.removeValue(forKey: request.token)
    precondition(removed != nil, "a request was answered twice")
    request.hold?.release()
    if request.isRunning {
      runningCount -= 1
      launchWaiting()
    }
    if request.isOrdered {
      for token in ordering.finish(request.token) {
        guard let next = pending[token], let (spec, params) = next.deferred else { continue }
        next.deferred = nil
        admitToSlot(next, spec: spec, params: params)
      }
    }
    if let id = request.id, tokensByID[id] == request.token { tokensByID[id] = nil }
  }

  /// Retires a request and writes its one reply: straight into the output, or into its slot of a batch.
  private func deliver(_ request: PendingRequest, _ encode: (RequestID, inout JSONWriter) -> Void) {
    retire(request)
    guard let id = request.id else { return }  // a notification: run, never answered
    if let batch = request.batch {
      var writer = JSONWriter(capacity: 128)
      encode(id, &writer)
      batch.fill(request.slot, with: writer.bytes)
      writeBatchIfComplete(batch)
    } else {
      encode(id, &outbox)
      outbox.writeRaw(CollectionOfOne(0x0A))
      repliesWritten += 1
    }
  }

  private func writeBatchIfComplete(_ batch: BatchReply) {
    guard batch.isComplete, !batch.isEmpty else { return }
    batch.write(into: &outbox)
    outbox.writeRaw(CollectionOfOne(0x0A))
    repliesWritten += 1
  }

  private func writeProgress(_ update: ProgressUpdate, for request: PendingRequest) {
    guard let progressToken = request.progressToken, update.progress > request.lastProgress else { return }
    request.lastProgress = update.progress
    var params = JSONObject()
    params["progressToken"] = progressToken
    params["progress"] = .number(JSONNumber(update.progress))
    if let total = update.total { params["total"] = .number(JSONNumber(total)) }
    if let message = update.message { params["message"] = .string(message) }
    OutgoingMessage.notification(method: "notifications/progress", params: .object(params), into: &outbox)
    outbox.writeRaw(CollectionOfOne(0x0A))
  }

  private func writeMessage(_ bytes: [UInt8]) {
    outbox.writeRaw(bytes)
    outbox.writeRaw(CollectionOfOne(0x0A))
    repliesWritten += 1
  }

  private func writeError(id: RequestID, _ error: ResponseError) {
    OutgoingMessage.error(id: id, error: error, into: &outbox)
    outbox.writeRaw(CollectionOfOne(0x0A))
    repliesWritten += 1
  }

  private func encodeResult(id: RequestID, _ result: JSONValue) -> [UInt8] {
    var writer = JSONWriter(capacity: 64)
    OutgoingMessage.result(id: id, result: result, into: &writer)
    return writer.bytes
  }

  private func encodeError(id: RequestID, _ error: ResponseError) -> [UInt8] {
    var writer = JSONWriter(capacity: 128)
    OutgoingMessage.error(id: id, error: error, into: &writer)
    return writer.bytes
  }

  private func finishIfIdle() {
    if inputEnded, pending.isEmpty, outcome == nil {
      outcome = .drained
    }
  }
}
