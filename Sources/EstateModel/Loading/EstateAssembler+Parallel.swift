import Dispatch
import Foundation

extension EstateAssembler {
  /// One service as assembled on its own: the service, its problems and the files it read, merged into the
  /// estate in document order afterwards.
  struct AssembledService {
    var service: CloudService
    var problems: [Problem]
    var reads: [(label: String, data: Data)]
  }

  /// Assembles every service entry, in document order.
  ///
  /// Services are independent (each reads and parses its own files), so a large document assembles them
  /// concurrently, each batch into its own slot; the results, problems and reads included, come back in the
  /// order of the document, so the estate, its problems and its digest are those of one-by-one assembly.
  /// Each service assembled is one step of `progress`. Once the request is cancelled (its task, or the caller's
  /// hook), the services not started yet are left empty (the result is then discarded).
  func assembleServices(_ entries: [ServiceEntry], progress: EstateLoadProgress) -> [AssembledService] {
    CancellationProbe.withCurrentTask { assembleServices(entries, progress: progress, cancellation: $0) }
  }

  private func assembleServices(
    _ entries: [ServiceEntry], progress: EstateLoadProgress, cancellation: CancellationProbe
  ) -> [AssembledService] {
    let fresh = EstateAssembler(files: files, documentFile: documentFile, baseDirectory: baseDirectory, budget: budget)
    @Sendable func assemble(_ index: Int) -> AssembledService {
      if cancellation.isCancelled || progress.isCancelled {
        return AssembledService(service: CloudService(name: entries[index].name), problems: [], reads: [])
      }
      var assembler = fresh
      let service = assembler.assembleService(entries[index], field: "services[\(index)]")
      progress.finished("assembled the cloud service \(service.name)")
      return AssembledService(service: service, problems: assembler.problems, reads: assembler.reads)
    }
    guard entries.count >= parallelFromServices else { return entries.indices.map(assemble) }
    let batch = 32
    let batches = (entries.count + batch - 1) / batch
    var slots = [[AssembledService]](repeating: [], count: batches)
    slots.withUnsafeMutableBufferPointer { buffer in
      // Each iteration writes only its own slot, and the buffer outlives `concurrentPerform`.
      nonisolated(unsafe) let output = buffer
      DispatchQueue.concurrentPerform(iterations: batches) { number in
        let range = (number * batch)..<min((number + 1) * batch, entries.count)
        output[number] = range.map(assemble)
      }
    }
    return slots.flatMap { $0 }
  }
}
