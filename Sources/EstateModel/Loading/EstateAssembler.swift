import Foundation

/// Turns an estate document into an `Estate` (placeholder until the document lands).
struct EstateAssembler {
  let files: RootedFileReader
  let documentFile: String?
  let baseDirectory: String

  func assemble(data: Data) -> EstateLoadResult {
    EstateLoadResult(estate: Estate(), problems: [])
  }
}
