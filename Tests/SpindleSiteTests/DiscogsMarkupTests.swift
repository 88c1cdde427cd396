import Testing

@testable import SpindleSite

@Suite("Discogs link markup")
struct DiscogsMarkupTests {
    typealias Piece = DiscogsMarkup.Piece

    @Test("entities by id and by name, links, formatting dropped, the rest kept as written")
    func pieces() {
        let pieces = DiscogsMarkup.parse(
            "  [a=Carl Craig]'s label; [b]see[/b] [a123], [l45], [m67] and [r89]. [url=https://x.org/]Site[/url] [g1.2.3][i]x[/i] [not markup] [a] [l=]\r\n"
        )
        #expect(
            pieces == [
                .entity(.artist, id: nil, name: "Carl Craig"), .text("'s label; see "),
                .entity(.artist, id: 123, name: nil), .text(", "), .entity(.label, id: 45, name: nil), .text(", "),
                .entity(.master, id: 67, name: nil), .text(" and "), .entity(.release, id: 89, name: nil),
                .text(". "), .link(url: "https://x.org/", text: "Site"), .text(" x [not markup] [a] [l=]"),
            ])
        #expect(
            DiscogsMarkup.references(pieces) == [.artist: [123], .label: [45], .master: [67], .release: [89]])
    }

    @Test("line breaks from the dumps (CR LF, an escaped CR) become plain newlines")
    func lineBreaks() {
        #expect(DiscogsMarkup.parse("One&#13;\nTwo\r\nThree\rFour") == [.text("One\nTwo\nThree\nFour")])
        #expect(
            DiscogsMarkup.parse("[url]http://a.b[/url] [[a1]]") == [
                .link(url: "http://a.b", text: "http://a.b"), .text(" ["), .entity(.artist, id: 1, name: nil),
                .text("]"),
            ])
        #expect(DiscogsMarkup.parse("  ") == [])
    }

    @Test("only http and https addresses become links")
    func webLinks() {
        #expect(Shapes.webURL("https://example.org/a?b=c") == "https://example.org/a?b=c")
        #expect(Shapes.webURL("HTTP://EXAMPLE.ORG") == "HTTP://EXAMPLE.ORG")
        for bad in [
            "javascript:alert(1)", "data:text/html,x", "//evil.example", "https://a b", "www.example.org", "https://",
        ] {
            #expect(Shapes.webURL(bad) == nil, "\(bad)")
        }
    }
}
