import Discogs
import Foundation
import Logging
import SpindleStore
import SpindleSync
import Synchronization

/// What the routes ask of syncs: start, cancel, resume, report. It runs direct syncs in this
/// process (in the background, never in a request), hands proxy sessions to `ProxyExecutor`, and
/// asks for a site rebuild whenever a session ends.
final class SyncService: Sendable {
    let store: Store
    let settings: SyncSettings
    let proxy: ProxyExecutor
    let rebuilds: SiteRebuilds
    private let token: DiscogsToken?
    private let transport: any HTTPTransport
    private let logger: Logger
    private let opener: SessionOpener
    private let progressCache = ProgressCache()
    /// Direct sessions this process runs, with the task running each.
    private let running = Mutex<[Int64: Task<Void, Never>]>([:])
    /// Direct sessions asked to cancel while their executor was still stopping.
    private let cancelling = Mutex<Set<Int64>>([])
    /// Starting is check-then-create: one at a time, so two triggers cannot both start.
    private let starting = Mutex(())

    init(
        store: Store, settings: SyncSettings, token: DiscogsToken?, transport: any HTTPTransport,
        rebuilds: SiteRebuilds, leaseSeconds: Double, logger: Logger
    ) {
        self.store = store
        self.settings = settings
        self.token = token
        self.transport = transport
        self.rebuilds = rebuilds
        self.logger = logger
        self.opener = SessionOpener(store: store, settings: settings)
        self.proxy = ProxyExecutor(store: store, settings: settings, leaseSeconds: leaseSeconds)
    }

    var runningHere: Set<Int64> { running.withLock { Set($0.keys) } }

    /// Starts (or resumes, when the same sync was interrupted) a session. 409 while a sync of an
    /// overlapping kind runs, here or anywhere.
    func start(_ request: SyncRequest, mode: SessionMode, now: Date) throws(APIError) -> SyncSession {
        if mode == .direct, token == nil {
            throw APIError(
                422, "no_token",
                "the server has no Discogs token (discogs.token_file or DISCOGS_TOKEN); use mode=proxy")
        }
        return try starting.withLock { _ throws(APIError) -> SyncSession in
            if let busy = try storeCall({
                try opener.runningOverlap(with: request.kinds, runningHere: runningHere, now: now)
            }) {
                throw APIError(
                    409, "sync_running", "sync \(busy.id) (\(busy.mode.rawValue)) is running; wait for it or cancel it",
                    sessionID: busy.id)
            }
            let opened: SessionOpener.Opened
            do throws(SyncError) {
                opened = try opener.open(request, mode: mode, now: now)
            } catch {
                if case .alreadyRunning(let id, _) = error {
                    throw APIError(409, "sync_running", "sync \(id) is running", sessionID: id)
                }
                throw APIError(500, "internal", "\(error)")
            }
            opened.notes.forEach { logger.info("\($0)") }
            if mode == .direct { launchDirect(opened.session.id) }
            return opened.session
        }
    }

    func cancel(_ id: Int64, now: Date) throws(APIError) -> SyncSession {
        let session = try existing(id)
        guard !session.status.isFinished else {
            throw APIError(409, "session_finished", "sync \(id) already ended (\(session.status.rawValue))")
        }
        if let task = running.withLock({ $0[id] }) {
            // The executor pauses the session when it stops; it is marked cancelled after that.
            cancelling.withLock { _ = $0.insert(id) }
            task.cancel()
            return session
        }
        try markCancelled(id, now: now)
        return try existing(id)
    }

    private func markCancelled(_ id: Int64, now: Date) throws(APIError) {
        defer { progressCache.forget(id) }
        try storeCall {
            try store.write { tx in try tx.endSession(id, status: .cancelled, error: "cancelled", now: now) }
        }
        rebuilds.request()
    }

    func resume(_ id: Int64, now: Date) throws(APIError) -> SyncSession {
        let session = try existing(id)
        guard session.status == .paused else {
            throw APIError(409, "not_paused", "sync \(id) is \(session.status.rawValue), not paused")
        }
        if session.mode == .direct, token == nil {
            throw APIError(422, "no_token", "the server has no Discogs token to resume a direct sync")
        }
        if let busy = try storeCall({
            try opener.runningOverlap(with: session.kinds, excluding: id, runningHere: runningHere, now: now)
        }) {
            throw APIError(
                409, "sync_running", "sync \(busy.id) runs meanwhile; resume this one after it", sessionID: busy.id)
        }
        try storeCall {
            try store.write { tx in
                try tx.requeueInFlight(sessionID: id)
                try tx.requeueFailed(sessionID: id)
                try tx.startSession(
                    id, ownerPID: ProcessIdentity.current.pid, ownerHost: ProcessIdentity.current.host, now: now)
            }
        }
        progressCache.forget(id)
        if session.mode == .direct { launchDirect(id) }
        return try existing(id)
    }

    func report(_ id: Int64) throws(APIError) -> ProgressReport {
        guard let report = try storeCall({ try store.read { try report(id, in: $0) } }) else {
            throw APIError.notFound("no sync \(id)")
        }
        return report
    }

    /// The progress object as JSON, from the cache when it is fresh enough (status pages poll).
    func reportJSON(_ id: Int64, now: Date) throws(APIError) -> [UInt8] {
        if let cached = progressCache.body(for: id, now: now) { return cached }
        let report = try report(id)
        let body = Array((try? JSONCoding.encoder.encode(report)) ?? Data("{}".utf8))
        let final = report.isFinished && ["live", "failed", "off"].contains(report.site.state)
        progressCache.store(body, for: id, final: final, now: now)
        return body
    }

    func activeReports() throws(APIError) -> [ProgressReport] {
        try storeCall {
            try store.read { tx in
                try tx.unfinishedSessions().reversed().compactMap { try report($0.id, in: tx) }
            }
        }
    }

    private func report(_ id: Int64, in tx: StoreTransaction) throws -> ProgressReport? {
        guard let session = try tx.session(id: id) else { return nil }
        return ProgressReport(
            session: session, counts: try tx.requestCounts(sessionID: id), queued: try tx.queuedReleaseCount(),
            rateLimit: try tx.rateLimit(key: settings.rateLimitKey),
            site: rebuilds.state(forSyncFinishedAt: session.finishedAt), rateWindowSeconds: settings.rateWindowSeconds)
    }

    func isFinished(_ id: Int64) throws(APIError) -> Bool { try existing(id).status.isFinished }

    /// A client leased or answered: what the session reports has changed.
    func proxyActivity(_ id: Int64) { progressCache.forget(id) }

    /// Called when a proxy session ended during a poll or a delivery.
    func sessionEnded(_ id: Int64) {
        progressCache.forget(id)
        logger.info("sync \(id) ended")
        rebuilds.request()
    }

    private func launchDirect(_ id: Int64) {
        guard let token else { return }
        let executor = DirectExecutor(
            store: store, settings: settings, transport: transport, token: token, logger: logger)
        progressCache.forget(id)
        let task = Task.detached { [logger] in
            do {
                let session = try await executor.run(sessionID: id)
                logger.info("sync \(id) ended: \(session.status.rawValue)")
            } catch {
                logger.error("sync \(id) stopped: \(error)")
            }
        }
        running.withLock { $0[id] = task }
        Task.detached { [weak self] in
            await task.value
            guard let self else { return }
            running.withLock { _ = $0.removeValue(forKey: id) }
            if cancelling.withLock({ $0.remove(id) }) != nil {
                try? markCancelled(id, now: Date())
            } else {
                rebuilds.request()
            }
        }
    }

    /// Waits for the direct syncs of this process to pause (graceful shutdown).
    func stopDirectSyncs() async {
        let tasks = running.withLock { Array($0.values) }
        tasks.forEach { $0.cancel() }
        for task in tasks { await task.value }
    }

    private func existing(_ id: Int64) throws(APIError) -> SyncSession {
        guard let session = try storeCall({ try store.read { try $0.session(id: id) } }) else {
            throw APIError.notFound("no sync \(id)")
        }
        return session
    }
}

/// Runs a store call, turning its failure into a 500 for the client (the details go to the log
/// via the route's error handling, not to the client).
func storeCall<T>(_ body: () throws -> T) throws(APIError) -> T {
    do { return try body() } catch let error as APIError { throw error } catch {
        throw APIError(500, "internal", "database error: \(error)")
    }
}
