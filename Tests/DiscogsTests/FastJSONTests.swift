import Discogs
import FakeDiscogs
import Foundation
import Testing

@Suite("The fast JSON decoder decodes exactly what JSONDecoder decodes")
struct FastJSONTests {
    /// Every recorded response of each kind, decoded both ways.
    static let cases: [(String, @Sendable (Data) throws -> (any Equatable & Sendable, any Equatable & Sendable))] = [
        ("releases_ID.json", both(Release.self)), ("releases_ID__25829341.json", both(Release.self)),
        ("releases_ID__peacefixation_10507194.json", both(Release.self)),
        ("releases_ID__2014.json", both(Release.self)),
        ("users_USERNAME_collection_folders_0_releases_page1.json", both(CollectionPage.self)),
        ("users_USERNAME_collection_folders_0_releases__with_notes.json", both(CollectionPage.self)),
        ("users_USERNAME_collection_releases_RELEASEID.json", both(CollectionPage.self)),
        ("users_USERNAME_collection_releases_RELEASEID__irlndts.json", both(CollectionPage.self)),
        ("users_USERNAME_wants.json", both(WantsPage.self)),
        ("users_USERNAME_collection_folders.json", both(FolderList.self)),
        ("users_USERNAME_collection_folders__2021.json", both(FolderList.self)),
        ("users_USERNAME_collection_fields.json", both(CustomFieldList.self)),
        ("oauth_identity.json", both(Identity.self)), ("oauth_identity__2014.json", both(Identity.self)),
        ("masters_ID.json", both(Master.self)),
    ]

    static func both<T: Decodable & Equatable & Sendable>(
        _ type: T.Type
    ) -> @Sendable (Data) throws -> (any Equatable & Sendable, any Equatable & Sendable) {
        { data in (try JSONDecoder().decode(type, from: data), try FastJSONDecoder().decode(type, from: data)) }
    }

    @Test("every recorded response decodes to an equal model")
    func recordedResponses() throws {
        for (fixture, decode) in Self.cases {
            let (foundation, fast) = try decode(Fixtures.data(fixture))
            #expect(String(describing: foundation) == String(describing: fast), "\(fixture)")
        }
    }

    @Test("a generated account's pages and releases, as the fake serves them, decode to equal models")
    func generatedPages() async throws {
        let account = FakeAccount.generate(items: 250, folders: 3, duplicates: 10, wants: 30, overlap: 4)
        let fake = FakeDiscogs(account: account, options: .init(rateLimit: 1_000_000))
        let clock = VirtualClock()
        let transport = InProcessTransport(fake: fake, clock: clock, latency: 0)
        func get(_ path: String) async throws -> Data {
            try await transport.send(
                HTTPRequest(
                    url: URL(string: "https://api.discogs.com\(path)")!,
                    headers: ["Authorization": "Discogs token=\(account.token)", "User-Agent": "tests"])
            ).body
        }
        for page in 1...3 {
            let body = try await get("/users/Username/collection/folders/0/releases?page=\(page)&per_page=100")
            #expect(
                try JSONDecoder().decode(CollectionPage.self, from: body)
                    == FastJSONDecoder().decode(CollectionPage.self, from: body))
        }
        let wants = try await get("/users/Username/wants?page=1&per_page=100")
        #expect(
            try JSONDecoder().decode(WantsPage.self, from: wants)
                == FastJSONDecoder().decode(WantsPage.self, from: wants))
        for item in account.items.prefix(20) {
            let body = try await get("/releases/\(item.releaseID)")
            #expect(
                try JSONDecoder().decode(Release.self, from: body) == FastJSONDecoder().decode(Release.self, from: body)
            )
        }
    }

    @Test("strings: escapes, surrogate pairs, lone surrogates, non-ASCII, as JSONDecoder reads them")
    func strings() throws {
        let texts = [
            #"["plain", "tab\there", "quote \" and \\ and \/", "\u00e9t\u00E9", "emoji \ud83c\udfb5", "Köln 東京"]"#,
            #"[""]"#, #"["\b\f\n\r\t"]"#,
        ]
        for text in texts {
            let data = Data(text.utf8)
            #expect(
                try JSONDecoder().decode([String].self, from: data)
                    == FastJSONDecoder().decode([String].self, from: data), "\(text)")
        }
    }

    @Test("a lone surrogate is refused by both")
    func loneSurrogate() {
        let data = Data(#"["lone \ud83c x"]"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode([String].self, from: data) }
        #expect(throws: (any Error).self) { try FastJSONDecoder().decode([String].self, from: data) }
    }

    @Test("numbers and literals convert as JSONDecoder converts them")
    func numbers() throws {
        let data = Data(
            #"{"a": 0, "b": -12, "c": 3.5, "d": 1e3, "e": 2.0, "f": true, "g": null, "h": 9007199254740993}"#.utf8)
        struct Sample: Codable, Equatable {
            var a: Int, b: Int, c: Double, d: Double, e: Int, f: Bool, g: String?, h: Int
        }
        #expect(try JSONDecoder().decode(Sample.self, from: data) == FastJSONDecoder().decode(Sample.self, from: data))
    }

    @Test(
        "malformed documents are errors with a byte offset, never a crash",
        arguments: [
            "", "{", "[1,", #"{"a" 1}"#, #"{"a":}"#, "[01]", "[1.]", "[-]", "tru", #"["\x"]"#, #"["\u12"]"#,
            "[1] 2", "{\"a\":1,}", "\"unterminated", "[\"\u{01}\"]", String(repeating: "[", count: 100_000),
        ])
    func malformed(text: String) {
        #expect(throws: (any Error).self) { try JSONParser.parse(Data(text.utf8)) }
    }

    @Test("invalid UTF-8 inside a string is refused")
    func invalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Data([0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D])) }
    }

    @Test("random mutations of a real page never crash the parser")
    func mutations() {
        let original = Array(Fixtures.data("users_USERNAME_collection_folders_0_releases_page1.json"))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: position)
                default: bytes = Array(bytes.prefix(position))
                }
                if bytes.isEmpty { break }
            }
            _ = try? FastJSONDecoder().decode(CollectionPage.self, from: Data(bytes))
        }
    }
}
