import Discogs
import FakeDiscogs
import Foundation
import Testing

@Suite("libcurl transport against the fake over real HTTP")
struct CurlTransportTests {
    let fake = FakeDiscogs(account: FakeAccount.generate(items: 30))
    let headers: HTTPHeaders = ["Authorization": "Discogs token=fake-token-0123456789"]

    func transport(timeout: Double = 5) throws -> CurlTransport {
        try CurlTransport(options: .init(userAgent: "SpindleTests/1.0 +https://example.org", timeoutSeconds: timeout))
    }

    @Test("decodes gzip, sends the User-Agent, and returns headers and status")
    func roundTrip() async throws {
        let server = try FakeHTTPServer(fake: fake)
        server.start()
        defer { server.stop() }
        let url = Endpoint.folderReleases(username: "Username", folderID: 0, page: 1, perPage: 10).url(
            base: server.baseURL)
        let response = try await transport().send(HTTPRequest(url: url, headers: headers))
        #expect(response.status == 200)
        #expect(response.headers["x-discogs-ratelimit"] == "60")
        let page = try JSONDecoder().decode(CollectionPage.self, from: response.body)
        #expect(page.releases.count == 10)
        #expect(page.pagination.pages == 3)
        #expect(fake.stats.missingUserAgent == 0)
    }

    @Test("a slow answer becomes a timeout, a dropped connection a connection error")
    func failures() async throws {
        let server = try FakeHTTPServer(fake: fake)
        server.start()
        defer { server.stop() }
        fake.setFaults(FaultPlan([1: .slow, 2: .dropConnection], slowSeconds: 2))
        let url = Endpoint.identity.url(base: server.baseURL)
        let client = try transport(timeout: 0.5)
        await #expect(throws: TransportError.timedOut(seconds: 0.5)) {
            try await client.send(HTTPRequest(url: url, headers: headers))
        }
        do {
            _ = try await client.send(HTTPRequest(url: url, headers: headers))
            Issue.record("a dropped connection must not look like an answer")
        } catch {
            guard case .connectionFailed = error else { Issue.record("unexpected \(error)"); return }
        }
        #expect(try await client.send(HTTPRequest(url: url, headers: headers)).status == 200)
    }

    @Test("a refused connection is an error, not a crash")
    func refused() async throws {
        let client = try transport()
        await #expect(throws: TransportError.self) {
            try await client.send(HTTPRequest(url: URL(string: "http://127.0.0.1:9/")!))
        }
    }
}
