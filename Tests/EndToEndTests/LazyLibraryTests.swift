import Foundation
import Testing
import WorkerProtocol
import WorkerTestSupport

/// libxml2 and libcrypto are opened when first used, not linked (Sources/CLibraryLoader, bench/README.md, "Start-up
/// (round 2, third pass)"): a ping maps neither, the first XML read maps libxml2, the first PKCS#12 read libcrypto,
/// and a library that cannot be opened is a JSON-RPC error naming it, never a crash.
struct LazyLibraryTests {
  /// A ServiceDefinition small enough to give inline.
  static let definition =
    #"<ServiceDefinition name=\"svc\" xmlns=\"http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition\"/>"#

  /// The files mapped into the worker's address space (`/proc/PID/maps`).
  static func mappedFiles(of worker: WorkerProcess) throws -> String {
    try String(contentsOfFile: "/proc/\(worker.process.processIdentifier)/maps", encoding: .utf8)
  }

  /// Bytes that are neither PEM nor DER, so only the PKCS#12 reader (libcrypto) can look at them.
  static let notACertificate = Data("neither PEM nor DER nor PKCS#12".utf8).base64EncodedString()

  @Test func eachLibraryIsMappedOnlyOnceItIsFirstUsed() async throws {
    let worker = try WorkerProcess(arguments: ["serve", "--root", packageRoot.path])
    defer { worker.terminate() }
    worker.send(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
    #expect(await worker.waitForMessages(1).first?["id"] == 1)
    let atStart = try Self.mappedFiles(of: worker)
    #expect(atStart.contains("libc.so.6"), "the maps are read: \(atStart.prefix(400))")
    #expect(!atStart.contains("libxml2.so"), "libxml2 is mapped before any XML is read")
    #expect(!atStart.contains("libcrypto.so"), "libcrypto is mapped before any PKCS#12 is read")

    worker.send(
      #"{"jsonrpc":"2.0","id":2,"method":"estate/parse","params":{"kind":"csdef","text":"\#(Self.definition)"}}"#)
    let parsed = await worker.waitForMessages(2).last
    #expect(parsed?["result"]?["model"] != nil, "\(String(describing: parsed))")
    let afterXML = try Self.mappedFiles(of: worker)
    #expect(afterXML.contains("libxml2.so"))
    #expect(!afterXML.contains("libcrypto.so"))

    worker.send(
      #"{"jsonrpc":"2.0","id":3,"method":"certificates/inspect","params":{"files":[{"base64":"\#(Self.notACertificate)"}]}}"#
    )
    let inspected = await worker.waitForMessages(3).last
    #expect(inspected?["error"]?["data"]?["reason"] == "certificate.corrupt", "\(String(describing: inspected))")
    #expect(try Self.mappedFiles(of: worker).contains("libcrypto.so"))
  }

  @Test func aMissingLibxml2IsAnErrorNamingIt() async throws {
    let missing = "libcsmigrate-test-missing-xml.so.2"
    let worker = try WorkerProcess(
      arguments: ["serve", "--root", packageRoot.path], environment: ["CSMIGRATE_LIBXML2": missing])
    defer { worker.terminate() }
    let requests = [
      #""method":"estate/load","params":{"estate":{"path":"examples/sample-estate/estate.json"}}"#,
      #""method":"estate/parse","params":{"kind":"csdef","text":"\#(Self.definition)"}"#,
      #""method":"estate/discover","params":{"path":"examples/sample-estate"}"#,
      #""method":"validation/run","params":{"estate":{"path":"examples/sample-estate/estate.json"},"target":{"service":"contoso-shop"}}"#,
    ]
    for (index, request) in requests.enumerated() { worker.send(#"{"jsonrpc":"2.0","id":\#(index + 1),\#(request)}"#) }
    worker.send(#"{"jsonrpc":"2.0","id":9,"method":"ping"}"#)
    let replies = await worker.waitForMessages(requests.count + 1)
    for id in 1...requests.count {
      let error = replies.first { $0["id"]?.intValue == id }?["error"]
      #expect(error?["code"]?.intValue == -32603, "request \(id): \(String(describing: error))")
      #expect(error?["data"]?["library"] == "libxml2")
      #expect(error?["data"]?["variable"] == "CSMIGRATE_LIBXML2")
      #expect(error?["data"]?["reason"] == "system.library-unavailable")
      #expect(error?["message"]?.stringValue?.contains(missing) == true, "\(String(describing: error))")
    }
    #expect(replies.contains { $0["id"] == 9 && $0["result"] != nil }, "the worker still answers")
    #expect(worker.allLines.allSatisfy { (try? JSONParser.parse(Array($0.utf8))) != nil }, "stdout is protocol only")
  }

  @Test func aMissingLibcryptoIsAnErrorNamingItAndPEMStillReads() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lazy-crypto-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try CertificatesEndToEndTests.openssl(
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "c.key", "-out", "c.pem", "-days", "30",
        "-subj", "/CN=lazy.test",
      ], in: directory)
    let pem = try Data(contentsOf: directory.appendingPathComponent("c.pem")).base64EncodedString()
    let missing = "libcsmigrate-test-missing-crypto.so.3"
    let worker = try WorkerProcess(
      arguments: ["serve", "--root", directory.path], environment: ["CSMIGRATE_LIBCRYPTO": missing])
    defer { worker.terminate() }
    worker.send(
      #"{"jsonrpc":"2.0","id":1,"method":"certificates/inspect","params":{"files":[{"base64":"\#(Self.notACertificate)"}]}}"#
    )
    worker.send(#"{"jsonrpc":"2.0","id":2,"method":"certificates/inspect","params":{"files":[{"base64":"\#(pem)"}]}}"#)
    let replies = await worker.waitForMessages(2)
    let error = replies.first { $0["id"] == 1 }?["error"]
    #expect(error?["code"]?.intValue == -32603, "\(String(describing: error))")
    #expect(error?["data"]?["library"] == "libcrypto")
    #expect(error?["data"]?["variable"] == "CSMIGRATE_LIBCRYPTO")
    #expect(error?["data"]?["reason"] == "system.library-unavailable")
    #expect(error?["message"]?.stringValue?.contains(missing) == true, "\(String(describing: error))")
    let read = replies.first { $0["id"] == 2 }?["result"]
    #expect(read != nil, "a PEM certificate needs no libcrypto: \(String(describing: replies))")
  }
}
