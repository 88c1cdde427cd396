import Crypto
import Foundation
import GRDB

/// One copy in the collection, as the site shows it.
public struct SiteItem: Sendable, Equatable {
    public var instanceID: Int
    public var releaseID: Int
    public var folderID: Int
    public var rating: Int
    public var dateAdded: String?
    /// When it was added, for ordering (nil when Discogs gave no date).
    public var addedAt: Date?
    public var notes: [Int: String]
}

/// One wantlist entry, as the site shows it.
public struct SiteWant: Sendable, Equatable {
    public var releaseID: Int
    public var rating: Int
    public var dateAdded: String?
    public var addedAt: Date?
    public var notes: String
}

/// A finished or running session, with the changes it recorded.
public struct SiteSync: Sendable, Equatable {
    public var session: SyncSession
    public var requests: RequestCounts
    public var changes: [SyncChange]
}

/// The last published build.
public struct SiteBuildRecord: Sendable, Equatable {
    public var id: Int64
    public var slot: String
    public var output: String
    /// The fingerprint of everything the build was made from (see `siteDataFingerprint`).
    public var inputs: String?
}

extension StoreTransaction {
    /// Active items of the account, oldest first.
    public func siteItems(accountID: Int64) throws -> [SiteItem] {
        try rows(
            """
            SELECT instance_id, release_id, folder_id, rating, date_added, added_at, notes_json
            FROM collection_items WHERE account_id = ? AND is_active = 1 ORDER BY added_at, instance_id
            """, [accountID]
        ).map { row in
            SiteItem(
                instanceID: row["instance_id"], releaseID: row["release_id"], folderID: row["folder_id"],
                rating: row["rating"], dateAdded: row["date_added"], addedAt: row["added_at"],
                notes: JSONColumn.decode([Int: String].self, row["notes_json"]) ?? [:])
        }
    }

    /// Active wants of the account, oldest first.
    public func siteWants(accountID: Int64) throws -> [SiteWant] {
        try rows(
            """
            SELECT release_id, rating, date_added, added_at, notes FROM wants
            WHERE account_id = ? AND is_active = 1 ORDER BY added_at, release_id
            """, [accountID]
        ).map { row in
            SiteWant(
                releaseID: row["release_id"], rating: row["rating"], dateAdded: row["date_added"],
                addedAt: row["added_at"], notes: row["notes"])
        }
    }

    /// The account's sessions, newest first, with their request counts and changes: three
    /// queries, however many sessions there are (they are kept for ever).
    public func siteSyncs(accountID: Int64) throws -> [SiteSync] {
        let sessions = try rows(
            "SELECT * FROM sync_sessions WHERE account_id = ? ORDER BY id DESC", [accountID]
        ).map(SyncSession.init(row:))
        var requests: [Int64: RequestCounts] = [:]
        for row in try rows(
            """
            SELECT session_id, count(*) AS total, count(*) FILTER (WHERE status = 'completed') AS completed,
                   count(*) FILTER (WHERE status = 'failed') AS failed
            FROM api_requests WHERE session_id IN (SELECT id FROM sync_sessions WHERE account_id = ?)
            GROUP BY session_id
            """, [accountID])
        {
            requests[row["session_id"]] = RequestCounts(row: row)
        }
        let changes = Dictionary(
            grouping: try rows(
                "SELECT * FROM sync_changes WHERE account_id = ? ORDER BY session_id, id", [accountID]
            ).map(SyncChange.init(row:)), by: \.sessionID)
        return sessions.map { session in
            SiteSync(
                session: session, requests: requests[session.id] ?? RequestCounts(),
                changes: changes[session.id] ?? [])
        }
    }

    public func lastSiteBuild() throws -> SiteBuildRecord? {
        try row(
            "SELECT id, slot, output, inputs FROM site_builds WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1"
        )
        .map { SiteBuildRecord(id: $0["id"], slot: $0["slot"], output: $0["output"], inputs: $0["inputs"]) }
    }

    /// A fingerprint of everything of the account a site shows: copies, wants, the releases they
    /// point at, folders, notes fields, sessions and marketplace listings, and what the dumps say
    /// about the masters, artists and labels of those releases. It is made from the content hashes
    /// the rows already carry, in one pass per table, so "has anything changed since the last
    /// build?" costs milliseconds instead of planning the whole site.
    public func siteDataFingerprint(accountID: Int64) throws -> String {
        var hasher = SHA256()
        func add(_ sql: String, _ arguments: StatementArguments? = nil) throws {
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments ?? [accountID])
            while let row = try cursor.next() {
                for value in row.databaseValues { hasher.update(data: Data(value.description.utf8)) }
                hasher.update(data: [0x1E])
            }
            hasher.update(data: [0x1D])
        }
        try add(
            "SELECT instance_id, content_hash FROM collection_items WHERE account_id = ? AND is_active = 1 ORDER BY instance_id"
        )
        try add("SELECT release_id, content_hash FROM wants WHERE account_id = ? AND is_active = 1 ORDER BY release_id")
        try add(
            """
            SELECT r.id, r.content_hash, r.source FROM releases r
            WHERE r.id IN (SELECT release_id FROM collection_items WHERE account_id = ?1 AND is_active = 1
                           UNION SELECT release_id FROM wants WHERE account_id = ?1 AND is_active = 1)
            ORDER BY r.id
            """)
        try add("SELECT folder_id, name FROM folders WHERE account_id = ? ORDER BY folder_id")
        try add("SELECT field_id, name, position FROM custom_fields WHERE account_id = ? ORDER BY field_id")
        try add(
            """
            SELECT id, status, started_at, finished_at, error, stats_json,
                   (SELECT count(*) FROM sync_changes c WHERE c.session_id = s.id)
            FROM sync_sessions s WHERE account_id = ? ORDER BY id
            """)
        try addDumpInputs(add)
        try addListInputs(add)
        try addInventoryInputs(add)
        return ContentHash.hex(hasher.finalize().prefix(16))
    }

    /// The dump rows the site shows (see `CatalogQueries`): the masters of the collection's and
    /// wantlist's releases, the artists and labels of owned releases with how many masters each
    /// artist has, and every finished dump import (which also covers the names link markup refers
    /// to). All empty without dumps. A row's content hash stands for its child rows; a row written
    /// without one counts by its fetch time.
    private func addDumpInputs(_ add: (String, StatementArguments?) throws -> Void) throws {
        let owned = "SELECT release_id FROM collection_items WHERE account_id = ?1 AND is_active = 1"
        let inScope = "\(owned) UNION SELECT release_id FROM wants WHERE account_id = ?1 AND is_active = 1"
        let artists = "SELECT artist_id FROM release_artists WHERE credit = 'main' AND release_id IN (\(owned))"
        try add(
            """
            SELECT m.id, coalesce(m.content_hash, m.fetched_at), r.id, r.is_main_release
            FROM releases r JOIN masters m ON m.id = r.master_id
            WHERE r.id IN (\(inScope)) ORDER BY r.id
            """, nil)
        try add("SELECT id, coalesce(content_hash, fetched_at) FROM artists WHERE id IN (\(artists)) ORDER BY id", nil)
        try add(
            """
            SELECT id, coalesce(content_hash, fetched_at) FROM labels
            WHERE id IN (SELECT label_id FROM release_labels WHERE release_id IN (\(owned))) ORDER BY id
            """, nil)
        try add(
            """
            SELECT artist_id, count(DISTINCT master_id) FROM master_artists
            WHERE artist_id IN (\(artists)) AND artist_id NOT IN (\(SiteMasterTally.placeholderList))
            GROUP BY artist_id ORDER BY artist_id
            """, nil)
        try add("SELECT id, year_month, completed_at FROM dump_runs WHERE status = 'completed' ORDER BY id", [])
    }

    /// The smart lists the site shows: their definitions (not when they were last rebuilt, which
    /// changes with every sync and is not shown), their members in order, and their history (by
    /// count and newest row: events are only ever added, or deleted with their list).
    private func addListInputs(_ add: (String, StatementArguments?) throws -> Void) throws {
        try add(
            """
            SELECT id, name, slug, definition, query, origin, parent_id, fan_value, rebuilt_at IS NOT NULL
            FROM smart_lists WHERE account_id = ? ORDER BY id
            """, nil)
        try add(
            """
            SELECT i.list_id, i.item_id, i.release_id, i.position, i.pinned
            FROM smart_list_items i JOIN smart_lists l ON l.id = i.list_id
            WHERE l.account_id = ? ORDER BY i.list_id, i.position, i.item_id
            """, nil)
        try add(
            """
            SELECT e.list_id, count(*), max(e.id), max(e.at)
            FROM smart_list_events e JOIN smart_lists l ON l.id = e.list_id
            WHERE l.account_id = ? GROUP BY e.list_id ORDER BY e.list_id
            """, nil)
    }

    /// The pages a slot holds, by path, or nil when its files cannot be trusted to match (never
    /// written for this output, or a build died while writing it).
    public func sitePages(slot: String, output: String) throws -> [String: String]? {
        guard
            try value(String.self, "SELECT state FROM site_slots WHERE slot = ? AND output = ?", [slot, output])
                == "clean"
        else { return nil }
        var pages: [String: String] = [:]
        let cursor = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT path, fingerprint FROM site_pages WHERE slot = ?"), arguments: [slot])
        while let row = try cursor.next() { pages[row["path"]] = row["fingerprint"] }
        return pages
    }

    /// Marks a slot as being written (its files stop matching its page list until `recordSiteBuild`).
    public func markSiteSlotDirty(_ slot: String, output: String) throws {
        try setSiteSlot(slot, output: output, state: "dirty")
    }

    private func setSiteSlot(_ slot: String, output: String, state: String) throws {
        try execute(
            """
            INSERT INTO site_slots (slot, output, state) VALUES (?, ?, ?)
            ON CONFLICT (slot) DO UPDATE SET output = excluded.output, state = excluded.state
            """, [slot, output, state])
    }

    /// Gives `slot` the page list of `source` (after its files were hard-linked from there), or
    /// an empty one.
    public func seedSitePages(slot: String, from source: String?) throws {
        try execute("DELETE FROM site_pages WHERE slot = ?", [slot])
        if let source {
            try execute(
                "INSERT INTO site_pages (slot, path, fingerprint, bytes) SELECT ?, path, fingerprint, bytes FROM site_pages WHERE slot = ?",
                [slot, source])
        }
    }

    /// Records a published build: the slot's page list updated with what was written and removed,
    /// the slot clean again.
    public func recordSiteBuild(
        slot: String, output: String, inputs: String, startedAt: Date, finishedAt: Date, full: Bool, pages: Int,
        written: [(path: String, fingerprint: String, bytes: Int)], removed: [String]
    ) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO site_pages (slot, path, fingerprint, bytes) VALUES (?, ?, ?, ?)
                ON CONFLICT (slot, path) DO UPDATE SET fingerprint = excluded.fingerprint, bytes = excluded.bytes
                """)
        for page in written { try upsert.execute(arguments: [slot, page.path, page.fingerprint, page.bytes]) }
        let delete = try db.cachedStatement(sql: "DELETE FROM site_pages WHERE slot = ? AND path = ?")
        for path in removed { try delete.execute(arguments: [slot, path]) }
        let bytes = try value(Int.self, "SELECT coalesce(sum(bytes), 0) FROM site_pages WHERE slot = ?", [slot]) ?? 0
        try execute(
            """
            INSERT INTO site_builds (slot, output, inputs, started_at, finished_at, full, pages, written, removed, bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [slot, output, inputs, startedAt, finishedAt, full, pages, written.count, removed.count, bytes])
        try setSiteSlot(slot, output: output, state: "clean")
    }

    /// Notes that the published build is still right for new inputs (nothing it shows changed).
    public func updateSiteBuildInputs(_ id: Int64, inputs: String) throws {
        try execute("UPDATE site_builds SET inputs = ? WHERE id = ?", [inputs, id])
    }
}
