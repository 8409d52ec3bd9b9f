import CLibUV
import Logging

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where requests are read from.
enum InputChannel {
  /// Nothing to read (closed descriptor, or input already ended).
  case none
  /// A pipe, socket or terminal, read with `uv_read_start`.
  case stream(UnsafeMutablePointer<uv_stream_t>)
  /// A regular file or character device, read with `uv_fs_read` one chunk at a time.
  case file(fd: Int32, request: UnsafeMutablePointer<uv_fs_t>, readInFlight: Bool)
}

extension StdioTransport {
  /// Opens the input descriptor with the libuv object its kind needs, and starts reading.
  func openInput(_ fd: Int32, context: UnsafeMutableRawPointer) {
    guard fd >= 0 else {
      logger.info("stdin is closed; treating it as empty")
      inputReachedEnd()
      return
    }
    switch UVHandle.openStream(loop: loop, fd: fd, readable: true, context: context) {
    case .success(let stream)?:
      input = .stream(stream)
    case .failure(let error)?:
      logger.error("cannot open stdin", metadata: ["error": "\(error.name)"])
      inputReachedEnd()
      return
    case nil where uv_guess_handle(fd) == UV_FILE:
      let request = UVHandle.allocate(uv_fs_t.self)
      request.pointee.data = context
      input = .file(fd: fd, request: request, readInFlight: false)
    case nil:
      logger.warning("stdin is of a kind that cannot be read; treating it as empty")
      inputReachedEnd()
      return
    }
    resumeInput()
  }

  /// Starts (or restarts) reading.
  func resumeInput() {
    guard inputState == .idle || inputState == .paused else { return }
    inputState = .reading
    switch input {
    case .none:
      break
    case .stream(let stream):
      let status = uv_read_start(
        stream,
        { handle, _, buffer in
          guard let owner = UVHandle.owner(of: handle) else { return }
          buffer?.pointee = uv_buf_init(
            owner.readBuffer.assumingMemoryBound(to: CChar.self), UInt32(owner.readBufferSize))
        },
        { stream, count, _ in UVHandle.owner(of: stream)?.streamDidRead(count) })
      if status != 0 {
        logger.error("cannot read stdin", metadata: ["error": "\(UVHandle.errorName(status))"])
        inputReachedEnd()
      }
    case .file:
      issueFileRead()
    }
  }

  /// Stops reading until ``resumeInput()``.
  func pauseInput() {
    guard inputState == .reading else { return }
    inputState = .paused
    logger.info("stdin paused until the backlog of requests and replies shrinks")
    if case .stream(let stream) = input { uv_read_stop(stream) }
    // A file read already in flight completes; the next one is not issued while paused.
  }

  /// Stops reading for good.
  func stopInput() {
    guard inputState != .ended else { return }
    inputState = .ended
    closeInput()
  }

  /// Releases the input's libuv objects (a file request is released when its read returns).
  func closeInput() {
    switch input {
    case .none:
      break
    case .stream(let stream):
      uv_read_stop(stream)
      UVHandle.close(stream)
      input = .none
    case .file(_, let request, let readInFlight):
      if !readInFlight {
        free(request)
        input = .none
      }
    }
  }

  func streamDidRead(_ count: Int) {
    if count > 0 {
      consume(UnsafeRawBufferPointer(start: readBuffer, count: count))
    } else if count < 0 {
      if Int32(count) != UV_EOF.rawValue {
        logger.error("stdin read failed", metadata: ["error": "\(UVHandle.errorName(Int32(count)))"])
      }
      inputReachedEnd()
    }
  }

  private func issueFileRead() {
    guard case .file(let fd, let request, false) = input, inputState == .reading else { return }
    input = .file(fd: fd, request: request, readInFlight: true)
    var buffer = uv_buf_init(readBuffer.assumingMemoryBound(to: CChar.self), UInt32(readBufferSize))
    // libuv copies the buffer descriptor into the request, so a local is enough.
    let status = uv_fs_read(loop, request, uv_file(fd), &buffer, 1, -1) { request in
      guard let request else { return }
      let result = request.pointee.result
      let owner = UVHandle.owner(ofRequest: request)
      uv_fs_req_cleanup(request)
      owner?.fileDidRead(result)
    }
    if status != 0 {
      input = .file(fd: fd, request: request, readInFlight: false)
      logger.error("cannot read stdin", metadata: ["error": "\(UVHandle.errorName(status))"])
      inputReachedEnd()
    }
  }

  private func fileDidRead(_ result: Int) {
    guard case .file(let fd, let request, _) = input else { return }
    input = .file(fd: fd, request: request, readInFlight: false)
    if inputState == .ended {
      closeInput()
      return
    }
    if result > 0 {
      consume(UnsafeRawBufferPointer(start: readBuffer, count: result))
      issueFileRead()
    } else {
      if result < 0 {
        logger.error("stdin read failed", metadata: ["error": "\(UVHandle.errorName(Int32(result)))"])
      }
      inputReachedEnd()
    }
  }
}
