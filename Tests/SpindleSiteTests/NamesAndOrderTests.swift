import Foundation
import Testing

@testable import SpindleSite

@Suite("Slugs, sort keys and orders")
struct NamesAndOrderTests {
    static let asciiNames = [
        "The Persuader - Stockholm", "  AC/DC  ", "!!!", "Sun Ra & His Arkestra", "\"Live\" at the 100 Club",
        "a--b__c", String(repeating: "Long Title ", count: 12), "Kraftwerk (2)", "",
    ]

    @Test("the ASCII fast path makes exactly the slugs Foundation's folding makes")
    func asciiSlugsMatchFolding() {
        for name in Self.asciiNames {
            #expect(Slug.asciiSlug(name, limit: 60) == Slug.foldedSlug(name, limit: 60), "\(name)")
        }
        #expect(Slug.asciiSlug("Björk", limit: 60) == nil)
        #expect(Slug.make("Björk – Vespertine") == "bjork-vespertine")
        #expect(Slug.make("悲しみがとまらない") == "悲しみがとまらない")
    }

    @Test("sort keys fold case and accents and ignore a leading The")
    func sortKeys() {
        #expect(Order.sortKey("The Beatles") == "beatles")
        #expect(Order.sortKey("Émile") == Order.sortKey("emile"))
        #expect(Order.sortKey("ABBA") == "abba")
    }

    @Test("catalogue numbers sort with their numbers compared as numbers, case ignored")
    func catalogueNumbers() {
        let numbers = ["ECM 1064", "ecm 900", "ECM 1000/01", "ECM 1000", "", "BRU 2"]
        #expect(
            numbers.sorted { Order.naturalKey($0) < Order.naturalKey($1) }
                == ["", "BRU 2", "ecm 900", "ECM 1000", "ECM 1000/01", "ECM 1064"])
        let spelled = ["SK 100", "SK-11", "sk 10", "SK9", "SKA 1"]
        #expect(
            spelled.sorted { Order.naturalKey($0) < Order.naturalKey($1) } == [
                "SK9", "sk 10", "SK-11", "SK 100", "SKA 1",
            ],
            "spaces and punctuation do not decide the order")
        let onLabel = ["none", "SK 10", nil, "", "SK 9"]
        #expect(
            onLabel.sorted { Order.catalogueKey($0) < Order.catalogueKey($1) }.prefix(2) == ["SK 9", "SK 10"],
            "releases without a catalogue number come last")
    }
}
