import Foundation
import Testing

@testable import EstateModel

/// `XMLText.trimmed` must trim exactly as Foundation does, for every ASCII character in every position.
@Suite struct XMLTextTests {
  static let samples: [String] = {
    var samples = ["", "x", "12", " 12 ", "\r\n", "a\r\nb", "\u{A0}5\u{A0}", "\u{2003}x\u{3000}", "\u{85}7\u{2028}"]
    for code in 0..<128 {
      let character = String(UnicodeScalar(UInt8(code)))
      samples += [
        character, "\(character)7", "7\(character)", "\(character)7\(character)", "\(character)\(character)",
        "4\(character)2", "\(character)\r\n", "\r\n\(character) ",
      ]
    }
    return samples
  }()

  @Test func trimsWhiteSpaceAsFoundationDoes() {
    for text in Self.samples {
      let expected = text.trimmingCharacters(in: .whitespaces)
      #expect(Array(XMLText.trimmed(text, newlines: false).utf8) == Array(expected.utf8), "\(Array(text.utf8))")
    }
  }

  @Test func trimsWhiteSpaceAndNewlinesAsFoundationDoes() {
    for text in Self.samples {
      let expected = text.trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(Array(XMLText.trimmed(text, newlines: true).utf8) == Array(expected.utf8), "\(Array(text.utf8))")
    }
  }
}
