import Discogs
import Foundation
import GRDB

/// Why a request is in the queue; decides its priority and how ingest reads the answer.
public enum RequestPurpose: String, Sendable, Codable, CaseIterable {
    case identity
    case folders
    case customFields = "custom_fields"
    case collectionPage = "collection_page"
    case wantsPage = "wants_page"
    /// All instances of one release, to tell a removed copy from one moved elsewhere.
    case releaseInstances = "release_instances"
    case release
    /// A master a list's rule needs (`master_year`) that neither a dump nor the cache has.
    case master
    /// The inventory export: start it (POST), find its id when the Location header is not
    /// readable (a browser), poll it, download its CSV.
    case inventoryExportStart = "inventory_export_start"
    case inventoryExports = "inventory_exports"
    case inventoryExportStatus = "inventory_export_status"
    case inventoryDownload = "inventory_download"
    case inventoryPage = "inventory_page"
    /// One listing, for the seller's currency (the export's CSV has none), asked once per account.
    case inventoryCurrency = "inventory_currency"

    /// The HTTP method: everything is read with GET but the start of an inventory export.
    public var method: String { self == .inventoryExportStart ? "POST" : "GET" }

    /// Lower runs first: the account's own listings before release details, so items are
    /// stored (and removals known) before the long release backlog starts.
    public var priority: Int {
        switch self {
        case .identity: 0
        case .folders: 1
        case .customFields: 2
        case .collectionPage, .wantsPage: 3
        case .releaseInstances: 4
        case .release: 5
        case .master: 6
        case .inventoryCurrency: 2
        case .inventoryExportStart, .inventoryExports, .inventoryExportStatus, .inventoryDownload, .inventoryPage: 3
        }
    }
}

public enum RequestStatus: String, Sendable, Codable {
    case pending, sent, completed, failed, retrying
}

/// One row of the queue every executor drains.
public struct APIRequest: Sendable, Equatable {
    public var id: Int64
    public var sessionID: Int64
    public var purpose: RequestPurpose
    public var method: String
    public var url: String
    public var scope: String?
    public var page: Int?
    public var subjectID: Int?
    public var status: RequestStatus
    public var attempts: Int
    public var notBefore: Date?
    public var leaseID: String?
    public var leaseExpiresAt: Date?
    public var sentAt: Date?
    public var responseStatus: Int?
    public var error: String?
}

/// A request to add to the queue.
public struct NewRequest: Sendable, Equatable {
    public var purpose: RequestPurpose
    public var url: String
    public var scope: String?
    public var page: Int?
    public var subjectID: Int?

    public init(purpose: RequestPurpose, url: String, scope: String? = nil, page: Int? = nil, subjectID: Int? = nil) {
        self.purpose = purpose
        self.url = url
        self.scope = scope
        self.page = page
        self.subjectID = subjectID
    }
}

public struct RequestCounts: Sendable, Equatable {
    public var total = 0
    public var completed = 0
    public var failed = 0
    /// Pending, retrying, or sent and not answered yet.
    public var open: Int { total - completed - failed }
}

extension RequestCounts {
    /// From a row with `total`, `completed` and `failed` columns.
    init(row: Row) {
        self.init(total: row["total"], completed: row["completed"], failed: row["failed"])
    }
}

extension StoreTransaction {
    /// Asks a completed request again at `notBefore` (an inventory export that is not finished
    /// yet): a poll, not a retry, so its attempts are not counted.
    public func pollAgain(_ requestID: Int64, notBefore: Date) throws {
        try execute(
            """
            UPDATE api_requests SET status = 'retrying', not_before = ?, lease_id = NULL, lease_expires_at = NULL,
                completed_at = NULL
            WHERE id = ?
            """, [notBefore, requestID])
    }

    /// Adds the request unless the session already has one for that URL. Returns whether it was added.
    @discardableResult
    public func enqueue(_ request: NewRequest, sessionID: Int64, now: Date) throws -> Bool {
        try execute(
            """
            INSERT OR IGNORE INTO api_requests (session_id, purpose, method, url, scope, page, subject_id, priority,
                status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
            """,
            [
                sessionID, request.purpose.rawValue, request.purpose.method, request.url, request.scope, request.page,
                request.subjectID, request.purpose.priority, now,
            ])
        return db.changesCount > 0
    }

    /// The next request to perform now: highest priority, oldest first; retries once their
    /// `not_before` has passed; sent requests whose lease expired (a proxy client went away).
    public func nextRequest(sessionID: Int64, now: Date) throws -> APIRequest? {
        try row(
            """
            SELECT * FROM api_requests
            WHERE session_id = ? AND (
                status = 'pending'
                OR (status = 'retrying' AND (not_before IS NULL OR not_before <= ?))
                OR (status = 'sent' AND lease_expires_at IS NOT NULL AND lease_expires_at <= ?))
            ORDER BY priority, id LIMIT 1
            """,
            [sessionID, now, now]
        ).map(APIRequest.init(row:))
    }

    /// When the earliest waiting retry becomes due, if any is waiting.
    public func nextRetryTime(sessionID: Int64) throws -> Date? {
        try value(
            Date.self, "SELECT min(not_before) FROM api_requests WHERE session_id = ? AND status = 'retrying'",
            [sessionID])
    }

    public func request(id: Int64) throws -> APIRequest? {
        try row("SELECT * FROM api_requests WHERE id = ?", [id]).map(APIRequest.init(row:))
    }

    /// Marks the request as in flight (one more attempt), optionally leased until a time, and
    /// returns it as it now is.
    @discardableResult
    public func markSent(
        _ id: Int64, now: Date, leaseID: String? = nil, leaseExpiresAt: Date? = nil
    ) throws -> APIRequest {
        try execute(
            """
            UPDATE api_requests SET status = 'sent', attempts = attempts + 1, sent_at = ?, lease_id = ?,
                lease_expires_at = ?
            WHERE id = ?
            """, [now, leaseID, leaseExpiresAt, id])
        guard let request = try request(id: id) else { throw StoreError.invalidData("request \(id) vanished") }
        return request
    }

    public func completeRequest(_ id: Int64, responseStatus: Int, rateLimit: RateLimitHeaders?, now: Date) throws {
        try execute(
            """
            UPDATE api_requests SET status = 'completed', completed_at = ?, response_status = ?, error = NULL,
                ratelimit_limit = ?, ratelimit_used = ?, ratelimit_remaining = ?, lease_id = NULL,
                lease_expires_at = NULL
            WHERE id = ?
            """,
            [
                now, responseStatus, rateLimit?.limit, rateLimit?.used, rateLimit?.remaining, id,
            ])
    }

    public func scheduleRetry(
        _ id: Int64, responseStatus: Int?, error: String, notBefore: Date, rateLimit: RateLimitHeaders?
    )
        throws
    {
        try execute(
            """
            UPDATE api_requests SET status = 'retrying', not_before = ?, response_status = ?, error = ?,
                ratelimit_limit = coalesce(?, ratelimit_limit), ratelimit_used = coalesce(?, ratelimit_used),
                ratelimit_remaining = coalesce(?, ratelimit_remaining), lease_id = NULL, lease_expires_at = NULL
            WHERE id = ?
            """,
            [
                notBefore, responseStatus, error, rateLimit?.limit, rateLimit?.used, rateLimit?.remaining, id,
            ])
    }

    public func failRequest(_ id: Int64, responseStatus: Int?, error: String, now: Date) throws {
        try execute(
            """
            UPDATE api_requests SET status = 'failed', completed_at = ?, response_status = ?, error = ?,
                lease_id = NULL, lease_expires_at = NULL
            WHERE id = ?
            """, [now, responseStatus, error, id])
    }

    /// Requests that were in flight when a process died go back to the queue.
    @discardableResult
    public func requeueInFlight(sessionID: Int64) throws -> Int {
        try execute(
            """
            UPDATE api_requests SET status = 'pending', lease_id = NULL, lease_expires_at = NULL
            WHERE session_id = ? AND status = 'sent'
            """,
            [sessionID])
        return db.changesCount
    }

    /// Failed requests get a fresh retry budget when their session resumes.
    @discardableResult
    public func requeueFailed(sessionID: Int64) throws -> Int {
        try execute(
            """
            UPDATE api_requests SET status = 'pending', attempts = 0, not_before = NULL
            WHERE session_id = ? AND status = 'failed' AND purpose != 'release'
            """,
            [sessionID])
        return db.changesCount
    }

    public func requestCounts(sessionID: Int64) throws -> RequestCounts {
        let row = try row(
            """
            SELECT count(*) AS total, count(*) FILTER (WHERE status = 'completed') AS completed,
                   count(*) FILTER (WHERE status = 'failed') AS failed
            FROM api_requests WHERE session_id = ?
            """,
            [sessionID])
        return row.map(RequestCounts.init(row:)) ?? RequestCounts()
    }

    public func failedRequests(sessionID: Int64) throws -> [APIRequest] {
        try rows(
            "SELECT * FROM api_requests WHERE session_id = ? AND status = 'failed' ORDER BY id",
            [sessionID]
        ).map(APIRequest.init(row:))
    }

    /// When requests were sent since `date`, across sessions and processes: the part of the
    /// moving window a restarted process must still respect.
    public func requestTimes(since date: Date) throws -> [Date] {
        try values(Date.self, "SELECT sent_at FROM api_requests WHERE sent_at >= ? ORDER BY sent_at", [date])
    }
}

extension APIRequest {
    init(row: Row) {
        self.init(
            id: row["id"], sessionID: row["session_id"],
            purpose: RequestPurpose(rawValue: row["purpose"]) ?? .release, method: row["method"], url: row["url"],
            scope: row["scope"], page: row["page"], subjectID: row["subject_id"],
            status: RequestStatus(rawValue: row["status"]) ?? .pending, attempts: row["attempts"],
            notBefore: row["not_before"], leaseID: row["lease_id"], leaseExpiresAt: row["lease_expires_at"],
            sentAt: row["sent_at"], responseStatus: row["response_status"], error: row["error"])
    }
}

extension StoreTransaction {
    /// Requests of one purpose (and scope) not answered yet.
    public func openRequestCount(sessionID: Int64, purpose: RequestPurpose, scope: String?) throws -> Int {
        try value(
            Int.self,
            """
            SELECT count(*) FROM api_requests
            WHERE session_id = ? AND purpose = ? AND (? IS NULL OR scope = ?)
              AND status IN ('pending', 'sent', 'retrying')
            """,
            [sessionID, purpose.rawValue, scope, scope]) ?? 0
    }
}
