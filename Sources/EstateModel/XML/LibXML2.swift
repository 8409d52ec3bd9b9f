import CLibXML2

/// libxml2, opened on the first XML read rather than linked (see ``SystemLibraryUnavailable``).
enum LibXML2 {
  /// libxml2's functions, opening the library and initialising its parser on the first call (once per process).
  static func functions() throws(SystemLibraryUnavailable) -> csm_libxml2 {
    var failure: UnsafePointer<CChar>?
    guard let functions = csm_libxml2_load(&failure) else {
      throw SystemLibraryUnavailable(library: "libxml2", variable: CSM_LIBXML2_VARIABLE, reason: failure)
    }
    return functions.pointee
  }
}

extension EstateLoader {
  /// Opens libxml2 now, so that a method that reads XML fails with a clear error before it reads anything when the
  /// library is missing (reading opens it anyway; a reader that finds it missing reports `xml.parser-unavailable`).
  public static func loadXMLParser() throws(SystemLibraryUnavailable) {
    _ = try LibXML2.functions()
  }
}
