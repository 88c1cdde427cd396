import Discogs
import Foundation

/// `spindle proxy`: a client of the proxy protocol (docs/api.md) for hosts without a browser.
/// It leases each request from the server, performs it against Discogs with the token it holds,
/// and posts the answer back; the server does all the rest.
struct ProxyClient: Sendable {
    let server: URL
    let secret: String
    let token: DiscogsToken
    let userAgent: String
    let transport: any HTTPTransport
    let report: @Sendable (String) -> Void

    struct Lease: Decodable {
        let requestId: String
        let session: Int64
        let method: String
        let url: String
        let headers: [String: String]
        let waitMs: Int
    }

    struct Summary: Decodable {
        let id: Int64
        let status: String
        let phase: String?
        let percent: Double
    }

    /// Starts a proxy sync (or joins the one running), returning its id.
    func start(kind: String, full: Bool) async throws -> Int64 {
        let body = try JSONSerialization.data(withJSONObject: ["kind": kind, "full": full, "mode": "proxy"])
        let response = try await call("POST", "/api/sync", body: body)
        if response.status == 409, let running = try? errorBody(response).sessionId { return running }
        guard response.status == 202 else { throw ProxyClientError(try describe(response)) }
        return try decoder.decode(Summary.self, from: response.body).id
    }

    /// Drives the session until it ends; returns its final status.
    func drive(session: Int64) async throws -> String {
        var leases = 0
        var lastReport = Date.distantPast
        while true {
            try Task.checkCancellation()
            let next = try await call("GET", "/api/proxy/next?session=\(session)")
            switch next.status {
            case 200:
                let lease = try decoder.decode(Lease.self, from: next.body)
                if lease.waitMs > 0 { try await Task.sleep(for: .milliseconds(lease.waitMs)) }
                let answer = try await perform(lease)
                let posted = try await call("POST", "/api/proxy/response", body: answer)
                if posted.status != 200 { report("answer refused: \(try describe(posted))") }
                leases += 1
                if Date().timeIntervalSince(lastReport) >= 2, posted.status == 200,
                    let progress = try? decoder.decode(Delivery.self, from: posted.body).progress
                {
                    lastReport = Date()
                    report("sync \(session): \(progress.percent)% · \(progress.phase ?? "") · \(leases) requests")
                }
            case 204:
                let seconds = Double(next.headers["Retry-After"] ?? "") ?? 1
                try await Task.sleep(for: .seconds(min(max(seconds, 0.05), 60)))
            case 410:
                return (try? errorBody(next).status) ?? "finished"
            default:
                throw ProxyClientError(try describe(next))
            }
        }
    }

    private struct Delivery: Decodable { let progress: Summary }

    /// Performs the leased request and turns whatever happened into the answer body.
    private func perform(_ lease: Lease) async throws -> Data {
        var answer: [String: Any] = ["request_id": lease.requestId, "session": lease.session, "url": lease.url]
        guard let url = URL(string: lease.url) else { throw ProxyClientError("the server leased an invalid URL") }
        var headers = HTTPHeaders(lease.headers.map { (name: $0.key, value: $0.value) })
        headers.set("Authorization", token.authorizationHeader)
        headers.set("User-Agent", userAgent)
        do {
            let response = try await transport.send(HTTPRequest(method: lease.method, url: url, headers: headers))
            var received: [String: String] = [:]
            // The body arrives decoded: its encoding and length headers no longer describe it.
            for (name, value) in response.headers
            where !["content-encoding", "content-length", "transfer-encoding"].contains(name.lowercased()) {
                received[name.lowercased()] = value
            }
            answer["status"] = response.status
            answer["headers"] = received
            answer["body"] = String(decoding: response.body, as: UTF8.self)
        } catch {
            answer["status"] = 0
            answer["error"] = "\(error)"
        }
        return try JSONSerialization.data(withJSONObject: answer)
    }

    private var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable {
            let code: String
            let message: String
            let sessionId: Int64?
            let status: String?
        }
        let error: Detail
    }

    private func errorBody(_ response: HTTPResponse) throws -> ErrorBody.Detail {
        try decoder.decode(ErrorBody.self, from: response.body).error
    }

    private func describe(_ response: HTTPResponse) throws -> String {
        if let detail = try? errorBody(response) { return "\(response.status) \(detail.code): \(detail.message)" }
        return "HTTP \(response.status) from \(server.absoluteString)"
    }

    private func call(_ method: String, _ path: String, body: Data? = nil) async throws -> HTTPResponse {
        guard let url = URL(string: path, relativeTo: server) else { throw ProxyClientError("bad server URL") }
        var headers: HTTPHeaders = ["Authorization": "Bearer \(secret)", "Accept": "application/json"]
        if body != nil { headers.set("Content-Type", "application/json") }
        var delay = 1.0
        while true {
            do {
                let response = try await transport.send(
                    HTTPRequest(method: method, url: url.absoluteURL, headers: headers, body: body))
                if response.status == 401 { throw ProxyClientError("the server refused the site secret (401)") }
                if response.status < 500 || response.status == 503 && delay > 30 { return response }
                report("the server answered \(response.status); trying again in \(Int(delay)) s")
            } catch let error as TransportError {
                report("cannot reach \(server.absoluteString): \(error); trying again in \(Int(delay)) s")
            }
            try await Task.sleep(for: .seconds(delay))
            delay = min(delay * 2, 30)
        }
    }
}

struct ProxyClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
