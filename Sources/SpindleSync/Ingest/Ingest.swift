import Discogs
import Foundation
import SpindleStore

/// The one place that understands Discogs responses. Every executor (direct, browser proxy, CLI
/// proxy) hands each answer — or the transport failure that replaced it — to `apply`, which
/// validates it against its request, parses it, stores rows, records rate-limit state and
/// progress, and plans follow-ups, all in one transaction.
public struct Ingest: Sendable {
    let store: Store
    let settings: SyncSettings
    let planner: Planner
    let retry: RetryPolicy

    public init(store: Store, settings: SyncSettings) {
        self.store = store
        self.settings = settings
        self.planner = Planner(settings: settings)
        self.retry = RetryPolicy(maxRetries: settings.maxRetries, baseSeconds: settings.retryBaseSeconds)
    }

    /// What became of one answer.
    public enum Outcome: Sendable, Equatable {
        /// Parsed and stored; follow-ups planned.
        case stored
        /// Not usable now; asked again at `at` (429, 5xx, HTML, empty or truncated body, timeout).
        case willRetry(at: Date, reason: String)
        /// Given up on; the sync goes on without it.
        case failed(reason: String)
        /// The session cannot go on (token rejected, wrong account); it must end as failed.
        case fatal(reason: String)
    }

    public func apply(
        _ result: Result<HTTPResponse, TransportError>, to request: APIRequest, now: Date
    ) throws(StoreError) -> Outcome {
        try apply(read(result, for: request), to: request, now: now)
    }

    /// An answer as read before anything is stored: a proxy executor refuses a 2xx whose body is
    /// not what its request asked for, instead of letting it count as an attempt.
    public struct ReadAnswer: Sendable {
        let result: Result<HTTPResponse, TransportError>
        let payload: Payload?
        /// Why a 2xx body cannot be the answer to its request; nil when it can (or was not 2xx).
        public let unusable: String?
    }

    /// Decodes a successful body once, for `apply(_:to:now:)` to store.
    public func read(_ result: Result<HTTPResponse, TransportError>, for request: APIRequest) -> ReadAnswer {
        guard case .success(let response) = result, case .success = ResponseVerdict(response) else {
            return ReadAnswer(result: result, payload: nil, unusable: nil)
        }
        do {
            let payload = try Payload.decode(request.purpose, from: response.body)
            return ReadAnswer(result: result, payload: payload, unusable: payload.mismatch(with: request))
        } catch {
            let reason = "unreadable JSON for \(request.purpose.rawValue): \(Payload.describe(error))"
            return ReadAnswer(result: result, payload: nil, unusable: reason)
        }
    }

    public func apply(_ answer: ReadAnswer, to request: APIRequest, now: Date) throws(StoreError) -> Outcome {
        let response: HTTPResponse
        switch answer.result {
        case .failure(let error):
            return try retryOrFail(request, status: nil, reason: error.description, rateLimit: nil, now: now)
        case .success(let value):
            response = value
        }
        let rateLimit = RateLimitHeaders(response.headers)
        if request.purpose == .inventoryExportStart, (200..<300).contains(response.status) {
            // Discogs answers the start with an empty body; the job is in the Location header.
            return try store(
                .exportStarted, for: request, status: response.status, rateLimit: rateLimit, now: now,
                location: response.headers["Location"])
        }
        switch ResponseVerdict(response) {
        case .success:
            guard let payload = answer.payload, answer.unusable == nil else {
                let reason = answer.unusable ?? "unreadable JSON for \(request.purpose.rawValue)"
                return try retryOrFail(request, status: response.status, reason: reason, rateLimit: rateLimit, now: now)
            }
            return try store(payload, for: request, status: response.status, rateLimit: rateLimit, now: now)
        case .retryable(let reason):
            return try retryOrFail(request, status: response.status, reason: reason, rateLimit: rateLimit, now: now)
        case .unauthorized(let message):
            return try giveUp(
                request, status: response.status, rateLimit: rateLimit, now: now,
                reason: "Discogs rejected the token (401: \(message)); check token_file or DISCOGS_TOKEN",
                fatal: true)
        case .forbidden(let message):
            return try giveUp(
                request, status: response.status, rateLimit: rateLimit, now: now, reason: "forbidden (403: \(message))",
                fatal: request.purpose.isEssential)
        case .notFound(let message):
            return try notFound(request, status: response.status, message: message, rateLimit: rateLimit, now: now)
        case .rejected(let status, let message):
            return try giveUp(
                request, status: status, rateLimit: rateLimit, now: now, reason: "HTTP \(status): \(message)",
                fatal: request.purpose.isEssential)
        }
    }

    /// Everything one stored answer needs, inside its transaction.
    struct Context {
        let tx: StoreTransaction
        let session: SyncSession
        let now: Date
        let changes: ChangeRecorder

        init(tx: StoreTransaction, session: SyncSession, now: Date) {
            self.tx = tx
            self.session = session
            self.now = now
            changes = ChangeRecorder(tx: tx, sessionID: session.id, now: now)
        }

        func account() throws -> Account {
            guard let id = session.accountID, let account = try tx.account(id: id) else {
                throw IngestError.fatal("the session has no account yet (identity was not stored)")
            }
            return account
        }

        func count(_ counter: SessionCounter, _ amount: Int = 1) { changes.count(counter, amount) }
    }

    private func store(
        _ payload: Payload, for request: APIRequest, status: Int, rateLimit: RateLimitHeaders?, now: Date,
        location: String? = nil
    ) throws(StoreError) -> Outcome {
        do {
            return try store.write { tx in
                guard let session = try tx.session(id: request.sessionID) else {
                    throw IngestError.fatal("session \(request.sessionID) does not exist")
                }
                let context = Context(tx: tx, session: session, now: now)
                try record(rateLimit, in: tx, now: now)
                try tx.completeRequest(request.id, responseStatus: status, rateLimit: rateLimit, now: now)
                context.count(.requestsSent)
                switch payload {
                case .identity(let identity): try storeIdentity(identity, context)
                case .folders(let list): try storeFolders(list.folders, context)
                case .customFields(let list): try storeCustomFields(list.fields, context)
                case .collectionPage(let page):
                    try storeCollectionPage(
                        page, scope: SyncScope(request.scope) ?? .folder(Folder.allFolderID), context)
                case .wantsPage(let page): try storeWantsPage(page, context)
                case .releaseInstances(let page):
                    guard let releaseID = request.subjectID else { break }
                    try storeReleaseInstances(
                        page, of: releaseID, scope: SyncScope(request.scope) ?? .folder(Folder.allFolderID), context)
                case .release(let release): try storeRelease(release, requestedID: request.subjectID, context)
                case .master(let master, let body): try storeMaster(master, body: body, context)
                case .exportStarted: try exportStarted(location: location, context)
                case .exportJobs(let list): try exportListed(list, context)
                case .exportJob(let job): try exportPolled(job, request: request, context)
                case .inventoryCSV(let data): try storeInventory(data, context)
                case .inventoryPage(let page): try storeInventoryPage(page, request: request, context)
                case .inventoryCurrency(let page):
                    if let currency = page.listings.lazy.compactMap({ $0.price?.currency }).first {
                        try context.tx.setAccountCurrency(try context.account().id, currency)
                    }
                }
                try context.changes.flush()
                return .stored
            }
        } catch {
            if case .caller(let inner) = error, let ingestError = inner as? IngestError {
                if ingestError.retryable {
                    return try retryOrFail(
                        request, status: status, reason: "unreadable JSON: \(ingestError.reason)", rateLimit: rateLimit,
                        now: now)
                }
                return try giveUp(
                    request, status: status, rateLimit: rateLimit, now: now, reason: ingestError.reason, fatal: true)
            }
            throw error
        }
    }

    /// Schedules another attempt with backoff, or gives up when the budget is spent.
    private func retryOrFail(
        _ request: APIRequest, status: Int?, reason: String, rateLimit: RateLimitHeaders?, now: Date
    ) throws(StoreError) -> Outcome {
        guard retry.allowsAnotherAttempt(after: request.attempts) else {
            let attempts = request.attempts == 1 ? "1 attempt" : "\(request.attempts) attempts"
            return try giveUp(
                request, status: status, rateLimit: rateLimit, now: now, reason: "\(reason), after \(attempts)",
                fatal: request.purpose.isEssential)
        }
        let at = now.addingTimeInterval(retry.delay(afterAttempt: request.attempts))
        try store.write { tx in
            try record(rateLimit, in: tx, now: now)
            try tx.scheduleRetry(request.id, responseStatus: status, error: reason, notBefore: at, rateLimit: rateLimit)
            try tx.updateStats(request.sessionID) { stats in
                stats[.requestsSent] += 1
                stats[.retries] += 1
                if status == 429 { stats[.throttled] += 1 }
            }
        }
        return .willRetry(at: at, reason: reason)
    }

    /// Marks the request failed for good and does what that means for its purpose.
    private func giveUp(
        _ request: APIRequest, status: Int?, rateLimit: RateLimitHeaders?, now: Date, reason: String, fatal: Bool
    ) throws(StoreError) -> Outcome {
        let recovered = try store.write { tx -> Bool in
            try record(rateLimit, in: tx, now: now)
            if request.purpose.isInventoryExport, let session = try tx.session(id: request.sessionID) {
                // The export is one way; the pages are the other: read them instead.
                try tx.completeRequest(request.id, responseStatus: status ?? 0, rateLimit: nil, now: now)
                try tx.updateStats(request.sessionID) { stats in
                    stats[.requestsSent] += 1
                    stats.notes.append("the inventory export failed (\(reason)); the inventory was read page by page")
                }
                try planInventoryPages(session: session, in: tx, now: now)
                return true
            }
            try tx.failRequest(request.id, responseStatus: status, error: reason, now: now)
            try tx.updateStats(request.sessionID) { stats in
                stats[.requestsSent] += 1
                if status == 429 { stats[.throttled] += 1 }
            }
            switch request.purpose {
            case .collectionPage, .wantsPage:
                if let scope = request.scope {
                    try tx.recordScopePageFailure(sessionID: request.sessionID, scope: scope)
                    try tx.updateStats(request.sessionID) { $0[.pagesFailed] += 1 }
                }
            case .release:
                if let id = request.subjectID { try tx.failQueuedRelease(id, gone: false, error: reason) }
            default:
                break
            }
            return false
        }
        if recovered { return .stored }
        return fatal ? .fatal(reason: reason) : .failed(reason: reason)
    }

    /// 404s mean different things: a deleted release is an answer, a missing user is the end.
    private func notFound(
        _ request: APIRequest, status: Int, message: String, rateLimit: RateLimitHeaders?, now: Date
    ) throws(StoreError) -> Outcome {
        switch request.purpose {
        case .release:
            try store.write { tx in
                try record(rateLimit, in: tx, now: now)
                try tx.completeRequest(request.id, responseStatus: status, rateLimit: rateLimit, now: now)
                if let id = request.subjectID { try tx.failQueuedRelease(id, gone: true, error: message) }
                try tx.updateStats(request.sessionID) { stats in
                    stats[.requestsSent] += 1
                    stats[.releasesGone] += 1
                }
            }
            return .stored
        case .master:
            // A master Discogs no longer has: the lists do without its year.
            try store.write { tx in
                try record(rateLimit, in: tx, now: now)
                try tx.completeRequest(request.id, responseStatus: status, rateLimit: rateLimit, now: now)
                try tx.updateStats(request.sessionID) { $0[.requestsSent] += 1 }
            }
            return .stored
        case .releaseInstances:
            // No copy of the release is left in the collection.
            return try store(.releaseInstances(.empty), for: request, status: status, rateLimit: rateLimit, now: now)
        default:
            let what =
                request.purpose == .identity
                ? "the account" : request.purpose.rawValue.replacingOccurrences(of: "_", with: " ")
            return try giveUp(
                request, status: status, rateLimit: rateLimit, now: now, reason: "\(what) not found (404: \(message))",
                fatal: request.purpose.isEssential)
        }
    }

    private func record(_ rateLimit: RateLimitHeaders?, in tx: StoreTransaction, now: Date) throws {
        guard let rateLimit else { return }
        try tx.saveRateLimit(
            key: settings.rateLimitKey,
            RateLimitSnapshot(headers: rateLimit, windowSeconds: settings.rateWindowSeconds, observedAt: now))
    }
}

/// A response that parsed but cannot be used, raised inside the ingest transaction (which is then
/// rolled back, so nothing of it is stored): fatal ends the session, unreadable is asked again.
struct IngestError: Error, Sendable {
    let reason: String
    /// An item of a listing that only showed itself unreadable when it had to be decoded.
    var retryable = false

    static func fatal(_ reason: String) -> IngestError { IngestError(reason: reason) }
    static func unreadable(_ reason: String) -> IngestError { IngestError(reason: reason, retryable: true) }
}

extension RequestPurpose {
    /// Without these the session cannot do anything useful: their permanent failure ends it.
    var isEssential: Bool { self == .identity || self == .folders }
}
