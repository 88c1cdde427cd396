import Foundation
import GRDB

/// A request handed to a proxy client: what it may do, from when, and until when its answer is
/// accepted.
public struct ProxyLease: Sendable, Equatable {
    public var leaseID: String
    public var requestID: Int64
    public var sessionID: Int64
    public var url: String
    public var issuedAt: Date
    public var notBefore: Date
    public var expiresAt: Date
    public var answeredAt: Date?
    public var outcome: String?
}

extension StoreTransaction {
    /// Marks the request as in flight under a new lease and records the lease. The request counts
    /// in the rate-limit window from `notBefore`, when the client will perform it.
    public func issueLease(
        _ leaseID: String, for request: APIRequest, now: Date, notBefore: Date, expiresAt: Date
    ) throws -> ProxyLease {
        try markSent(request.id, now: notBefore, leaseID: leaseID, leaseExpiresAt: expiresAt)
        try execute(
            """
            INSERT INTO proxy_leases (lease_id, request_id, session_id, url, issued_at, not_before, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [leaseID, request.id, request.sessionID, request.url, now, notBefore, expiresAt])
        return ProxyLease(
            leaseID: leaseID, requestID: request.id, sessionID: request.sessionID, url: request.url, issuedAt: now,
            notBefore: notBefore, expiresAt: expiresAt)
    }

    public func lease(id: String) throws -> ProxyLease? {
        try row("SELECT * FROM proxy_leases WHERE lease_id = ?", [id]).map(ProxyLease.init(row:))
    }

    /// Claims the lease for one answer. False when another answer claimed it first: of two
    /// concurrent deliveries of the same answer, exactly one is processed.
    public func claimLease(_ leaseID: String, now: Date) throws -> Bool {
        try execute(
            "UPDATE proxy_leases SET answered_at = ? WHERE lease_id = ? AND answered_at IS NULL", [now, leaseID])
        return db.changesCount == 1
    }

    public func recordLeaseOutcome(_ leaseID: String, outcome: String) throws {
        try execute("UPDATE proxy_leases SET outcome = ? WHERE lease_id = ?", [outcome, leaseID])
    }

    /// Leases of the session still out (issued, unanswered, not expired).
    public func outstandingLeaseCount(sessionID: Int64, now: Date) throws -> Int {
        try value(
            Int.self,
            """
            SELECT count(*) FROM proxy_leases
            WHERE session_id = ? AND answered_at IS NULL AND expires_at > ?
            """, [sessionID, now]) ?? 0
    }

    /// Records that a proxy client asked for work: the session is alive as long as someone polls.
    public func touchSession(_ sessionID: Int64, now: Date) throws {
        try execute("UPDATE sync_sessions SET heartbeat_at = ? WHERE id = ?", [now, sessionID])
    }
}

extension ProxyLease {
    init(row: Row) {
        self.init(
            leaseID: row["lease_id"], requestID: row["request_id"], sessionID: row["session_id"], url: row["url"],
            issuedAt: row["issued_at"], notBefore: row["not_before"], expiresAt: row["expires_at"],
            answeredAt: row["answered_at"], outcome: row["outcome"])
    }
}
