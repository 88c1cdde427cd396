import Foundation

/// Every configuration key, with its type, its limits and where it goes: the one list that the
/// file parser, the environment overrides, the error messages and `spindle init` all read.
struct ConfigKey: Sendable {
    enum Kind: Sendable {
        case text
        case url
        /// A URL, or empty for none.
        case optionalURL
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        case flag
        /// A TOML array of strings; in the environment, comma-separated.
        case textList
        /// A TOML array of numbers; in the environment, comma-separated.
        case numberList(ClosedRange<Double>)
    }

    enum Value {
        case text(String)
        case integer(Int)
        case number(Double)
        case flag(Bool)
        case textList([String])
        case numberList([Double])
    }

    let section: String
    let name: String
    let kind: Kind
    let apply: @Sendable (inout SpindleConfig, Value) -> Void

    var path: String { "\(section).\(name)" }
    var environmentName: String { "SPINDLE_\(section.uppercased())_\(name.uppercased())" }

    /// What a valid value looks like, for error messages.
    var expectation: String {
        switch kind {
        case .text: "a string"
        case .url: "an http(s) URL"
        case .optionalURL: "an http(s) URL or \"\""
        case .flag: "true or false"
        case .textList: "a list of strings, e.g. [\"Media Condition\", \"Notes\"]"
        case .numberList(let range):
            "a list of numbers from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)), e.g. [0, 5, 25]"
        case .integer(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .number(let range): "a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))"
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static let all: [ConfigKey] = [
        text("discogs", "username") { $0.discogs.username = $1.isEmpty ? nil : $1 },
        text("discogs", "token_file") { $0.discogs.tokenFile = $1.isEmpty ? nil : $1 },
        ConfigKey(section: "discogs", name: "base_url", kind: .url) {
            if case .text(let text) = $1, let url = URL(string: text) { $0.discogs.baseURL = url }
        },
        text("discogs", "user_agent") { $0.discogs.userAgent = $1 },
        number("discogs", "rate_window_seconds", 0.05...3600) { $0.discogs.rateWindowSeconds = $1 },
        integer("discogs", "per_page", 1...100) { $0.discogs.perPage = $1 },
        integer("discogs", "release_ttl_days", 0...36_500) { $0.discogs.releaseTTLDays = $1 },
        number("discogs", "timeout_seconds", 0.1...600) { $0.discogs.timeoutSeconds = $1 },
        integer("discogs", "max_retries", 0...50) { $0.discogs.maxRetries = $1 },
        number("discogs", "retry_base_seconds", 0...600) { $0.discogs.retryBaseSeconds = $1 },
        text("database", "path") { $0.database.path = $1 },
        integer("sync", "release_batch_size", 1...1000) { $0.sync.releaseBatchSize = $1 },
        number("sync", "session_timeout_minutes", 0.1...10_080) { $0.sync.sessionTimeoutMinutes = $1 },
        text("site", "title") { $0.site.title = $1 },
        text("site", "description") { $0.site.description = $1 },
        ConfigKey(section: "site", name: "base_url", kind: .optionalURL) {
            if case .text(let text) = $1 { $0.site.baseURL = text }
        },
        text("site", "out") { $0.site.out = $1 },
        integer("site", "items_per_page", 1...1000) { $0.site.itemsPerPage = $1 },
        ConfigKey(section: "site", name: "publish_fields", kind: .textList) {
            if case .textList(let names) = $1 { $0.site.publishFields = names }
        },
        flag("site", "show_ratings") { $0.site.showRatings = $1 },
        text("site", "theme_dir") { $0.site.themeDir = $1.isEmpty ? nil : $1 },
        text("site", "templates_dir") { $0.site.templatesDir = $1 },
        text("site", "public_dir") { $0.site.publicDir = $1 },
        text("site", "content_dir") { $0.site.contentDir = $1 },
        text("server", "socket") { $0.server.socket = $1 },
        text("server", "secret_file") { $0.server.secretFile = $1 },
        flag("server", "trust_remote_user") { $0.server.trustRemoteUser = $1 },
        flag("server", "public_status") { $0.server.publicStatus = $1 },
        number("server", "lease_seconds", 5...3600) { $0.server.leaseSeconds = $1 },
        number("server", "proxy_idle_minutes", 0.05...1440) { $0.server.proxyIdleMinutes = $1 },
        integer("server", "max_body_bytes", 65_536...268_435_456) { $0.server.maxBodyBytes = $1 },
        flag("server", "rebuild_site") { $0.server.rebuildSite = $1 },
        ConfigKey(section: "dumps", name: "base_url", kind: .url) {
            if case .text(let text) = $1 { $0.dumps.baseURL = text.hasSuffix("/") ? text : text + "/" }
        },
        text("dumps", "dir") { $0.dumps.dir = $1 },
        integer("cache", "version", 1...1_000_000) { $0.cache.version = $1 },
        ConfigKey(section: "inventory", name: "method", kind: .text) {
            if case .text(let text) = $1 { $0.inventory.method = text.lowercased() == "pages" ? "pages" : "export" }
        },
        number("cache", "release_hours", 0...8760) { $0.cache.releaseHours = $1 },
        number("cache", "master_days", 0...3650) { $0.cache.masterDays = $1 },
        number("cache", "artist_days", 0...3650) { $0.cache.artistDays = $1 },
        number("cache", "label_days", 0...3650) { $0.cache.labelDays = $1 },
        integer("dumps", "keep_months", 0...120) { $0.dumps.keepMonths = $1 },
        ConfigKey(section: "dumps", name: "schedule", kind: .text) {
            if case .text(let text) = $1 { $0.dumps.schedule = text }
        },
        ConfigKey(section: "dumps", name: "retry_minutes", kind: .numberList(0...10_080)) {
            if case .numberList(let values) = $1 { $0.dumps.retryMinutes = values }
        },
    ]

    static var sections: Set<String> { Set(all.map(\.section)) }

    private static func text(
        _ section: String, _ name: String, _ set: @escaping @Sendable (inout SpindleConfig, String) -> Void
    )
        -> ConfigKey
    {
        ConfigKey(section: section, name: name, kind: .text) { if case .text(let value) = $1 { set(&$0, value) } }
    }

    private static func flag(
        _ section: String, _ name: String, _ set: @escaping @Sendable (inout SpindleConfig, Bool) -> Void
    ) -> ConfigKey {
        ConfigKey(section: section, name: name, kind: .flag) { if case .flag(let value) = $1 { set(&$0, value) } }
    }

    private static func integer(
        _ section: String, _ name: String, _ range: ClosedRange<Int>,
        _ set: @escaping @Sendable (inout SpindleConfig, Int) -> Void
    ) -> ConfigKey {
        ConfigKey(section: section, name: name, kind: .integer(range)) {
            if case .integer(let value) = $1 { set(&$0, value) }
        }
    }

    private static func number(
        _ section: String, _ name: String, _ range: ClosedRange<Double>,
        _ set: @escaping @Sendable (inout SpindleConfig, Double) -> Void
    ) -> ConfigKey {
        ConfigKey(section: section, name: name, kind: .number(range)) {
            if case .number(let value) = $1 { set(&$0, value) }
        }
    }
}
