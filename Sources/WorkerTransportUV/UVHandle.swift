import CLibUV

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// libuv's name for an error code, for logs.
  static func errorName(_ code: Int32) -> String { String(cString: uv_err_name(code)) }
}
