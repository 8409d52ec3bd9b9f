import CLibUV
public import Logging
public import PluginAPI
public import WorkerCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a ``WorkerSession`` on a libuv loop over a pair of file descriptors.
///
/// This is the only code in csmigrate that touches libuv. It picks the right libuv
/// object for each descriptor (`uv_guess_handle`): a pipe or socket is a stream, a
/// terminal a TTY, and a regular file or `/dev/null` is read and written with libuv's
/// file functions (a regular file can never be a `uv_pipe_t`: epoll refuses it and
/// libuv aborts).
///
/// Flow control: when more than `writeHighWaterBytes` are queued for the output, no new
/// handler starts and reading stops; reading also stops when `maxWaitingRequests` requests
/// wait for a handler slot. Both resume below the low water mark. Memory therefore stays
/// bounded however fast input arrives and however slowly the reader reads.
///
/// - Important: Every method runs on the loop thread. Other threads reach the loop only
///   through ``WakeGate``.
public final class StdioTransport {
  /// Exit code when stdout cannot be written (closed reader, I/O error), after BSD's `EX_IOERR`.
  public static let outputFailedExitCode: Int32 = 74

  let loop: UnsafeMutablePointer<uv_loop_t>
  let logger: Logger
  let configuration: WorkerConfiguration
  var session: WorkerSession?
  var framer: LineFramer
  var input: InputChannel = .none
  var output: OutputChannel = .none
  let readBuffer: UnsafeMutableRawPointer
  let readBufferSize = 64 * 1024
  var inputState: InputState = .idle
  var queuedOutputBytes = 0
  var pendingFileOutput: [UInt8] = []
  var fileWriteInFlight = false
  var currentFileWrite: FileWrite?
  var asyncHandle: UnsafeMutablePointer<uv_async_t>?
  var wakeGate: WakeGate?
  var signalHandles: [UnsafeMutablePointer<uv_signal_t>] = []
  var signalsReceived = 0
  var exitCode: Int32?
  var closing = false

  /// Where input stands.
  enum InputState {
    case idle, reading, paused, ended
  }

  /// Makes a transport; call ``run(registry:)`` to serve.
  public init(configuration: WorkerConfiguration, logger: Logger) {
    self.configuration = configuration
    self.logger = logger
    self.framer = LineFramer(maxLineBytes: configuration.maxMessageBytes)
    loop = UVHandle.allocate(uv_loop_t.self)
    uv_loop_init(loop)
    guard let buffer = malloc(64 * 1024) else { fatalError("out of memory allocating the read buffer") }
    readBuffer = buffer
  }

  deinit {
    free(readBuffer)
    free(loop)
  }

  /// Takes over the process's stdin and stdout and serves until input ends, `exit`, or a write failure.
  ///
  /// - Returns: the process exit code.
  public static func serveStandardStreams(
    registry: MethodRegistry, services: PluginServices, configuration: WorkerConfiguration, logger: Logger
  ) -> Int32 {
    signal(SIGPIPE, SIG_IGN)
    guard let descriptors = StdioDescriptors.takeOver() else {
      logger.critical("stdout is not open; nothing to reply to")
      return outputFailedExitCode
    }
    let transport = StdioTransport(configuration: configuration, logger: logger)
    return transport.run(
      registry: registry, services: services, inputFD: descriptors.input, outputFD: descriptors.output)
  }

  /// Serves on the given descriptors until the session ends; returns the exit code.
  public func run(registry: MethodRegistry, services: PluginServices, inputFD: Int32, outputFD: Int32) -> Int32 {
    let context = Unmanaged.passUnretained(self).toOpaque()  // self outlives the loop: run() returns after it
    guard openOutput(outputFD, context: context) else {
      logger.critical("cannot write replies", metadata: ["fd": "\(outputFD)"])
      return Self.outputFailedExitCode
    }
    let async = UVHandle.allocate(uv_async_t.self)
    uv_async_init(loop, async) { handle in UVHandle.owner(of: handle)?.handlerOutputArrived() }
    async.pointee.data = context
    asyncHandle = async
    let gate = WakeGate(async)
    wakeGate = gate
    session = WorkerSession(
      registry: registry, configuration: configuration, logger: logger, services: services,
      wake: { gate.wake() })
    installSignalHandlers(context: context)
    openInput(inputFD, context: context)
    pump()

    uv_run(loop, UV_RUN_DEFAULT)
    uv_loop_close(loop)
    return exitCode ?? 0
  }

  // MARK: - Turn processing

  /// Called after every event: moves session output to stdout, applies flow control, and ends when done.
  func pump() {
    guard !closing, let session else { return }
    session.drainOutput { bytes in enqueueOutput(bytes) }
    if exitCode == nil, let outcome = session.outcome {
      switch outcome {
      case .drained: exitCode = 0
      case .exitRequested(let code): exitCode = code
      }
      stopInput()
    }
    if exitCode != nil {
      if queuedOutputBytes == 0 { closeEverything() }
      return
    }
    applyFlowControl(session)
  }

  private func applyFlowControl(_ session: WorkerSession) {
    session.outputBacklogChanged(queuedBytes: queuedOutputBytes)
    let overloaded =
      queuedOutputBytes > configuration.writeHighWaterBytes
      || session.waitingCount >= configuration.maxWaitingRequests
    let relieved =
      queuedOutputBytes <= configuration.writeLowWaterBytes
      && session.waitingCount < configuration.maxWaitingRequests / 2
    if inputState == .reading, overloaded {
      pauseInput()
    } else if inputState == .paused, relieved {
      resumeInput()
    }
  }

  /// The async handle fired: handler threads have results or progress.
  func handlerOutputArrived() {
    session?.drainCompletions()
    pump()
  }

  /// Feeds bytes read from input to the framer and the session.
  func consume(_ bytes: UnsafeRawBufferPointer) {
    guard let session else { return }
    framer.feed(bytes) { event in
      switch event {
      case .line(let line): session.receive(line: line)
      case .oversized(let count): session.receiveOversizedLine(byteCount: count)
      }
    }
    pump()
  }

  /// Input reached its end (or failed): the last unterminated line still counts.
  func inputReachedEnd() {
    guard inputState != .ended, let session else { return }
    framer.finish { event in
      switch event {
      case .line(let line): session.receive(line: line)
      case .oversized(let count): session.receiveOversizedLine(byteCount: count)
      }
    }
    stopInput()
    session.inputDidEnd()
    pump()
  }

  /// Output failed for good (EPIPE or another error): stop at once with a non-zero code.
  func outputFailed(_ status: Int32) {
    guard !closing else { return }
    logger.error("stdout failed; stopping", metadata: ["error": "\(UVHandle.errorName(status))"])
    exitCode = Self.outputFailedExitCode
    queuedOutputBytes = 0
    pendingFileOutput = []
    stopInput()
    closeEverything()
  }

  // MARK: - Signals

  private func installSignalHandlers(context: UnsafeMutableRawPointer) {
    // A parent may spawn us with these signals blocked (the mask is inherited through exec);
    // a worker that promises a graceful SIGTERM must be able to receive it.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGTERM)
    sigaddset(&unblock, SIGINT)
    sigaddset(&unblock, SIGHUP)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    for signalNumber in [SIGTERM, SIGINT, SIGHUP] {
      let handle = UVHandle.allocate(uv_signal_t.self)
      uv_signal_init(loop, handle)
      handle.pointee.data = context
      uv_signal_start(
        handle,
        { handle, signalNumber in
          UVHandle.owner(of: handle)?.signalArrived(signalNumber)
        }, signalNumber)
      signalHandles.append(handle)
    }
  }

  /// SIGTERM, SIGINT or SIGHUP (the terminal or the parent went away): the same graceful path as end of input,
  /// so in-flight replies are written; a second one exits at once.
  func signalArrived(_ signalNumber: Int32) {
    signalsReceived += 1
    if signalsReceived > 1 {
      logger.warning("second signal; exiting without draining", metadata: ["signal": "\(signalNumber)"])
      _exit(128 + signalNumber)
    }
    logger.info("signal received; finishing in-flight requests", metadata: ["signal": "\(signalNumber)"])
    inputReachedEnd()
  }

  // MARK: - Closing

  /// Closes every handle; `uv_run` returns once libuv has released them.
  func closeEverything() {
    guard !closing else { return }
    closing = true
    closeInput()
    closeOutput()
    if let async = wakeGate?.close() { UVHandle.close(async) }
    for handle in signalHandles {
      uv_signal_stop(handle)
      UVHandle.close(handle)
    }
    signalHandles = []
  }
}
