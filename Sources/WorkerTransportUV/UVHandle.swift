import CLibUV

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A libuv error code.
struct UVError: Error {
  let code: Int32
  init(_ code: Int32) { self.code = code }
  /// libuv's name for the code, such as `EPIPE`.
  var name: String { UVHandle.errorName(code) }
}

/// Helpers for libuv handles allocated with `malloc` and freed in their close callback.
enum UVHandle {
  /// Allocates zeroed memory for a handle or request of type `T`.
  static func allocate<T>(_: T.Type) -> UnsafeMutablePointer<T> {
    guard let raw = calloc(1, MemoryLayout<T>.size) else { fatalError("out of memory allocating a libuv handle") }
    return raw.bindMemory(to: T.self, capacity: 1)
  }

  /// Closes a handle; its memory is freed once libuv is done with it.
  static func close(_ handle: UnsafeMutableRawPointer) {
    let base = handle.assumingMemoryBound(to: uv_handle_t.self)
    guard uv_is_closing(base) == 0 else { return }
    uv_close(base) { closed in free(closed) }
  }

  /// The transport stored in a handle's `data` field.
  static func owner(of handle: UnsafeMutableRawPointer?) -> StdioTransport? {
    guard let data = handle?.assumingMemoryBound(to: uv_handle_t.self).pointee.data else { return nil }
    return Unmanaged<StdioTransport>.fromOpaque(data).takeUnretainedValue()
  }

  /// The transport stored in a request's `data` field.
  static func owner(ofRequest request: UnsafeMutableRawPointer?) -> StdioTransport? {
    guard let data = request?.assumingMemoryBound(to: uv_req_t.self).pointee.data else { return nil }
    return Unmanaged<StdioTransport>.fromOpaque(data).takeUnretainedValue()
  }

  /// Opens `fd` as the stream kind `uv_guess_handle` reports: a TTY, a pipe (or Unix socket) or a TCP socket.
  ///
  /// - Returns: `nil` when `fd` is not a stream (a file, or unknown); otherwise the stream, or the libuv error
  ///   with which opening it failed (the handle is then freed).
  static func openStream(
    loop: UnsafeMutablePointer<uv_loop_t>, fd: Int32, readable: Bool, context: UnsafeMutableRawPointer
  ) -> Result<UnsafeMutablePointer<uv_stream_t>, UVError>? {
    let handle: UnsafeMutableRawPointer
    var status: Int32
    switch uv_guess_handle(fd) {
    case UV_TTY:
      let tty = allocate(uv_tty_t.self)
      status = uv_tty_init(loop, tty, fd, readable ? 1 : 0)
      handle = UnsafeMutableRawPointer(tty)
    case UV_NAMED_PIPE:
      let pipe = allocate(uv_pipe_t.self)
      status = uv_pipe_init(loop, pipe, 0)
      if status == 0 { status = uv_pipe_open(pipe, fd) }
      handle = UnsafeMutableRawPointer(pipe)
    case UV_TCP:
      let tcp = allocate(uv_tcp_t.self)
      status = uv_tcp_init(loop, tcp)
      if status == 0 { status = uv_tcp_open(tcp, uv_os_sock_t(fd)) }
      handle = UnsafeMutableRawPointer(tcp)
    default:
      return nil
    }
    let stream = handle.assumingMemoryBound(to: uv_stream_t.self)
    stream.pointee.data = context
    guard status == 0 else {
      // An initialised handle must be closed through the loop; one that failed init is plain memory.
      if stream.pointee.loop != nil { close(handle) } else { free(handle) }
      return .failure(UVError(status))
    }
    return .success(stream)
  }

  /// libuv's name for an error code, for logs.
  static func errorName(_ code: Int32) -> String { String(cString: uv_err_name(code)) }
}
