import Foundation
import SpindleStore
import SpindleSync

/// The progress object of docs/api.md: what a client or the status page shows of one session.
struct ProgressReport: Encodable, Sendable {
    struct Requests: Encodable, Sendable {
        let total: Int
        let done: Int
        let failed: Int
        let open: Int
    }

    struct RateLimit: Encodable, Sendable {
        let limit: Int
        let used: Int?
        let remaining: Int?
    }

    struct Site: Encodable, Sendable {
        let state: String
        let liveAt: Date?
        let error: String?
    }

    let id: Int64
    let status: String
    let mode: String
    let kinds: [String]
    let full: Bool
    let phase: String?
    let requests: Requests
    let releasesQueued: Int
    let percent: Double
    let etaSeconds: Int?
    let rateLimit: RateLimit?
    let clientSeenAt: Date?
    let createdAt: Date
    let startedAt: Date?
    let finishedAt: Date?
    let error: String?
    let stats: [String: Int]
    let site: Site

    var isFinished: Bool { finishedAt != nil }

    init(
        session: SyncSession, counts: RequestCounts, queued: Int, rateLimit: RateLimitSnapshot?,
        site: SiteRebuilds.State,
        rateWindowSeconds: Double
    ) {
        id = session.id
        status = session.status.rawValue
        mode = session.mode.rawValue
        kinds = session.kinds.map(\.rawValue)
        full = session.full
        phase = session.phase
        requests = Requests(total: counts.total, done: counts.completed, failed: counts.failed, open: counts.open)
        let running = !session.status.isFinished
        releasesQueued = running ? queued : 0
        let total = counts.total + releasesQueued
        let finishedWork = counts.completed + counts.failed
        percent =
            session.status.isFinished
            ? 100 : total == 0 ? 0 : (Double(finishedWork) * 1000 / Double(total)).rounded() / 10
        let limit = rateLimit?.headers.limit ?? 60
        etaSeconds =
            running ? Int((Double(total - finishedWork) * rateWindowSeconds / Double(max(1, limit))).rounded()) : nil
        self.rateLimit = rateLimit.map {
            RateLimit(limit: $0.headers.limit, used: $0.headers.used, remaining: $0.headers.remaining)
        }
        clientSeenAt = session.mode == .proxy ? session.heartbeatAt : nil
        createdAt = session.createdAt
        startedAt = session.startedAt
        finishedAt = session.finishedAt
        error = session.error
        stats = session.stats.counters
        switch site {
        case .off: self.site = Site(state: "off", liveAt: nil, error: nil)
        case .waiting: self.site = Site(state: "waiting", liveAt: nil, error: nil)
        case .building: self.site = Site(state: "building", liveAt: nil, error: nil)
        case .live(let at): self.site = Site(state: "live", liveAt: at, error: nil)
        case .failed(let error): self.site = Site(state: "failed", liveAt: nil, error: error)
        }
    }
}
