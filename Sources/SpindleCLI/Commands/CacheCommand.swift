import ArgumentParser
import Foundation
import SpindleStore

/// `spindle cache`: the metadata cache of enrichment lookups (masters a `master_year` rule needs).
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or clear the metadata cache (Discogs answers kept for smart-list lookups).",
        discussion: """
            Entries stay fresh for [cache] release_hours / master_days / artist_days / label_days; a sync asks \
            Discogs again only for stale or missing ones. Changing [cache] version forgets everything at once.
            """,
        subcommands: [CacheStatsCommand.self, CacheClearCommand.self], defaultSubcommand: CacheStatsCommand.self)
}

struct CacheStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Entries per kind, and how many are fresh.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config)
        let stats = try store.read { try $0.metadataCacheStats(policy: config.cache.policy, now: Date()) }
        guard !stats.isEmpty else {
            print("the metadata cache is empty")
            return
        }
        for row in stats { print("\(row.kind): \(row.entries) entries, \(row.fresh) fresh") }
        let recent = try store.read { try $0.recentSessions(limit: 1) }.first
        if let recent, recent.stats[.cacheHits] + recent.stats[.cacheMisses] > 0 {
            let hits = recent.stats[.cacheHits]
            let misses = recent.stats[.cacheMisses]
            print("last sync (#\(recent.id)): \(hits) from the cache, \(misses) asked of Discogs")
        }
    }
}

struct CacheClearCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear", abstract: "Forget cached answers: all of them, one kind, or one object.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "release, master, artist or label.") var kind: String?
    @Option(help: "One object's Discogs id (with --kind).") var id: Int?

    func run() async throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config)
        var parsed: MetadataKind?
        if let kind {
            guard let value = MetadataKind(rawValue: kind.lowercased()) else {
                throw CLIError("--kind must be release, master, artist or label")
            }
            parsed = value
        }
        if id != nil, parsed == nil { throw CLIError("--id needs --kind") }
        let removed = try store.write { try $0.invalidateMetadata(kind: parsed, id: id) }
        print("forgot \(removed) cached \(removed == 1 ? "entry" : "entries")")
    }
}
