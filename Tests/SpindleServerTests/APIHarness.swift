import Discogs
import FakeDiscogs
import FastCGI
import Foundation
import Logging
import SpindleServer
import SpindleStore
import SpindleSync
import Synchronization

/// `spindle serve`'s responder, in process, over a real SQLite file and the in-process fake
/// Discogs; requests are built the way nginx's fastcgi_params sends them.
final class APIHarness: Sendable {
    static let secret = "test-site-secret-0123456789"

    let directory: URL
    let store: Store
    let fake: FakeDiscogs
    let clock = VirtualClock()
    let settings: SyncSettings
    let api: APIServer
    let rebuilds: CountingRebuilder
    let token: DiscogsToken

    init(
        account: FakeAccount = FakeAccount.generate(items: 40, wants: 4), withServerToken: Bool = false,
        configure: (inout ServerSettings) -> Void = { _ in },
        sync configureSync: (inout SyncSettings) -> Void = { _ in }
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("spindle.sqlite").path)
        // The server paces by the real clock here: a tiny window keeps the tests fast, and a
        // generous fake never throttles requests the virtual clock sees as simultaneous.
        fake = FakeDiscogs(account: account, options: .init(rateLimit: 1_000_000, rateWindow: 60))
        var settings = SyncSettings(rateWindowSeconds: 0.05, retryBaseSeconds: 0.01)
        configureSync(&settings)
        self.settings = settings
        token = DiscogsToken(account.token)!
        var server = ServerSettings(secret: try SiteSecret(Self.secret))
        configure(&server)
        rebuilds = CountingRebuilder()
        api = APIServer(
            store: store, sync: settings, server: server, token: withServerToken ? token : nil,
            transport: InProcessTransport(fake: fake, clock: clock, latency: 0), rebuilder: rebuilds,
            version: "test", logger: Logger(label: "test"))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// One request as nginx would pass it.
    func call(
        _ method: String, _ uri: String, headers: [String: String] = [:], body: String = "",
        contentType: String? = nil, remoteUser: String? = nil
    ) -> Reply {
        let parts = uri.split(separator: "?", maxSplits: 1).map(String.init)
        var params = [
            "REQUEST_METHOD": method, "REQUEST_URI": uri, "DOCUMENT_URI": parts[0],
            "QUERY_STRING": parts.count > 1 ? parts[1] : "", "CONTENT_LENGTH": body.isEmpty ? "" : "\(body.utf8.count)",
            "CONTENT_TYPE": contentType ?? "", "HTTP_HOST": "records.example", "SERVER_NAME": "records.example",
            "REQUEST_SCHEME": "http", "REMOTE_ADDR": "127.0.0.1", "REMOTE_USER": remoteUser ?? "",
        ]
        for (name, value) in headers {
            params["HTTP_" + name.uppercased().replacingOccurrences(of: "-", with: "_")] = value
        }
        return Reply(api.respond(to: FastCGIRequest(params: params, body: Array(body.utf8))))
    }

    var bearer: [String: String] { ["Authorization": "Bearer \(Self.secret)"] }

    func json(_ method: String, _ uri: String, _ object: Any? = nil, headers: [String: String]? = nil) -> Reply {
        let body = object.map { String(decoding: try! JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        return call(
            method, uri, headers: headers ?? bearer, body: body ?? "",
            contentType: body == nil ? nil : "application/json")
    }

    /// Starts a proxy sync and drives it like the browser worker, to the end.
    func proxySync(kind: String = "all") async throws -> Int64 {
        let started = json("POST", "/api/sync", ["kind": kind, "mode": "proxy"])
        guard started.status == 202, let id = started.object["id"] as? Int else {
            throw HarnessError("could not start: \(started.status) \(started.text)")
        }
        var polls = 0
        while true {
            polls += 1
            if polls > 5000 { throw HarnessError("the sync never ended") }
            let next = json("GET", "/api/proxy/next?session=\(id)")
            switch next.status {
            case 200:
                let wait = next.object["wait_ms"] as? Int ?? 0
                if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
                let answer = try await perform(next.object)
                let posted = json("POST", "/api/proxy/response", answer)
                guard posted.status == 200 else { throw HarnessError("answer refused: \(posted.text)") }
            case 204:
                try await Task.sleep(for: .milliseconds(20))
            case 410:
                return Int64(id)
            default:
                throw HarnessError("next: \(next.status) \(next.text)")
            }
        }
    }

    /// Performs a lease against the fake and builds the answer a client posts.
    func perform(_ lease: [String: Any]) async throws -> [String: Any] {
        let url = lease["url"] as! String
        var headers = HTTPHeaders(
            (lease["headers"] as? [String: String] ?? [:]).map { (name: $0.key, value: $0.value) })
        headers.set("Authorization", token.authorizationHeader)
        headers.set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) test browser")  // browsers always send one
        let method = (lease["method"] as? String) ?? "GET"
        let response = try await InProcessTransport(fake: fake, clock: clock, latency: 0)
            .send(HTTPRequest(method: method, url: URL(string: url)!, headers: headers))
        var received: [String: String] = [:]
        // As in a browser: Discogs exposes no headers to scripts, so Location (an export's id) is hidden.
        for (name, value) in response.headers where name.lowercased() != "location" { received[name] = value }
        return [
            "request_id": lease["request_id"]!, "session": lease["session"]!, "url": url, "status": response.status,
            "headers": received, "body": String(decoding: response.body, as: UTF8.self),
        ]
    }
}

struct Reply {
    let status: Int
    let headers: [(name: String, value: String)]
    let text: String

    init(_ response: FastCGIResponse) {
        status = response.status
        headers = response.headers
        text = String(decoding: response.body, as: UTF8.self)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Counts rebuilds instead of building a site.
final class CountingRebuilder: SiteRebuilder {
    private let count = Atomic(0)
    var builds: Int { count.load(ordering: .relaxed) }

    func rebuild() async throws -> String {
        count.add(1, ordering: .relaxed)
        return "counted"
    }
}
