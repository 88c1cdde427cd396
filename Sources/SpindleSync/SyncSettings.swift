import Discogs
import Foundation
import SpindleStore

/// How a sync talks to Discogs and paces itself (from `[discogs]` and `[sync]` in spindle.toml).
public struct SyncSettings: Sendable, Equatable {
    public var baseURL: URL
    public var userAgent: String
    /// The account to sync. Optional: `/oauth/identity` says whose token it is.
    public var username: String?
    /// How long cached enrichment answers (masters, …) stay fresh, and their key version.
    public var metadataCache = MetadataCachePolicy()
    /// How the inventory is read: the export (one CSV) or its pages (also the fallback).
    public var inventoryMethod = InventoryMethod.export

    public enum InventoryMethod: String, Sendable, Equatable {
        case export, pages
    }
    public var perPage: Int
    public var releaseTTLDays: Int
    public var rateWindowSeconds: Double
    public var timeoutSeconds: Double
    /// Retries after the first attempt, for 429s, 5xx, HTML, empty or truncated bodies, timeouts.
    public var maxRetries: Int
    public var retryBaseSeconds: Double
    /// Releases turned from the queue into requests at a time.
    public var releaseBatchSize: Int
    /// An unfinished session without a heartbeat for this long is considered dead.
    public var sessionTimeoutSeconds: Double
    /// A proxy session no client has polled for this long is paused (the next poll resumes it).
    public var proxyIdleSeconds: Double

    public init(
        baseURL: URL = URL(string: "https://api.discogs.com")!, userAgent: String = SpindleIdentity.userAgent,
        username: String? = nil, perPage: Int = 100, releaseTTLDays: Int = 90, rateWindowSeconds: Double = 60,
        timeoutSeconds: Double = 30, maxRetries: Int = 5, retryBaseSeconds: Double = 2, releaseBatchSize: Int = 50,
        sessionTimeoutSeconds: Double = 30 * 60, proxyIdleSeconds: Double = 5 * 60
    ) {
        self.baseURL = baseURL
        self.userAgent = userAgent
        self.username = username
        self.perPage = perPage
        self.releaseTTLDays = releaseTTLDays
        self.rateWindowSeconds = rateWindowSeconds
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
        self.retryBaseSeconds = retryBaseSeconds
        self.releaseBatchSize = releaseBatchSize
        self.sessionTimeoutSeconds = sessionTimeoutSeconds
        self.proxyIdleSeconds = proxyIdleSeconds
    }

    /// The key the rate-limit state is stored under: Discogs counts per client, per host.
    public var rateLimitKey: String { baseURL.host ?? baseURL.absoluteString }
}

/// What the user asked to sync.
public struct SyncRequest: Sendable, Equatable {
    public var kinds: [SyncKind]
    /// Folders to walk; empty means folder 0 ("All").
    public var folders: [Int]
    /// Fetch every release again, however fresh.
    public var full: Bool

    public init(kinds: [SyncKind] = [.collection, .wantlist], folders: [Int] = [], full: Bool = false) {
        self.kinds = kinds.sorted()
        self.folders = folders.sorted()
        self.full = full
    }
}
