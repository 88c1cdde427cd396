import Discogs
import FakeDiscogs
import Foundation
import Testing

@Suite("Discogs protocol details")
struct ProtocolTests {
    @Test("rate-limit headers are read from any case, and their absence is nil")
    func rateLimitHeaders() {
        let headers: HTTPHeaders = [
            "x-discogs-ratelimit": "60", "x-discogs-ratelimit-used": "2", "x-discogs-ratelimit-remaining": "58",
        ]
        #expect(RateLimitHeaders(headers) == RateLimitHeaders(limit: 60, used: 2, remaining: 58))
        #expect(RateLimitHeaders(["Content-Type": "text/html"]) == nil)
    }

    @Test("Link headers from recorded responses, quoted and unquoted")
    func linkHeaders() throws {
        let http = String(decoding: Fixtures.data("masters_ID_versions_page2.http"), as: UTF8.self)
        let value = try #require(http.split(separator: "\n").first { $0.hasPrefix("Link:") }).dropFirst(5)
        let link = LinkHeader(String(value))
        #expect(link.pageNumber("next") == 3)
        #expect(link.pageNumber("first") == 1)
        #expect(LinkHeader("<https://api.discogs.com/x?page=7>; rel=last").pageNumber("last") == 7)
    }

    @Test(
        "what each kind of answer means",
        arguments: [
            (HTTPResponse(status: 200, body: Data("{}".utf8)), "success"),
            (HTTPResponse(status: 200, body: Data("\n".utf8)), "retryable"),
            (HTTPResponse(status: 200, headers: ["Content-Type": "text/html"], body: Data("<html>".utf8)), "retryable"),
            (HTTPResponse(status: 429, body: Data("\n".utf8)), "retryable"),
            (HTTPResponse(status: 502, body: Data("<html><body>Bad Gateway</body></html>".utf8)), "retryable"),
            (HTTPResponse(status: 401, body: Fixtures.data("error_401_unauthenticated.json")), "unauthorized"),
            (HTTPResponse(status: 403, body: Data("<!DOCTYPE html><title>Cloudflare</title>".utf8)), "forbidden"),
            (HTTPResponse(status: 404, body: Fixtures.data("error_404_release_modern.json")), "notFound"),
            (HTTPResponse(status: 405, body: Fixtures.data("error_405_method_not_allowed.json")), "rejected"),
        ])
    func verdicts(response: HTTPResponse, expected: String) {
        let verdict = ResponseVerdict(response)
        let name: String =
            switch verdict {
            case .success: "success"
            case .retryable: "retryable"
            case .unauthorized: "unauthorized"
            case .forbidden: "forbidden"
            case .notFound: "notFound"
            case .rejected: "rejected"
            }
        #expect(name == expected)
    }

    @Test("error messages come from the JSON body, or a short tag-free excerpt of an HTML one")
    func errorMessages() {
        #expect(
            ResponseVerdict(HTTPResponse(status: 404, body: Fixtures.data("error_404_release_modern.json")))
                == .notFound(message: "That release does not exist or may have been deleted."))
        let html = HTTPResponse(status: 502, body: Data("<html><h1>502 Bad Gateway</h1></html>".utf8))
        #expect(ResponseVerdict.message(of: html) == "502 Bad Gateway")
    }

    @Test("Discogs timestamps with offset, without, and from the website CSV")
    func timestamps() throws {
        let pacific = try #require(DiscogsDate.parse("2020-10-28T09:37:50-07:00"))
        #expect(pacific == Date(timeIntervalSince1970: 1_603_903_070))
        #expect(DiscogsDate.parse("2013-11-20T14:26:16") == Date(timeIntervalSince1970: 1_384_957_576))
        #expect(DiscogsDate.parse("2021-01-31 14:22:03") == Date(timeIntervalSince1970: 1_612_102_923))
        #expect(DiscogsDate.parse("2020-10-28") != nil)
        #expect(DiscogsDate.parse("yesterday") == nil)
        #expect(DiscogsDate.parse("2020-13-01T00:00:00Z") == nil)
    }

    @Test("endpoint URLs: usernames escaped, pages sorted by date added, built on any base")
    func endpoints() {
        let base = URL(string: "http://127.0.0.1:8080/")!
        #expect(
            Endpoint.folderReleases(username: "DJ Foo/Bar", folderID: 0, page: 2, perPage: 100).url(base: base)
                .absoluteString
                == "http://127.0.0.1:8080/users/DJ%20Foo%2FBar/collection/folders/0/releases?sort=added&sort_order=asc&page=2&per_page=100"
        )
        #expect(
            Endpoint.release(id: 1).url(base: URL(string: "https://api.discogs.com")!).absoluteString
                == "https://api.discogs.com/releases/1")
    }

    @Test("a token never prints")
    func tokenIsRedacted() throws {
        let token = try #require(DiscogsToken("  abcSECRET123\n"))
        #expect("\(token)" == "<redacted>")
        #expect(String(reflecting: token) == "<redacted>")
        #expect(token.authorizationHeader == "Discogs token=abcSECRET123")
        #expect(DiscogsToken("   ") == nil)
    }
}

@Suite("The fake's JSON writer")
struct FakeJSONTests {
    @Test("writes what Foundation's parser reads back unchanged, escapes included")
    func roundTrip() throws {
        let value: JSONValue = [
            "text": "quote \" backslash \\ newline \n tab \t bell \u{07} Köln ⅓ 🎵", "int": -42,
            "double": .double(89.34117647058824),
            "null": .null, "flag": true, "list": [1, "two", ["three": 3]], "empty": [:],
        ]
        #expect(try JSONValue.parse(value.data) == value)
        #expect(try JSONValue.parse(Fixtures.data("releases_ID.json")).data.count > 10_000)
        let release = try JSONValue.parse(Fixtures.data("releases_ID.json"))
        #expect(try JSONValue.parse(release.data) == release)
    }
}
