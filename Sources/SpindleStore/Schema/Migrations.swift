import GRDB

/// The schema, as named, append-only migrations: a released migration is never edited; a change
/// is a new migration at the end.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: accountsAndCollection)
            try db.execute(sql: releases)
            try db.execute(sql: sync)
        }
        migrator.registerMigration("v2-site") { db in
            try db.execute(sql: site)
        }
        migrator.registerMigration("v3-proxy") { db in
            try db.execute(sql: proxy)
        }
        migrator.registerMigration("v4-listing-fingerprints") { db in
            try db.execute(sql: listingFingerprints)
        }
        migrator.registerMigration("v5-dumps") { db in
            try db.execute(sql: dumpCatalog)
            try db.execute(sql: dumpTracking)
        }
        migrator.registerMigration("v6-dump-site-indexes") { db in
            try db.execute(sql: dumpSiteIndexes)
        }
        migrator.registerMigration("v7-smart-lists") { db in
            try db.execute(sql: smartLists)
        }
        migrator.registerMigration("v8-metadata-cache") { db in
            try db.execute(sql: metadataCache)
        }
        migrator.registerMigration("v9-inventory") { db in
            try db.execute(sql: inventory)
        }
        migrator.registerMigration("v10-inventory-pages") { db in
            try db.execute(sql: inventoryPages)
        }
        return migrator
    }

    /// The collector's side: accounts, folders, notes fields, collection items, wants.
    /// Items and wants are never deleted by a sync: they are soft-deleted (`is_active = 0`,
    /// `removed_at`) and restored when they come back.
    static let accountsAndCollection = """
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            discogs_user_id INTEGER,
            created_at TEXT NOT NULL
        );

        CREATE TABLE folders (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            folder_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            item_count INTEGER,
            is_active INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (account_id, folder_id)
        ) WITHOUT ROWID;

        CREATE TABLE custom_fields (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            field_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            position INTEGER NOT NULL,
            is_public INTEGER NOT NULL DEFAULT 0,
            options_json TEXT NOT NULL DEFAULT '[]',
            lines INTEGER,
            PRIMARY KEY (account_id, field_id)
        ) WITHOUT ROWID;

        CREATE TABLE collection_items (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            instance_id INTEGER NOT NULL,
            release_id INTEGER NOT NULL,
            folder_id INTEGER NOT NULL,
            rating INTEGER NOT NULL DEFAULT 0,
            date_added TEXT,            -- as Discogs sent it, with its offset
            added_at TEXT,              -- the same instant in UTC, for sorting
            notes_json TEXT NOT NULL DEFAULT '{}',   -- {"field_id": "value"}
            content_hash TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'csv')),
            is_active INTEGER NOT NULL DEFAULT 1,
            removed_at TEXT,
            first_seen_session INTEGER,
            changed_session INTEGER,
            PRIMARY KEY (account_id, instance_id)
        );
        CREATE INDEX collection_items_release ON collection_items(release_id);
        CREATE INDEX collection_items_folder ON collection_items(account_id, folder_id, is_active);

        CREATE TABLE wants (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            release_id INTEGER NOT NULL,
            rating INTEGER NOT NULL DEFAULT 0,
            date_added TEXT,
            added_at TEXT,
            notes TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            is_active INTEGER NOT NULL DEFAULT 1,
            removed_at TEXT,
            first_seen_session INTEGER,
            changed_session INTEGER,
            PRIMARY KEY (account_id, release_id)
        );
        """

    /// The Discogs database side, shared by the API sync and the dump import: one row per release
    /// with a child table per list in the release JSON. `source` says where the row came from:
    /// `api` (GET /releases), `dump`, `basic_information` (a collection page's summary only) or
    /// `csv` (the website's collection export).
    static let releases = """
        CREATE TABLE releases (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            status TEXT,
            year INTEGER,
            country TEXT,
            released TEXT,
            released_formatted TEXT,
            notes TEXT,
            data_quality TEXT,
            master_id INTEGER,
            artists_sort TEXT,
            format_quantity INTEGER,
            discogs_date_added TEXT,
            discogs_date_changed TEXT,
            num_for_sale INTEGER,
            lowest_price REAL,
            community_have INTEGER,
            community_want INTEGER,
            rating_average REAL,
            rating_count INTEGER,
            thumb TEXT,
            cover_image TEXT,
            uri TEXT,
            estimated_weight INTEGER,
            blocked_from_sale INTEGER,
            source TEXT NOT NULL CHECK (source IN ('api', 'dump', 'basic_information', 'csv')),
            fetched_at TEXT NOT NULL,
            basic_hash TEXT,            -- hash of the basic_information last seen on a page
            content_hash TEXT NOT NULL
        );
        CREATE INDEX releases_master ON releases(master_id);

        CREATE TABLE release_artists (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            credit TEXT NOT NULL CHECK (credit IN ('main', 'extra')),
            seq INTEGER NOT NULL,
            artist_id INTEGER,
            name TEXT NOT NULL,
            anv TEXT,
            join_text TEXT,
            role TEXT,
            tracks TEXT,
            PRIMARY KEY (release_id, credit, seq)
        ) WITHOUT ROWID;
        CREATE INDEX release_artists_artist ON release_artists(artist_id);

        \(entityTable("release_labels"))
        CREATE INDEX release_labels_label ON release_labels(label_id);
        \(entityTable("release_series"))
        \(entityTable("release_companies"))

        CREATE TABLE release_formats (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            qty TEXT,
            text TEXT,
            PRIMARY KEY (release_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE release_format_descriptions (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            format_seq INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            description TEXT NOT NULL,
            PRIMARY KEY (release_id, format_seq, seq)
        ) WITHOUT ROWID;

        CREATE TABLE release_genres (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            genre TEXT NOT NULL,
            PRIMARY KEY (release_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX release_genres_genre ON release_genres(genre);

        CREATE TABLE release_styles (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            style TEXT NOT NULL,
            PRIMARY KEY (release_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX release_styles_style ON release_styles(style);

        -- Tracks and sub-tracks in one table: a sub-track points at its index track's seq.
        CREATE TABLE release_tracks (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            parent_seq INTEGER,
            position TEXT,
            type TEXT,
            title TEXT NOT NULL,
            duration TEXT,
            PRIMARY KEY (release_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE release_track_credits (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            track_seq INTEGER NOT NULL,
            credit TEXT NOT NULL CHECK (credit IN ('main', 'extra')),
            seq INTEGER NOT NULL,
            artist_id INTEGER,
            name TEXT NOT NULL,
            anv TEXT,
            join_text TEXT,
            role TEXT,
            tracks TEXT,
            PRIMARY KEY (release_id, track_seq, credit, seq)
        ) WITHOUT ROWID;

        CREATE TABLE release_identifiers (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            value TEXT NOT NULL,
            description TEXT,
            PRIMARY KEY (release_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE release_videos (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            uri TEXT NOT NULL,
            title TEXT,
            description TEXT,
            duration INTEGER,
            embed INTEGER,
            PRIMARY KEY (release_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE release_images (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            type TEXT,
            uri TEXT,
            uri150 TEXT,
            resource_url TEXT,
            width INTEGER,
            height INTEGER,
            PRIMARY KEY (release_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE masters (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            year INTEGER,
            main_release_id INTEGER,
            source TEXT NOT NULL CHECK (source IN ('api', 'dump')),
            fetched_at TEXT NOT NULL
        );
        """

    /// Labels, series and companies share one shape: an entity with a catalogue number and, for
    /// companies, the role in `entity_type_name` ("Pressed By", "Phonographic Copyright (p)").
    static func entityTable(_ name: String) -> String {
        """
        CREATE TABLE \(name) (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            label_id INTEGER,
            name TEXT NOT NULL,
            catno TEXT,
            entity_type TEXT,
            entity_type_name TEXT,
            PRIMARY KEY (release_id, seq)
        ) WITHOUT ROWID;
        """
    }

    /// The sync machinery: sessions, the request queue every executor drains, the walk of each
    /// listing (the resumable cursor), the release queue, and the record of what changed.
    static let sync = """
        CREATE TABLE sync_sessions (
            id INTEGER PRIMARY KEY,
            account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
            kinds TEXT NOT NULL,                   -- "collection,wantlist"
            folders_json TEXT,                     -- chosen folders; NULL means folder 0 (all)
            full INTEGER NOT NULL DEFAULT 0,
            mode TEXT NOT NULL CHECK (mode IN ('direct', 'proxy', 'csv')),
            status TEXT NOT NULL CHECK (status IN ('initiated', 'in_progress', 'paused', 'completed',
                'completed_with_errors', 'failed', 'cancelled')),
            phase TEXT,
            owner_pid INTEGER,
            owner_host TEXT,
            created_at TEXT NOT NULL,
            started_at TEXT,
            heartbeat_at TEXT,
            finished_at TEXT,
            error TEXT,
            stats_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX sync_sessions_status ON sync_sessions(status);

        -- One listing walked by a session (all folders, one folder, or the wantlist).
        CREATE TABLE sync_scopes (
            session_id INTEGER NOT NULL REFERENCES sync_sessions(id) ON DELETE CASCADE,
            scope TEXT NOT NULL,                   -- "folder:0", "folder:3", "wantlist"
            pages INTEGER,
            pages_completed INTEGER NOT NULL DEFAULT 0,
            pages_failed INTEGER NOT NULL DEFAULT 0,
            items_min INTEGER,                     -- smallest and largest item count the pages reported:
            items_max INTEGER,                     -- different means the listing moved during the walk
            state TEXT NOT NULL DEFAULT 'walking' CHECK (state IN ('walking', 'verifying', 'reconciled', 'skipped')),
            note TEXT,
            PRIMARY KEY (session_id, scope)
        ) WITHOUT ROWID;

        -- Keys (instance ids, want release ids) a session saw in a scope: the set difference
        -- against the stored rows gives removals without rewriting unchanged rows.
        CREATE TABLE sync_seen (
            session_id INTEGER NOT NULL REFERENCES sync_sessions(id) ON DELETE CASCADE,
            scope TEXT NOT NULL,
            key INTEGER NOT NULL,
            PRIMARY KEY (session_id, scope, key)
        ) WITHOUT ROWID;

        CREATE TABLE api_requests (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sync_sessions(id) ON DELETE CASCADE,
            purpose TEXT NOT NULL,
            method TEXT NOT NULL DEFAULT 'GET',
            url TEXT NOT NULL,
            scope TEXT,
            page INTEGER,
            subject_id INTEGER,
            priority INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'completed', 'failed', 'retrying')),
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before TEXT,
            lease_id TEXT,
            lease_expires_at TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            completed_at TEXT,
            response_status INTEGER,
            ratelimit_limit INTEGER,
            ratelimit_used INTEGER,
            ratelimit_remaining INTEGER,
            error TEXT,
            UNIQUE (session_id, url)
        );
        CREATE INDEX api_requests_next ON api_requests(session_id, status, priority, id);
        CREATE INDEX api_requests_sent ON api_requests(sent_at);

        -- What the API last said about the moving window, per API host.
        CREATE TABLE rate_limits (
            key TEXT PRIMARY KEY,
            limit_per_window INTEGER NOT NULL,
            used INTEGER,
            remaining INTEGER,
            window_seconds REAL NOT NULL,
            observed_at TEXT NOT NULL
        );

        -- Releases whose full data is wanted: unknown, stale, or changed. Deduplicated by id and
        -- shared by all sessions, so an interrupted sync's backlog is picked up by the next one.
        CREATE TABLE release_queue (
            release_id INTEGER PRIMARY KEY,
            reason TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'requested', 'failed', 'gone')),
            queued_at TEXT NOT NULL,
            queued_by_session INTEGER,
            basic_hash TEXT,                       -- the summary hash that asked for it, stored on success
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );

        CREATE TABLE sync_changes (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sync_sessions(id) ON DELETE CASCADE,
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            target TEXT NOT NULL CHECK (target IN ('collection', 'wantlist')),
            change TEXT NOT NULL CHECK (change IN ('added', 'removed', 'moved', 'rating', 'notes', 'restored')),
            instance_id INTEGER,
            release_id INTEGER NOT NULL,
            old_value TEXT,
            new_value TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX sync_changes_session ON sync_changes(session_id);
        """

    /// What the site generator wrote. The site is published from one of two build folders ("slots"
    /// a and b) while the other is brought up to date; each slot has its own page list with the
    /// fingerprint of what each page was rendered from, so a rebuild writes only what differs.
    static let site = """
        CREATE TABLE site_builds (
            id INTEGER PRIMARY KEY,
            slot TEXT NOT NULL,                    -- the build folder this build published
            output TEXT NOT NULL,                  -- the configured output path (a symlink to the slot)
            inputs TEXT,                           -- fingerprint of everything the site was made from
            started_at TEXT NOT NULL,
            finished_at TEXT,
            full INTEGER NOT NULL,
            pages INTEGER NOT NULL DEFAULT 0,
            written INTEGER NOT NULL DEFAULT 0,
            removed INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL DEFAULT 0
        );

        -- A slot being written is dirty: its files no longer match its page list.
        CREATE TABLE site_slots (
            slot TEXT PRIMARY KEY,
            output TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('clean', 'dirty'))
        ) WITHOUT ROWID;

        CREATE TABLE site_pages (
            slot TEXT NOT NULL,
            path TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            PRIMARY KEY (slot, path)
        ) WITHOUT ROWID;
        """

    /// Every lease a proxy client was given, kept after it is answered or expires: an answer is
    /// checked against it (unknown, expired, replayed, for another session or URL) before
    /// anything is stored.
    static let proxy = """
        CREATE TABLE proxy_leases (
            lease_id TEXT PRIMARY KEY,             -- random, unguessable; the client's "request_id"
            request_id INTEGER NOT NULL REFERENCES api_requests(id) ON DELETE CASCADE,
            session_id INTEGER NOT NULL REFERENCES sync_sessions(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            not_before TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            answered_at TEXT,
            outcome TEXT                           -- stored, retry, failed, fatal
        ) WITHOUT ROWID;
        CREATE INDEX proxy_leases_session ON proxy_leases(session_id, issued_at);
        """

    /// What a collection item looked like in the listing it was last read from (a hash of its
    /// bytes and the listing), and the summary hash of its release as that item gave it: an item
    /// that arrives byte for byte the same is known unchanged without decoding or rewriting it.
    static let listingFingerprints = """
        ALTER TABLE collection_items ADD COLUMN listing_hash TEXT;
        ALTER TABLE collection_items ADD COLUMN summary_hash TEXT;
        """
}
