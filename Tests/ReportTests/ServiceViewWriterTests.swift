import Foundation
import Testing
import WorkerProtocol

@testable import Report

/// `ServiceViewWriter`, the fast path of large reports, writes the same page as the templates (the general path).
struct ServiceViewWriterTests {
  let fixture = ReportFixture()

  /// Both ways of writing the cloud services' views give the same page for `params`.
  func expectSamePage(_ params: JSONValue, fixture: ReportFixture? = nil) async throws {
    let fixture = fixture ?? self.fixture
    let templated = try await fixture.html(params, serviceViews: .templates)
    let written = try await fixture.html(params, serviceViews: .writer)
    #expect(templated.contains("<details class=\"service"), "the page has service views")
    guard templated != written else { return }
    // Name the first difference rather than printing two pages.
    let (a, b) = (Array(templated.utf8), Array(written.utf8))
    let at = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
    let context = { (bytes: [UInt8]) in
      String(decoding: bytes[min(bytes.count, max(0, at - 120))..<min(bytes.count, at + 120)], as: UTF8.self)
    }
    Issue.record("the pages differ at byte \(at):\ntemplates: \(context(a))\nwriter:    \(context(b))")
  }

  @Test func theSampleEstateIsTheSame() async throws {
    try await expectSamePage([
      "estate": ["path": "estate.json"], "reportFolder": ".", "generatedAt": "2026-12-03T00:00:00Z",
    ])
    try await expectSamePage(["estate": ["path": "estate.json"], "generatedAt": "2026-12-03T00:00:00Z"])
  }

  @Test func aGeneratedEstateOfThreeHundredServicesIsTheSame() async throws {
    let document = LargeEstateTests.estate(services: 300)
    try await expectSamePage(["estate": ["document": document], "generatedAt": "2026-12-03T00:00:00Z"])
  }

  /// Names that need escaping, in every cell a view shows, and findings of every category.
  @Test func escapedNamesAreTheSame() async throws {
    let hostile = #"<b>"&'</b>"#
    let document = LargeEstateTests.estate(services: 40) { "\(hostile)\($0)" }
    try await expectSamePage(["estate": ["document": document], "generatedAt": "2026-12-03T00:00:00Z"])
  }
}
