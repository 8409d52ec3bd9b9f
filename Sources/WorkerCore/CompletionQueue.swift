import Foundation
import Logging
import PluginAPI
import WorkerProtocol

/// A handler's result as it reaches the loop thread.
enum HandlerResult: Sendable {
  /// A result the loop thread writes itself (small: writing it costs less than copying it).
  case value(JSONValue)
  /// A large result already written as JSON text on the handler's thread, so that writing it never holds up
  /// the loop (and the pings and cancellations it answers), or a result's text the handler kept.
  case encoded([UInt8])

  /// The node count from which a result is written on the handler's thread.
  static let encodeOnHandlerFromNodes = 4096

  /// Wraps a handler's value, writing it out first when it is large; nil when its text would pass
  /// `maxBytes` (found while writing, which stops there).
  init?(_ value: JSONValue, maxBytes: Int) {
    if !value.hasMoreNodes(than: Self.encodeOnHandlerFromNodes), value.encodedLengthBound <= maxBytes {
      self = .value(value)
    } else if let text = value.serialized(limit: maxBytes) {
      self = .encoded(text)
    } else {
      return nil
    }
  }

  /// Wraps a handler's reply: a kept text as it is (nil when it passes `maxBytes`), a value as above.
  init?(_ reply: MethodReply, maxBytes: Int) {
    switch reply {
    case .value(let value):
      self.init(value, maxBytes: maxBytes)
    case .encoded(let encoded):
      guard encoded.text.count <= maxBytes else { return nil }
      self = .encoded(encoded.text)
    }
  }
}

extension JSONValue {
  /// A bound on the length of the value's compact JSON text (as if every string byte took a six-byte
  /// escape), found by visiting every node: meant for small values only.
  fileprivate var encodedLengthBound: Int {
    switch self {
    case .null, .bool: 5
    case .number(let number): number.text.utf8.count
    case .string(let string): string.utf8.count * 6 + 2
    case .array(let elements): elements.reduce(2) { $0 + $1.encodedLengthBound + 1 }
    case .object(let object):
      object.members.reduce(2) { $0 + $1.key.utf8.count * 6 + 3 + $1.value.encodedLengthBound + 1 }
    }
  }
}

/// Turns one request's handler outcome into what the loop thread writes, and queues it: the reply limit applied
/// (with a warning in the log), errors mapped to JSON-RPC errors.
///
/// The one place both kinds of handler end: an `async` handler's task calls it, and so does the ``ReplySink`` of
/// a ``MethodStarter``, on whatever thread its outcome arrives.
struct ReplyDelivery: Sendable {
  let token: UInt64
  let method: String
  let maxReplyBytes: Int
  let logger: Logger
  let queue: CompletionQueue

  /// Queues the outcome for the loop thread (and wakes it).
  func deliver(_ outcome: Result<MethodReply, any Error>) {
    queue.push(.finished(token: token, result: result(of: outcome)))
  }

  private func result(of outcome: Result<MethodReply, any Error>) -> Result<HandlerResult, ResponseError> {
    switch outcome {
    case .success(let reply):
      if let encoded = HandlerResult(reply, maxBytes: maxReplyBytes) { return .success(encoded) }
      logger.warning("result over the reply limit not sent", metadata: ["maxReplyBytes": "\(maxReplyBytes)"])
      return .failure(.replyTooLarge(method: method, maxReplyBytes: maxReplyBytes))
    case .failure(let error):
      return .failure(ResponseError(mapping: error))
    }
  }
}

/// What handler threads hand back to the loop thread.
enum Completion: Sendable {
  /// A handler finished with a result or an error.
  case finished(token: UInt64, result: Result<HandlerResult, ResponseError>)
  /// A handler reported progress.
  case progress(token: UInt64, update: ProgressUpdate)
}

/// A many-producer, one-consumer queue from handler threads to the loop thread.
///
/// Producers push and then call the transport's wake-up (`uv_async_send`), which
/// coalesces; the loop therefore always drains the whole queue at once.
final class CompletionQueue: Sendable {
  /// The queued items, under the one lock type ThreadSanitizer sees (concurrent producers contend).
  private let items = LockedValue<[Completion]>([])
  private let wake: @Sendable () -> Void

  init(wake: @escaping @Sendable () -> Void) { self.wake = wake }

  /// Adds an item and wakes the loop. Callable from any thread.
  func push(_ item: Completion) {
    items.withLock { $0.append(item) }
    wake()
  }

  /// Takes every queued item in arrival order. Loop thread only.
  func drain() -> [Completion] {
    items.withLock { items in
      let taken = items
      items = []  // hands the storage over instead of copying it
      return taken
    }
  }
}
