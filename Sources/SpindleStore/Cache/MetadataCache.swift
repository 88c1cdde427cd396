import Foundation
import GRDB

/// The kinds of Discogs objects the metadata cache keeps, with how long each stays fresh.
public enum MetadataKind: String, Sendable, CaseIterable, Codable {
    case release, master, artist, label
}

/// How long cached answers stay fresh, per kind, and the key version: bumping the version
/// makes every stored entry a miss at once (a change in what is cached, or how).
public struct MetadataCachePolicy: Sendable, Equatable {
    public var version: Int
    public var ttl: [MetadataKind: TimeInterval]

    public init(version: Int = 1, ttl: [MetadataKind: TimeInterval] = MetadataCachePolicy.defaultTTL) {
        self.version = version
        self.ttl = ttl
    }

    /// A release for a day; artists, labels and masters, which change less, for a week.
    public static let defaultTTL: [MetadataKind: TimeInterval] = [
        .release: 24 * 3600, .master: 7 * 86_400, .artist: 7 * 86_400, .label: 7 * 86_400,
    ]

    public func key(_ kind: MetadataKind, _ id: Int) -> String { "v\(version):\(kind.rawValue):\(id)" }
}

/// What the cache had for a lookup.
public enum MetadataLookup: Sendable, Equatable {
    case fresh(Data)
    /// Stored but stale, or stored under another key version.
    case stale
    case missing
}

/// Counts of the cache's entries, for `spindle cache stats`.
public struct MetadataCacheStats: Sendable, Equatable {
    public var kind: String
    public var entries: Int
    public var fresh: Int
}

extension StoreTransaction {
    public func cachedMetadata(
        _ kind: MetadataKind, id: Int, policy: MetadataCachePolicy, now: Date
    ) throws
        -> MetadataLookup
    {
        guard let row = try row("SELECT body, expires_at FROM metadata_cache WHERE key = ?", [policy.key(kind, id)])
        else {
            let older =
                try value(
                    Bool.self, "SELECT EXISTS (SELECT 1 FROM metadata_cache WHERE kind = ? AND entity_id = ?)",
                    [kind.rawValue, id]) ?? false
            return older ? .stale : .missing
        }
        let expires: Date = row["expires_at"]
        guard expires > now else { return .stale }
        return .fresh(Data((row["body"] as String).utf8))
    }

    public func storeMetadata(_ kind: MetadataKind, id: Int, body: Data, policy: MetadataCachePolicy, now: Date) throws
    {
        let ttl = policy.ttl[kind] ?? MetadataCachePolicy.defaultTTL[kind]!
        // One entry per object: an answer under an older key version is replaced.
        try execute("DELETE FROM metadata_cache WHERE kind = ? AND entity_id = ?", [kind.rawValue, id])
        try execute(
            "INSERT INTO metadata_cache (key, kind, entity_id, body, fetched_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                policy.key(kind, id), kind.rawValue, id, String(decoding: body, as: UTF8.self), now,
                now.addingTimeInterval(ttl),
            ])
    }

    /// Forgets cached answers (all, one kind, or one object). Returns how many.
    @discardableResult
    public func invalidateMetadata(kind: MetadataKind?, id: Int?) throws -> Int {
        try execute(
            "DELETE FROM metadata_cache WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR entity_id = ?)",
            [kind?.rawValue, kind?.rawValue, id, id])
        return db.changesCount
    }

    public func metadataCacheStats(policy: MetadataCachePolicy, now: Date) throws -> [MetadataCacheStats] {
        try rows(
            """
            SELECT kind, count(*) AS entries, sum(expires_at > ? AND key LIKE ?) AS fresh
            FROM metadata_cache GROUP BY kind ORDER BY kind
            """, [now, "v\(policy.version):%"]
        ).map { MetadataCacheStats(kind: $0["kind"], entries: $0["entries"], fresh: $0["fresh"] ?? 0) }
    }

    /// The masters the account's releases point at that no dump has brought (dump rows are the
    /// database's own; anything from the API lives by the cache's TTL), and whether a row for
    /// each is stored already.
    public func mastersNeeded(accountID: Int64) throws -> [(id: Int, stored: Bool)] {
        try rows(
            """
            SELECT DISTINCT r.master_id AS id, m.id IS NOT NULL AS stored FROM releases r
            LEFT JOIN masters m ON m.id = r.master_id
            WHERE r.master_id IS NOT NULL AND r.master_id > 0 AND coalesce(m.source, '') <> 'dump'
              AND r.id IN (SELECT release_id FROM collection_items WHERE account_id = ? AND is_active = 1
                           UNION SELECT release_id FROM wants WHERE account_id = ? AND is_active = 1)
            ORDER BY 1
            """, [accountID, accountID]
        ).map { ($0["id"], $0["stored"]) }
    }

    /// Whether any of the account's lists tests a field that needs master data.
    public func listsNeedMasters(accountID: Int64) throws -> Bool {
        try smartLists(accountID: accountID).contains { list in
            list.definition.rule.conditions.contains { $0.field.lowercased() == "master_year" }
                || list.definition.sort.contains { $0.field.lowercased() == "master_year" }
                || list.definition.fanOut?.lowercased() == "master_year"
        }
    }

    /// Stores a master as the API gives it (title, year, main release, genres and styles).
    /// A row from a dump is complete already and is left as it is.
    public func upsertMaster(
        id: Int, title: String, year: Int?, mainReleaseID: Int?, dataQuality: String?, genres: [String],
        styles: [String], now: Date
    ) throws {
        guard try value(String.self, "SELECT source FROM masters WHERE id = ?", [id]) != "dump" else { return }
        try execute(
            """
            INSERT INTO masters (id, title, year, main_release_id, data_quality, source, fetched_at)
            VALUES (?, ?, ?, ?, ?, 'api', ?)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, year = excluded.year,
                main_release_id = excluded.main_release_id, data_quality = excluded.data_quality,
                fetched_at = excluded.fetched_at
            """, [id, title, year, mainReleaseID, dataQuality, now])
        try execute("DELETE FROM master_genres WHERE master_id = ?", [id])
        try execute("DELETE FROM master_styles WHERE master_id = ?", [id])
        for (seq, genre) in genres.enumerated() {
            try execute("INSERT INTO master_genres (master_id, seq, genre) VALUES (?, ?, ?)", [id, seq, genre])
        }
        for (seq, style) in styles.enumerated() {
            try execute("INSERT INTO master_styles (master_id, seq, style) VALUES (?, ?, ?)", [id, seq, style])
        }
    }
}
