import Discogs
import Foundation
import SpindleSync

/// Everything `spindle.toml` (and `SPINDLE_<SECTION>_<KEY>` variables) can set.
public struct SpindleConfig: Sendable, Equatable {
    public struct DiscogsSection: Sendable, Equatable {
        public var username: String?
        /// A file holding the personal access token; `DISCOGS_TOKEN` takes precedence.
        public var tokenFile: String?
        public var baseURL = URL(string: "https://api.discogs.com")!
        public var userAgent = SpindleIdentity.userAgent
        public var rateWindowSeconds = 60.0
        public var perPage = 100
        public var releaseTTLDays = 90
        public var timeoutSeconds = 30.0
        public var maxRetries = 5
        public var retryBaseSeconds = 2.0
    }

    public struct DatabaseSection: Sendable, Equatable {
        public var path = "spindle.sqlite"
    }

    public struct SyncSection: Sendable, Equatable {
        public var releaseBatchSize = 50
        public var sessionTimeoutMinutes = 30.0
    }

    public var discogs = DiscogsSection()
    public var database = DatabaseSection()
    public var sync = SyncSection()
    /// The folder relative paths are resolved against: the config file's, else the working directory.
    public var baseDirectory: URL

    public init(baseDirectory: URL) { self.baseDirectory = baseDirectory }

    public var databasePath: String { resolve(database.path) }
    public var tokenFilePath: String? { discogs.tokenFile.map(resolve) }

    func resolve(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : baseDirectory.appendingPathComponent(expanded).standardized.path
    }

    public var syncSettings: SyncSettings {
        SyncSettings(
            baseURL: discogs.baseURL, userAgent: discogs.userAgent, username: discogs.username,
            perPage: discogs.perPage, releaseTTLDays: discogs.releaseTTLDays,
            rateWindowSeconds: discogs.rateWindowSeconds, timeoutSeconds: discogs.timeoutSeconds,
            maxRetries: discogs.maxRetries, retryBaseSeconds: discogs.retryBaseSeconds,
            releaseBatchSize: sync.releaseBatchSize, sessionTimeoutSeconds: sync.sessionTimeoutMinutes * 60)
    }
}
