import Discogs
import Foundation
import SpindleStore

/// Answers "what now?" for a session, for every kind of executor: the next request due, a time
/// to wait for (a retry's backoff), or the end. When the queue runs dry it first reconciles
/// walked listings, then turns the next batch of the release queue into requests.
public struct SessionDriver: Sendable {
    let store: Store
    let settings: SyncSettings
    let ingest: Ingest
    private let planner: Planner
    private let reconciler: Reconciler

    public init(store: Store, settings: SyncSettings) {
        self.store = store
        self.settings = settings
        self.ingest = Ingest(store: store, settings: settings)
        self.planner = Planner(settings: settings)
        self.reconciler = Reconciler(planner: planner)
    }

    public enum Step: Sendable, Equatable {
        case perform(APIRequest)
        /// Nothing is due before this time (a retry is waiting out its backoff, a lease is out).
        case wait(until: Date)
        case finished
    }

    public func nextStep(sessionID: Int64, now: Date) throws(StoreError) -> Step {
        if let request = try store.read({ try $0.nextRequest(sessionID: sessionID, now: now) }) {
            return .perform(request)
        }
        return try store.write { tx in
            guard let session = try tx.session(id: sessionID) else { return .finished }
            if try reconciler.reconcile(session: session, in: tx, now: now),
                let request = try tx.nextRequest(sessionID: sessionID, now: now)
            {
                return .perform(request)
            }
            if try planner.planReleaseBatch(session: session, in: tx, now: now) > 0,
                let request = try tx.nextRequest(sessionID: sessionID, now: now)
            {
                return .perform(request)
            }
            if try planner.planEnrichment(session: session, in: tx, now: now) > 0,
                let request = try tx.nextRequest(sessionID: sessionID, now: now)
            {
                return .perform(request)
            }
            if let retry = try tx.nextRetryTime(sessionID: sessionID) { return .wait(until: retry) }
            if try tx.requestCounts(sessionID: sessionID).open > 0 {
                // Sent and unanswered, under someone else's lease: look again shortly.
                return .wait(until: now.addingTimeInterval(1))
            }
            return .finished
        }
    }

    /// Ends a session whose queue is empty: completed, completed with errors (some requests or
    /// removal checks failed, each one said in the session's notes), or failed (nothing fetched).
    @discardableResult
    public func finish(sessionID: Int64, now: Date) throws(StoreError) -> SyncSession? {
        let session = try store.write { tx in
            let counts = try tx.requestCounts(sessionID: sessionID)
            let failures = try tx.failedRequests(sessionID: sessionID)
            let skipped = try tx.scopes(sessionID: sessionID).filter { $0.state == .skipped }
            let status: SessionStatus
            var error: String?
            if counts.completed == 0 {
                status = .failed
                error = failures.first?.error.map { "nothing could be fetched: \($0)" } ?? "nothing could be fetched"
            } else if !failures.isEmpty || !skipped.isEmpty {
                status = .completedWithErrors
                var parts: [String] = []
                if !failures.isEmpty {
                    let examples = failures.prefix(3).map { "\($0.url): \($0.error ?? "failed")" }
                    parts.append("\(failures.count) request(s) failed (\(examples.joined(separator: "; ")))")
                }
                parts += skipped.compactMap(\.note)
                error = parts.joined(separator: "; ")
            } else {
                status = .completed
            }
            try tx.endSession(sessionID, status: status, error: error, now: now)
            return try tx.session(id: sessionID)
        }
        // The lists of what this sync changed are rebuilt once its data is all in.
        if let session, session.status != .failed, let accountID = session.accountID {
            SmartListRouter(store: store).rebuild(
                accountID: accountID, kinds: session.kinds, sessionID: sessionID, now: now)
        }
        return session
    }

    /// Ends a session that cannot go on (the token was rejected, the account is wrong).
    public func fail(sessionID: Int64, reason: String, now: Date) throws(StoreError) {
        try store.write { tx in try tx.endSession(sessionID, status: .failed, error: reason, now: now) }
    }

    /// Stops a session so that the next `spindle sync` picks it up where it was.
    public func pause(sessionID: Int64, reason: String, now: Date) throws(StoreError) {
        try store.write { tx in try tx.pauseSession(sessionID, reason: reason, now: now) }
    }
}
