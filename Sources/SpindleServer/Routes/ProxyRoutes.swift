import Discogs
import FastCGI
import Foundation
import SpindleStore
import SpindleSync

/// The proxy protocol: lease the next request, take its answer back (docs/api.md).
struct ProxyRoutes: Sendable {
    let service: SyncService
    let auth: Authenticator
    let settings: SyncSettings

    struct LeaseBody: Encodable {
        let requestId: String
        let session: Int64
        let method: String
        let url: String
        let headers: [String: String]
        let purpose: String
        let notBefore: Date
        let waitMs: Int
        let leaseExpiresAt: Date
    }

    func next(_ request: WebRequest, caller: Caller, now: Date) throws(APIError) -> FastCGIResponse {
        guard caller.isAuthenticated else { throw APIError.unauthenticated }
        guard let text = request.queryValue("session"), let sessionID = Int64(text) else {
            throw APIError.badRequest("session=<id> is required")
        }
        let next: ProxyExecutor.Next
        do { next = try service.proxy.next(sessionID: sessionID, now: now) } catch { throw Self.apiError(error) }
        service.proxyActivity(sessionID)
        switch next {
        case .lease(let lease, let purpose):
            return WebResponse.json(
                200,
                LeaseBody(
                    requestId: lease.leaseID, session: lease.sessionID, method: purpose.method, url: lease.url,
                    headers: ["Accept": "application/vnd.discogs.v2.discogs+json"], purpose: purpose.rawValue,
                    notBefore: lease.notBefore, waitMs: max(0, Int(lease.notBefore.timeIntervalSince(now) * 1000)),
                    leaseExpiresAt: lease.expiresAt))
        case .wait(let until):
            return WebResponse.noContent(retryAfter: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
        case .finished(let session):
            service.sessionEnded(session.id)
            throw APIError(
                410, "session_finished", "sync \(session.id) ended: \(session.status.rawValue)",
                sessionStatus: session.status.rawValue)
        }
    }

    /// What a client posts; see docs/api.md. Cut out of the bytes rather than decoded: `body`
    /// holds a whole Discogs answer as an escaped string, and this is the hot path of a sync.
    struct AnswerBody {
        let requestID: String
        let session: Int64
        let url: String
        let status: Int
        let headers: [String: String]
        let body: [UInt8]
        let error: String?

        init(_ bytes: [UInt8]) throws(APIError) {
            var fields: (id: String?, session: Int?, url: String?, status: Int?) = (nil, nil, nil, nil)
            var headers: [String: String] = [:]
            var body: [UInt8] = []
            var error: String?
            do {
                try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
                    let document = try JSONParser.members(of: buffer, in: 0..<buffer.count, unescaping: "body")
                    body = document.unescaped ?? []
                    for (key, range) in document.members {
                        func node() throws(JSONParseError) -> JSONNode {
                            try JSONParser.parse(UnsafeBufferPointer(rebasing: buffer[range]))
                        }
                        switch key {
                        case "request_id": fields.id = try node().string
                        case "session": fields.session = try node().int
                        case "url": fields.url = try node().string
                        case "status": fields.status = try node().int
                        case "error": error = try node().string
                        case "headers":
                            if case .object(let members) = try node() {
                                for member in members { headers[member.key] = member.value.string ?? "" }
                            }
                        default: break
                        }
                    }
                }
            } catch {
                throw APIError.badRequest("not a proxy answer: \(error.description)")
            }
            guard let requestID = fields.id, let session = fields.session, let url = fields.url,
                let status = fields.status
            else {
                throw APIError.badRequest("not a proxy answer: request_id, session, url and status are required")
            }
            self.requestID = requestID
            self.session = Int64(session)
            self.url = url
            self.status = status
            self.headers = headers
            self.body = body
            self.error = error
        }
    }

    struct DeliveryBody: Encodable {
        let outcome: String
        let message: String?
        let retryAt: Date?
    }

    func deliver(_ request: WebRequest, caller: Caller, now: Date) throws(APIError) -> FastCGIResponse {
        guard caller.isAuthenticated else { throw APIError.unauthenticated }
        try auth.authorizeChange(request, caller: caller, formToken: nil)
        let posted = try AnswerBody(request.body)
        let headers = HTTPHeaders(posted.headers.map { (name: $0.key, value: $0.value) })
        let answer = ProxyExecutor.Answer(
            leaseID: posted.requestID, sessionID: posted.session, url: posted.url,
            status: posted.status > 0 ? posted.status : nil, headers: headers, body: Data(posted.body),
            error: posted.error)
        let outcome: Ingest.Outcome
        do { outcome = try service.proxy.deliver(answer, now: now) } catch { throw Self.apiError(error) }
        var finished = outcome.endsSession
        if !finished { finished = try service.isFinished(posted.session) }
        if finished { service.sessionEnded(posted.session) }
        var message: String?
        var retryAt: Date?
        switch outcome {
        case .stored: break
        case .willRetry(let at, let reason):
            message = reason
            retryAt = at
        case .failed(let reason), .fatal(let reason): message = reason
        }
        // The progress comes from the quarter-second cache: counting the release queue after
        // every answer was most of the cost of taking one.
        let progress = try service.reportJSON(posted.session, now: now)
        var body = Array(
            (try? JSONCoding.encoder.encode(DeliveryBody(outcome: outcome.name, message: message, retryAt: retryAt)))
                ?? Data("{}".utf8))
        body.removeLast()  // "}"
        body += Array(#","progress":"#.utf8) + progress + [UInt8(ascii: "}")]
        return WebResponse.json(200, encoded: body)
    }

    static func apiError(_ refusal: ProxyRefusal) -> APIError {
        switch refusal {
        case .unknownSession(let id): APIError(404, "unknown_session", "no sync \(id)")
        case .notProxied(let id):
            APIError(409, "not_proxied", "sync \(id) runs on the server (mode direct), not by proxy")
        case .otherSyncRunning(let id):
            APIError(409, "sync_running", "sync \(id) runs meanwhile; this one can resume after it", sessionID: id)
        case .unknownLease: APIError(404, "unknown_lease", "no lease has this request_id")
        case .alreadyAnswered: APIError(409, "already_answered", "this lease was already answered")
        case .leaseExpired(let at):
            APIError(
                410, "lease_expired", "the lease expired at \(JSONCoding.timestamp(at)); the request was queued again")
        case .sessionFinished(let status):
            APIError(410, "session_finished", "the sync ended: \(status.rawValue)", sessionStatus: status.rawValue)
        case .wrongSession(let leased): APIError(422, "wrong_session", "this lease belongs to sync \(leased)")
        case .wrongURL(let expected): APIError(422, "wrong_url", "the lease was for \(expected)")
        case .invalidResponse(let reason): APIError(422, "invalid_response", reason)
        case .store(let reason): APIError(500, "internal", "database error: \(reason)")
        }
    }
}
