import Discogs
import Foundation
import SpindleStore
import Synchronization

/// Runs a session through clients that perform the requests themselves (the browser worker,
/// `spindle proxy`): it leases the next request with the time it may be sent, and takes the
/// answer back — checked against its lease before the same ingest as direct mode stores it.
/// The client holds the Discogs token; this side never sees it.
public final class ProxyExecutor: Sendable {
    let store: Store
    let settings: SyncSettings
    let driver: SessionDriver
    /// How long a client has to perform a request and post the answer.
    let leaseSeconds: Double
    /// Leasing is a read (what is next?) followed by a write (it is yours): one at a time, so two
    /// polling clients never get the same request.
    private let leasing = Mutex(())

    public init(store: Store, settings: SyncSettings, leaseSeconds: Double = 60) {
        self.store = store
        self.settings = settings
        self.driver = SessionDriver(store: store, settings: settings)
        self.leaseSeconds = leaseSeconds
    }

    public enum Next: Sendable, Equatable {
        case lease(ProxyLease, purpose: RequestPurpose)
        /// Nothing to do before this time: a retry's backoff, or another client's lease is out.
        case wait(until: Date)
        case finished(SyncSession)
    }

    /// Leases the next request of the session. A paused session is resumed: a client is here.
    public func next(sessionID: Int64, now: Date) throws(ProxyRefusal) -> Next {
        try leasing.withLock { _ throws(ProxyRefusal) -> Next in
            try ProxyRefusal.mapping {
                guard let session = try store.read({ try $0.session(id: sessionID) }) else {
                    throw ProxyRefusal.unknownSession(sessionID)
                }
                if session.status.isFinished { return .finished(session) }
                guard session.mode == .proxy else { throw ProxyRefusal.notProxied(sessionID) }
                if session.status != .inProgress {
                    // Resuming: not while another sync of the same listings runs (a `spindle sync`
                    // started while this one was paused).
                    if let busy = try SessionOpener(store: store, settings: settings)
                        .runningOverlap(with: session.kinds, excluding: sessionID, now: now)
                    {
                        throw ProxyRefusal.otherSyncRunning(busy.id)
                    }
                }
                try store.write { tx in
                    if session.status != .inProgress {
                        try tx.requeueInFlight(sessionID: sessionID)
                        try tx.startSession(sessionID, ownerPID: nil, ownerHost: nil, now: now)
                    } else {
                        try tx.touchSession(sessionID, now: now)
                    }
                }
                switch try driver.nextStep(sessionID: sessionID, now: now) {
                case .finished:
                    if let finished = try driver.finish(sessionID: sessionID, now: now) { return .finished(finished) }
                    throw ProxyRefusal.unknownSession(sessionID)
                case .wait(let until):
                    return .wait(until: until)
                case .perform(let request):
                    let notBefore = now.addingTimeInterval(try pacing(at: now))
                    let lease = try store.write { tx in
                        try tx.recordActivity(sessionID, phase: Phase.describe(request), now: now)
                        return try tx.issueLease(
                            Self.newLeaseID(), for: request, now: now, notBefore: notBefore,
                            expiresAt: notBefore.addingTimeInterval(leaseSeconds))
                    }
                    return .lease(lease, purpose: request.purpose)
                }
            }
        }
    }

    /// What a client posts back for a lease.
    public struct Answer: Sendable {
        public var leaseID: String
        public var sessionID: Int64
        public var url: String
        /// The HTTP status Discogs answered; nil when the request could not be performed.
        public var status: Int?
        public var headers: HTTPHeaders
        public var body: Data
        /// What went wrong when there is no status (network error, CORS, timeout).
        public var error: String?

        public init(
            leaseID: String, sessionID: Int64, url: String, status: Int?, headers: HTTPHeaders = [:],
            body: Data = Data(), error: String? = nil
        ) {
            self.leaseID = leaseID
            self.sessionID = sessionID
            self.url = url
            self.status = status
            self.headers = headers
            self.body = body
            self.error = error
        }
    }

    /// Checks the answer against its lease and, when it holds, stores it like any other answer.
    /// A refused answer changes nothing.
    public func deliver(_ answer: Answer, now: Date) throws(ProxyRefusal) -> Ingest.Outcome {
        try ProxyRefusal.mapping {
            let (lease, request, session) = try store.read { tx in
                guard let lease = try tx.lease(id: answer.leaseID) else {
                    throw ProxyRefusal.unknownLease
                }
                return (lease, try tx.request(id: lease.requestID), try tx.session(id: lease.sessionID))
            }
            guard lease.sessionID == answer.sessionID else {
                throw ProxyRefusal.wrongSession(leased: lease.sessionID)
            }
            guard lease.answeredAt == nil else { throw ProxyRefusal.alreadyAnswered }
            guard let session else { throw ProxyRefusal.unknownSession(lease.sessionID) }
            if session.status.isFinished { throw ProxyRefusal.sessionFinished(session.status) }
            guard let request, request.leaseID == lease.leaseID, request.status == .sent, lease.expiresAt > now else {
                throw ProxyRefusal.leaseExpired(lease.expiresAt)
            }
            guard answer.url == lease.url else { throw ProxyRefusal.wrongURL(expected: lease.url) }

            let result: Result<HTTPResponse, TransportError>
            if let status = answer.status, status > 0 {
                result = .success(HTTPResponse(status: status, headers: answer.headers, body: answer.body))
            } else {
                result = .failure(.connectionFailed(answer.error ?? "the client could not perform the request"))
            }
            let read = driver.ingest.read(result, for: request)
            if let reason = read.unusable { throw ProxyRefusal.invalidResponse(reason) }
            guard try store.write({ try $0.claimLease(lease.leaseID, now: now) }) else {
                throw ProxyRefusal.alreadyAnswered
            }
            let outcome = try driver.ingest.apply(read, to: request, now: now)
            try store.write { tx in try tx.recordLeaseOutcome(lease.leaseID, outcome: outcome.name) }
            if case .fatal(let reason) = outcome {
                try driver.fail(sessionID: session.id, reason: reason, now: now)
            }
            return outcome
        }
    }

    /// Seconds until the next request may be performed, from when this account's requests were
    /// due in the moving window. A client with a token gets the authenticated limit until a
    /// response teaches another.
    private func pacing(at now: Date) throws -> Double {
        try RateLimiter.seeded(from: store, settings: settings, at: now, assumedLimit: RateLimiter.authenticatedLimit)
            .delay(at: now)
    }

    static func newLeaseID() -> String { "r_" + ContentHash.randomHex(bytes: 16) }
}

/// Why a proxy client's poll or answer was refused; nothing was changed.
public enum ProxyRefusal: Error, Sendable, Equatable {
    case unknownSession(Int64)
    case notProxied(Int64)
    /// The session is paused and another sync of the same listings runs meanwhile.
    case otherSyncRunning(Int64)
    case unknownLease
    case alreadyAnswered
    case leaseExpired(Date)
    case sessionFinished(SessionStatus)
    case wrongSession(leased: Int64)
    case wrongURL(expected: String)
    case invalidResponse(String)
    case store(String)

    /// Runs `body`, turning store failures into `.store` and passing refusals through.
    static func mapping<T>(_ body: () throws -> T) throws(ProxyRefusal) -> T {
        do {
            return try body()
        } catch let refusal as ProxyRefusal {
            throw refusal
        } catch let error as StoreError {
            if let refusal = error.underlying as? ProxyRefusal { throw refusal }
            throw .store(error.description)
        } catch {
            throw .store("\(error)")
        }
    }
}

extension Ingest.Outcome {
    public var endsSession: Bool { if case .fatal = self { true } else { false } }

    /// The word the proxy API uses for it.
    public var name: String {
        switch self {
        case .stored: "stored"
        case .willRetry: "retry"
        case .failed: "failed"
        case .fatal: "fatal"
        }
    }
}
