import CLibUV
import PluginHost
import Synchronization
import WorkerCore
import WorkerProtocol

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One running plugin process and its three pipes, on the plugin loop thread.
///
/// Output is framed into lines (stdout at the plugin line limit, stderr at 64 KiB); the exit is reported only
/// after stdout and stderr reached their end, so a last answer written just before exiting is not lost.
final class PluginProcess {
  let key: Int
  unowned let thread: PluginLoopThread
  let channel: UVPluginChannel
  let events: @Sendable (PluginChannelEvent) -> Void
  let process = UVHandle.allocate(uv_process_t.self)
  let input = UVHandle.allocate(uv_pipe_t.self)
  let output = UVHandle.allocate(uv_pipe_t.self)
  let errors = UVHandle.allocate(uv_pipe_t.self)
  var outputFramer: LineFramer
  var errorFramer = LineFramer(maxLineBytes: 64 * 1024)
  let readBuffer = UnsafeMutableRawPointer.allocate(byteCount: 64 * 1024, alignment: 16)
  var exitStatus: (status: Int64, signal: Int32)?
  var openStreams = 2
  var openHandles = 0
  var exited = false
  var inputClosed = false
  /// Handles already passed to `uv_close` (their memory is freed in the close callback).
  var closedHandles: Set<UnsafeMutableRawPointer> = []

  init(
    key: Int, thread: PluginLoopThread, channel: UVPluginChannel,
    events: @escaping @Sendable (PluginChannelEvent) -> Void, maxLineBytes: Int
  ) {
    self.key = key
    self.thread = thread
    self.channel = channel
    self.events = events
    outputFramer = LineFramer(maxLineBytes: maxLineBytes)
  }

  deinit { readBuffer.deallocate() }

  private var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

  /// Starts the process; on failure reports `spawnFailed` and releases everything (the thread keeps the object
  /// until its handles are closed).
  func spawn(_ entry: PluginEntry) {
    for pipe in [input, output, errors] {
      uv_pipe_init(thread.loop, pipe, 0)
      pipe.pointee.data = context
    }
    process.pointee.data = context
    openHandles = 4
    var stdio = [
      uv_stdio_container_t(
        flags: uv_stdio_flags(UV_CREATE_PIPE.rawValue | UV_READABLE_PIPE.rawValue),
        data: .init(stream: UnsafeMutableRawPointer(input).assumingMemoryBound(to: uv_stream_t.self))),
      uv_stdio_container_t(
        flags: uv_stdio_flags(UV_CREATE_PIPE.rawValue | UV_WRITABLE_PIPE.rawValue),
        data: .init(stream: UnsafeMutableRawPointer(output).assumingMemoryBound(to: uv_stream_t.self))),
      uv_stdio_container_t(
        flags: uv_stdio_flags(UV_CREATE_PIPE.rawValue | UV_WRITABLE_PIPE.rawValue),
        data: .init(stream: UnsafeMutableRawPointer(errors).assumingMemoryBound(to: uv_stream_t.self))),
    ]
    let argv = entry.argv.map { strdup($0) } + [nil]
    var parent: [String: String] = [:]
    var cursor = environ
    while let pair = cursor.pointee {
      let text = String(cString: pair)
      if let equals = text.firstIndex(of: "=") {
        parent[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      cursor += 1
    }
    let environment = entry.environmentList(parent: parent).map { strdup($0) } + [nil]
    let directory = strdup(entry.directory)
    defer {
      for pointer in argv + environment { free(pointer) }
      free(directory)
    }
    let status = stdio.withUnsafeMutableBufferPointer { containers in
      var argvCopy = argv
      var environmentCopy = environment
      return argvCopy.withUnsafeMutableBufferPointer { args in
        environmentCopy.withUnsafeMutableBufferPointer { env in
          var options = uv_process_options_t()
          options.exit_cb = { handle, status, signal in
            guard let data = handle?.pointee.data else { return }
            Unmanaged<PluginProcess>.fromOpaque(data).takeUnretainedValue().processExited(status, signal)
          }
          options.file = UnsafePointer(args[0])
          options.args = args.baseAddress
          options.env = env.baseAddress
          options.cwd = UnsafePointer(directory)
          options.flags = UV_PROCESS_DETACHED.rawValue
          options.stdio_count = 3
          options.stdio = containers.baseAddress
          return uv_spawn(thread.loop, process, &options)
        }
      }
    }
    guard status == 0 else {
      exited = true
      channel.closed.store(true, ordering: .releasing)
      closeAll()
      events(.spawnFailed(reason: "\(UVHandle.errorName(status)): \(String(cString: uv_strerror(status)))"))
      return
    }
    var descriptor = uv_os_fd_t()
    if uv_fileno(UnsafeMutableRawPointer(input).assumingMemoryBound(to: uv_handle_t.self), &descriptor) == 0 {
      channel.input.withLock { $0.descriptor = descriptor }
    }
    startReading(output)
    startReading(errors)
  }

  /// Stops callers from writing to stdin directly; called before the loop shuts or closes it.
  private func withdrawDirectInput() {
    channel.input.withLock { $0.descriptor = nil }
  }

  private func startReading(_ pipe: UnsafeMutablePointer<uv_pipe_t>) {
    uv_read_start(
      UnsafeMutableRawPointer(pipe).assumingMemoryBound(to: uv_stream_t.self),
      { handle, _, buffer in
        guard let data = handle?.pointee.data else { return }
        let owner = Unmanaged<PluginProcess>.fromOpaque(data).takeUnretainedValue()
        buffer?.pointee = uv_buf_init(owner.readBuffer.assumingMemoryBound(to: CChar.self), 64 * 1024)
      },
      { stream, count, _ in
        guard let stream, let data = stream.pointee.data else { return }
        let owner = Unmanaged<PluginProcess>.fromOpaque(data).takeUnretainedValue()
        owner.received(count, on: UnsafeMutableRawPointer(stream))
      })
  }

  private func received(_ count: Int, on stream: UnsafeMutableRawPointer) {
    let isOutput = stream == UnsafeMutableRawPointer(output)
    if count > 0 {
      let bytes = UnsafeRawBufferPointer(start: readBuffer, count: count)
      if isOutput {
        outputFramer.feed(bytes) { deliver($0, stdout: true) }
      } else {
        errorFramer.feed(bytes) { deliver($0, stdout: false) }
      }
      return
    }
    guard count < 0 else { return }
    if isOutput {
      outputFramer.finish { deliver($0, stdout: true) }
    } else {
      errorFramer.finish { deliver($0, stdout: false) }
    }
    uv_read_stop(stream.assumingMemoryBound(to: uv_stream_t.self))
    openStreams -= 1
    reportExitWhenDrained()
  }

  private func deliver(_ event: LineFramer.Event, stdout: Bool) {
    switch (event, stdout) {
    case (.line(let line), true): events(.line(Array(line)))
    case (.oversized(let count), true): events(.oversizedLine(byteCount: count))
    case (.line(let line), false): events(.stderrLine(String(decoding: line, as: UTF8.self)))
    case (.oversized(let count), false): events(.stderrLine("[a stderr line of \(count)+ bytes was cut]"))
    }
  }

  private func processExited(_ status: Int64, _ signal: Int32) {
    exited = true
    withdrawDirectInput()
    exitStatus = (status, signal)
    channel.closed.store(true, ordering: .releasing)
    reportExitWhenDrained()
  }

  private func reportExitWhenDrained() {
    guard let exitStatus, openStreams == 0 else { return }
    closeAll()
    events(.exited(status: exitStatus.status, signal: exitStatus.signal))
  }

  /// Writes bytes the channel handed over to stdin; the channel learns when the write has ended.
  func write(_ bytes: [UInt8]) {
    guard !inputClosed, !exited else {
      channel.loopWriteEnded(byteCount: bytes.count)
      return
    }
    let request = UnsafeMutableRawPointer.allocate(
      byteCount: MemoryLayout<uv_write_t>.stride + 16 + bytes.count, alignment: 16)
    memset(request, 0, MemoryLayout<uv_write_t>.stride)
    let countSlot = request + MemoryLayout<uv_write_t>.stride
    countSlot.storeBytes(of: bytes.count, as: Int.self)
    let data = countSlot + 16
    bytes.withUnsafeBytes { source in data.copyMemory(from: source.baseAddress!, byteCount: source.count) }
    let write = request.bindMemory(to: uv_write_t.self, capacity: 1)
    write.pointee.data = context
    var buffer = uv_buf_init(data.assumingMemoryBound(to: CChar.self), UInt32(bytes.count))
    let status = uv_write(write, UnsafeMutableRawPointer(input).assumingMemoryBound(to: uv_stream_t.self), &buffer, 1) {
      request, _ in
      guard let request else { return }
      let raw = UnsafeMutableRawPointer(request)
      let count = (raw + MemoryLayout<uv_write_t>.stride).load(as: Int.self)
      if let data = request.pointee.data {
        Unmanaged<PluginProcess>.fromOpaque(data).takeUnretainedValue().channel.loopWriteEnded(byteCount: count)
      }
      raw.deallocate()
    }
    if status != 0 {
      request.deallocate()
      channel.loopWriteEnded(byteCount: bytes.count)
    }
  }

  /// Closes stdin once queued writes are done: the plugin reads end of input.
  func closeInput() {
    guard !inputClosed else { return }
    inputClosed = true
    withdrawDirectInput()
    let request = UVHandle.allocate(uv_shutdown_t.self)
    request.pointee.data = context
    let status = uv_shutdown(request, UnsafeMutableRawPointer(input).assumingMemoryBound(to: uv_stream_t.self)) {
      request, _ in
      guard let request, let data = request.pointee.data else { return }
      free(request)
      let owner = Unmanaged<PluginProcess>.fromOpaque(data).takeUnretainedValue()
      owner.closeHandle(UnsafeMutableRawPointer(owner.input))
    }
    if status != 0 {
      free(request)
      closeHandle(UnsafeMutableRawPointer(input))
    }
  }

  /// Signals the process group; a no-op once the process has exited (its pid may be reused).
  func signal(_ number: Int32) {
    guard !exited else { return }
    let pid = process.pointee.pid
    if uv_kill(-pid, number) != 0 { _ = uv_kill(pid, number) }
  }

  private func closeAll() {
    inputClosed = true
    withdrawDirectInput()
    for handle in [
      UnsafeMutableRawPointer(input), UnsafeMutableRawPointer(output), UnsafeMutableRawPointer(errors),
      UnsafeMutableRawPointer(process),
    ] {
      closeHandle(handle)
    }
  }

  func closeHandle(_ handle: UnsafeMutableRawPointer) {
    guard closedHandles.insert(handle).inserted else { return }
    let base = handle.assumingMemoryBound(to: uv_handle_t.self)
    uv_close(base) { closed in
      guard let closed, let data = closed.pointee.data else { return }
      let owner = Unmanaged<PluginProcess>.fromOpaque(data).takeUnretainedValue()
      free(closed)
      owner.openHandles -= 1
      if owner.openHandles == 0 { owner.thread.finished(owner.key) }
    }
  }
}
