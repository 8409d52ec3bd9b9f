import CLibUV
import Logging

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where replies are written.
enum OutputChannel {
  case none
  /// A pipe, socket or terminal, written with `uv_write`.
  case stream(UnsafeMutablePointer<uv_stream_t>)
  /// A regular file or character device, written with `uv_fs_write`, one write at a time to keep order.
  case file(fd: Int32, request: UnsafeMutablePointer<uv_fs_t>)
}

/// Layout of one stream write: `[uv_write_t][byte count][bytes]` in one allocation, freed in the callback.
private enum WriteBlock {
  static let countOffset = (MemoryLayout<uv_write_t>.stride + 15) & ~15
  static let dataOffset = countOffset + 16
}

/// The file write in progress: a copy of the bytes and how far it got.
struct FileWrite {
  let buffer: UnsafeMutableRawPointer
  let length: Int
  var written: Int
}

extension StdioTransport {
  /// Opens the output descriptor with the libuv object its kind needs.
  func openOutput(_ fd: Int32, context: UnsafeMutableRawPointer) -> Bool {
    guard fd >= 0 else { return false }
    switch UVHandle.openStream(loop: loop, fd: fd, readable: false, context: context) {
    case .success(let stream)?:
      output = .stream(stream)
    case .failure(let error)?:
      logger.error("cannot open stdout", metadata: ["error": "\(error.name)"])
      return false
    case nil where uv_guess_handle(fd) == UV_FILE:
      let request = UVHandle.allocate(uv_fs_t.self)
      request.pointee.data = context
      output = .file(fd: fd, request: request)
    case nil:
      return false
    }
    return true
  }

  /// Queues bytes for output; the caller has already framed them as whole lines.
  ///
  /// On a stream with nothing queued, the bytes are first offered to `uv_try_write`: a reader that keeps up
  /// takes them at once, with no copy, allocation or callback; only what it does not take is queued.
  func enqueueOutput(_ bytes: UnsafeRawBufferPointer) {
    guard !bytes.isEmpty, let base = bytes.baseAddress else { return }
    switch output {
    case .none:
      break
    case .stream(let stream):
      var remaining = bytes
      if queuedOutputBytes == 0 {
        var buffer = uv_buf_init(
          UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self)), UInt32(bytes.count))
        let written = uv_try_write(stream, &buffer, 1)
        if written > 0 {
          remaining = UnsafeRawBufferPointer(rebasing: bytes[Int(written)...])
        } else if written < 0, written != UV_EAGAIN.rawValue, written != UV_ENOSYS.rawValue {
          outputFailed(written)
          return
        }
      }
      guard !remaining.isEmpty else { return }
      queuedOutputBytes += remaining.count
      writeToStream(stream, remaining)
    case .file:
      queuedOutputBytes += bytes.count
      pendingFileOutput.append(contentsOf: bytes)
      if !fileWriteInFlight { startFileWrite() }
    }
  }

  private func writeToStream(_ stream: UnsafeMutablePointer<uv_stream_t>, _ bytes: UnsafeRawBufferPointer) {
    guard let block = malloc(WriteBlock.dataOffset + bytes.count) else { fatalError("out of memory queuing a reply") }
    let request = block.bindMemory(to: uv_write_t.self, capacity: 1)
    memset(block, 0, WriteBlock.dataOffset)
    request.pointee.data = Unmanaged.passUnretained(self).toOpaque()
    (block + WriteBlock.countOffset).storeBytes(of: bytes.count, as: Int.self)
    let data = block + WriteBlock.dataOffset
    if let base = bytes.baseAddress { memcpy(data, base, bytes.count) }
    var buffer = uv_buf_init(data.assumingMemoryBound(to: CChar.self), UInt32(bytes.count))
    // libuv copies the buffer descriptor; the bytes themselves live in `block` until the callback.
    let status = uv_write(request, stream, &buffer, 1) { request, status in
      guard let request else { return }
      let raw = UnsafeMutableRawPointer(request)
      let count = (raw + WriteBlock.countOffset).load(as: Int.self)
      let owner = UVHandle.owner(ofRequest: raw)
      free(raw)
      owner?.streamWriteFinished(count: count, status: status)
    }
    if status != 0 {
      free(block)
      outputFailed(status)
    }
  }

  private func streamWriteFinished(count: Int, status: Int32) {
    if status < 0 {
      if closing { return }  // cancelled by our own close
      outputFailed(status)
      return
    }
    queuedOutputBytes -= count
    pump()
  }

  // MARK: - File output

  private func startFileWrite() {
    guard !pendingFileOutput.isEmpty, let buffer = malloc(pendingFileOutput.count) else { return }
    pendingFileOutput.withUnsafeBytes { source in
      if let base = source.baseAddress { memcpy(buffer, base, source.count) }
    }
    currentFileWrite = FileWrite(buffer: buffer, length: pendingFileOutput.count, written: 0)
    pendingFileOutput.removeAll(keepingCapacity: true)
    fileWriteInFlight = true
    continueFileWrite()
  }

  private func continueFileWrite() {
    guard case .file(let fd, let request) = output, let write = currentFileWrite else { return }
    var buffer = uv_buf_init(
      (write.buffer + write.written).assumingMemoryBound(to: CChar.self), UInt32(write.length - write.written))
    let status = uv_fs_write(loop, request, uv_file(fd), &buffer, 1, -1) { request in
      guard let request else { return }
      let result = request.pointee.result
      let owner = UVHandle.owner(ofRequest: request)
      uv_fs_req_cleanup(request)
      owner?.fileWriteFinished(result)
    }
    if status != 0 {
      finishFileWrite()
      outputFailed(status)
    }
  }

  private func fileWriteFinished(_ result: Int) {
    guard var write = currentFileWrite else { return }
    if result < 0 || closing {
      finishFileWrite()
      if closing {
        closeOutput()
      } else {
        outputFailed(Int32(result))
      }
      return
    }
    write.written += result
    queuedOutputBytes -= result
    currentFileWrite = write
    if write.written < write.length {
      continueFileWrite()
      return
    }
    finishFileWrite()
    if !pendingFileOutput.isEmpty { startFileWrite() }
    pump()
  }

  private func finishFileWrite() {
    if let write = currentFileWrite { free(write.buffer) }
    currentFileWrite = nil
    fileWriteInFlight = false
  }

  /// Releases the output's libuv objects; a file request in flight is released when it returns.
  func closeOutput() {
    switch output {
    case .none:
      break
    case .stream(let stream):
      UVHandle.close(stream)
      output = .none
    case .file(_, let request):
      if !fileWriteInFlight {
        free(request)
        output = .none
      }
    }
  }
}
