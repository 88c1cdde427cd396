import Discogs
import Foundation
import SpindleSite
import SpindleStore
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

    public struct SiteSection: Sendable, Equatable {
        public var title = "My records"
        public var description = ""
        public var baseURL = ""
        public var out = "site"
        public var itemsPerPage = 48
        public var publishFields = ["Media Condition", "Sleeve Condition"]
        public var showRatings = false
        public var themeDir: String?
        public var templatesDir = "templates"
        public var publicDir = "public"
        public var contentDir = "content"
    }

    public struct ServerSection: Sendable, Equatable {
        /// The Unix socket `spindle serve` listens on (unless --listen or an inherited socket).
        public var socket = "spindle.sock"
        /// A file with the site secret; created with a random secret when missing.
        public var secretFile = "site-secret"
        public var trustRemoteUser = false
        public var publicStatus = true
        public var leaseSeconds = 60.0
        public var proxyIdleMinutes = 5.0
        public var maxBodyBytes = 8 * 1024 * 1024
        /// Rebuild the site in the background after every sync.
        public var rebuildSite = true
    }

    /// The monthly data dumps (`spindle dumps`).
    public struct DumpsSection: Sendable, Equatable {
        /// Where the files are: `{base_url}data/{YYYY}/discogs_…`, listed at `{base_url}?prefix=data/{YYYY}/`.
        public var baseURL = "https://discogs-data-dumps.s3.us-west-2.amazonaws.com/"
        public var dir = "dumps"
        /// Months of downloaded files kept after a successful import (the newest ones).
        public var keepMonths = 1
        /// `HH:MM` (UTC) for `spindle serve` to check for a new month each day, or `off`.
        public var schedule = "off"
        /// Waits between download attempts of a month, in minutes (the first is usually 0).
        public var retryMinutes: [Double] = [0, 5, 25, 75, 375]
    }

    public var discogs = DiscogsSection()
    public var database = DatabaseSection()
    public var sync = SyncSection()
    public var site = SiteSection()
    public var server = ServerSection()
    public var dumps = DumpsSection()
    public var cache = CacheSection()
    public var inventory = InventorySection()

    /// The marketplace inventory (`spindle sync --inventory`).
    public struct InventorySection: Sendable, Equatable {
        /// `export` (one CSV of the whole inventory; pages when it fails) or `pages`.
        public var method = "export"
    }

    /// The metadata cache of enrichment lookups (masters a rule needs, …): how long each kind
    /// stays fresh, and a version whose change forgets everything cached.
    public struct CacheSection: Sendable, Equatable {
        public var version = 1
        public var releaseHours = 24.0
        public var masterDays = 7.0
        public var artistDays = 7.0
        public var labelDays = 7.0

        public var policy: MetadataCachePolicy {
            MetadataCachePolicy(
                version: version,
                ttl: [
                    .release: releaseHours * 3600, .master: masterDays * 86_400, .artist: artistDays * 86_400,
                    .label: labelDays * 86_400,
                ])
        }
    }
    /// Smart lists defined in the file (`[[lists]]`), in the file's order.
    public var lists: [ConfiguredList] = []
    /// The folder relative paths are resolved against: the config file's, else the working directory.
    public var baseDirectory: URL

    public init(baseDirectory: URL) { self.baseDirectory = baseDirectory }

    public var databasePath: String { resolve(database.path) }
    public var dumpsDirectory: String { resolve(dumps.dir) }
    public var tokenFilePath: String? { discogs.tokenFile.map(resolve) }

    func resolve(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : baseDirectory.appendingPathComponent(expanded).standardized.path
    }

    public var syncSettings: SyncSettings {
        var settings = SyncSettings(
            baseURL: discogs.baseURL, userAgent: discogs.userAgent, username: discogs.username,
            perPage: discogs.perPage, releaseTTLDays: discogs.releaseTTLDays,
            rateWindowSeconds: discogs.rateWindowSeconds, timeoutSeconds: discogs.timeoutSeconds,
            maxRetries: discogs.maxRetries, retryBaseSeconds: discogs.retryBaseSeconds,
            releaseBatchSize: sync.releaseBatchSize, sessionTimeoutSeconds: sync.sessionTimeoutMinutes * 60,
            proxyIdleSeconds: server.proxyIdleMinutes * 60)
        settings.metadataCache = cache.policy
        settings.inventoryMethod = inventory.method == "pages" ? .pages : .export
        return settings
    }

    /// The site settings, with paths resolved against the configuration's folder. The user's own
    /// templates, assets and content folders count only when they exist.
    public func siteSettings(output: String? = nil, full: Bool = false, drafts: Bool = false) -> SiteSettings {
        var settings = SiteSettings(output: URL(fileURLWithPath: output.map(resolve) ?? resolve(site.out)))
        settings.title = site.title
        settings.description = site.description
        settings.baseURL = site.baseURL
        settings.itemsPerPage = site.itemsPerPage
        settings.publishFields = site.publishFields
        settings.showRatings = site.showRatings
        settings.themeDirectory = site.themeDir.map { URL(fileURLWithPath: resolve($0)) }
        func existing(_ path: String) -> URL? {
            let url = URL(fileURLWithPath: resolve(path))
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        settings.templatesDirectory = existing(site.templatesDir)
        settings.publicDirectory = existing(site.publicDir)
        settings.contentDirectory = existing(site.contentDir)
        settings.full = full
        settings.drafts = drafts
        return settings
    }
}
