import Discogs
import Foundation
import Logging
import SpindleStore

/// Runs a session in this process: leases each request from the queue, waits its turn under the
/// rate limit, performs it over `transport`, and hands the answer to ingest. It holds no Discogs
/// knowledge beyond adding the token and the headers Discogs requires.
public struct DirectExecutor: Sendable {
    let store: Store
    let settings: SyncSettings
    let transport: any HTTPTransport
    let clock: any WallClock
    let token: DiscogsToken
    let driver: SessionDriver
    let logger: Logger

    public init(
        store: Store, settings: SyncSettings, transport: any HTTPTransport, token: DiscogsToken,
        clock: any WallClock = SystemClock(), logger: Logger = Logger(label: "spindle.sync")
    ) {
        self.store = store
        self.settings = settings
        self.transport = transport
        self.clock = clock
        self.token = token
        self.driver = SessionDriver(store: store, settings: settings)
        self.logger = logger
    }

    /// Drains the session's queue and ends it. Task cancellation (Ctrl-C) pauses the session after
    /// the request in flight; `spindle sync` resumes it. `progress`, when given, is called at most
    /// five times a second (a snapshot costs queries).
    public func run(
        sessionID: Int64, progress: (@Sendable (SyncProgress) -> Void)? = nil
    ) async throws(SyncError) -> SyncSession {
        do {
            return try await drain(sessionID: sessionID, progress: progress)
        } catch is CancellationError {
            do { return try pause(sessionID, "interrupted") } catch { throw .store(error) }
        } catch let error as SyncError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(.caller(error))
        }
    }

    private func drain(sessionID: Int64, progress: (@Sendable (SyncProgress) -> Void)?) async throws -> SyncSession {
        var limiter = try seededLimiter()
        var lastProgress = Date.distantPast
        while true {
            if Task.isCancelled { return try pause(sessionID, "interrupted") }
            switch try driver.nextStep(sessionID: sessionID, now: clock.now) {
            case .finished:
                return try driver.finish(sessionID: sessionID, now: clock.now) ?? session(sessionID)
            case .wait(let until):
                try await clock.sleep(seconds: max(0.01, until.timeIntervalSince(clock.now)))
            case .perform(let next):
                let pause = limiter.delay(at: clock.now)
                if pause > 0 {
                    try store.write { tx in
                        try tx.updateStats(sessionID) { stats in
                            stats[.rateLimitWaits] += 1
                            stats[.rateLimitWaitMilliseconds] += Int(pause * 1000)
                        }
                    }
                    try await clock.sleep(seconds: pause)
                }
                let request = try store.write { tx in
                    try tx.recordActivity(sessionID, phase: Phase.describe(next), now: clock.now)
                    return try tx.markSent(next.id, now: clock.now)
                }
                let result = await perform(request)
                let answeredAt = clock.now
                if case .success(let response) = result {
                    limiter.recordAnswer(
                        at: answeredAt, status: response.status, headers: RateLimitHeaders(response.headers))
                } else {
                    limiter.recordAnswer(at: answeredAt, status: nil, headers: nil)
                }
                let outcome = try driver.ingest.apply(result, to: request, now: answeredAt)
                switch outcome {
                case .stored:
                    break
                case .willRetry(let at, let reason):
                    logger.info("\(request.url): \(reason); retrying in \(Int(at.timeIntervalSince(answeredAt)))s")
                case .failed(let reason):
                    logger.warning("\(request.url): \(reason); giving up on it")
                case .fatal(let reason):
                    try driver.fail(sessionID: sessionID, reason: reason, now: clock.now)
                    return try session(sessionID)
                }
                if let progress, clock.now.timeIntervalSince(lastProgress) >= 0.2 {
                    lastProgress = clock.now
                    progress(try snapshot(sessionID, request: request, limiter: limiter))
                }
            }
        }
    }

    private func perform(_ request: APIRequest) async -> Result<HTTPResponse, TransportError> {
        guard let url = URL(string: request.url) else {
            return .failure(.connectionFailed("invalid URL \(request.url)"))
        }
        let headers: HTTPHeaders = [
            "User-Agent": settings.userAgent,
            "Authorization": token.authorizationHeader,
            "Accept": "application/vnd.discogs.v2.discogs+json",
        ]
        do {
            return .success(
                try await transport.send(HTTPRequest(method: request.method, url: url, headers: headers)))
        } catch {
            return .failure(error)
        }
    }

    /// A restarted process still owes the server the requests made in the current window.
    private func seededLimiter() throws(SyncError) -> RateLimiter {
        do {
            return try RateLimiter.seeded(from: store, settings: settings, at: clock.now)
        } catch {
            throw .store(error)
        }
    }

    private func pause(_ sessionID: Int64, _ reason: String) throws(StoreError) -> SyncSession {
        try driver.pause(sessionID: sessionID, reason: reason, now: clock.now)
        return try session(sessionID)
    }

    private func session(_ id: Int64) throws(StoreError) -> SyncSession {
        guard let session = try store.read({ try $0.session(id: id) }) else {
            throw .invalidData("session \(id) disappeared")
        }
        return session
    }

    private func snapshot(
        _ sessionID: Int64, request: APIRequest, limiter: RateLimiter
    ) throws
        -> SyncProgress
    {
        let (counts, queued) = try store.read { tx in
            (try tx.requestCounts(sessionID: sessionID), try tx.queuedReleaseCount())
        }
        let remaining = counts.open + queued
        let pace = settings.rateWindowSeconds / Double(max(1, limiter.limit))
        return SyncProgress(
            sessionID: sessionID, phase: Phase.describe(request), done: counts.completed,
            failed: counts.failed,
            total: counts.total + queued, rateLimitRemaining: limiter.remaining(at: clock.now),
            eta: Double(remaining) * pace)
    }
}

/// Short descriptions of what a request is doing, for the progress line and the session row.
enum Phase {
    static func describe(_ request: APIRequest) -> String {
        switch request.purpose {
        case .identity: "checking the token"
        case .folders: "reading folders"
        case .customFields: "reading notes fields"
        case .collectionPage:
            "reading \(request.scope == "folder:0" ? "the collection" : request.scope ?? "a folder"), page \(request.page ?? 1)"
        case .wantsPage: "reading the wantlist, page \(request.page ?? 1)"
        case .releaseInstances: "checking where release \(request.subjectID ?? 0) went"
        case .release: "fetching releases"
        case .master: "fetching masters"
        case .inventoryExportStart, .inventoryExports, .inventoryExportStatus: "exporting the inventory"
        case .inventoryDownload: "downloading the inventory"
        case .inventoryPage: "reading inventory page \(request.page ?? 1)"
        case .inventoryCurrency: "reading the marketplace currency"
        }
    }
}
