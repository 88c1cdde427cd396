extension Migrations {
    /// Smart lists: their definitions, their members as of the last rebuild, who joined and left
    /// when, and an audit row per rebuild of a base's lists. Fan-out children ("one list per
    /// style") are lists of their own with a parent and the value they stand for.
    static let smartLists = """
        CREATE TABLE smart_lists (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            slug TEXT NOT NULL,
            base TEXT NOT NULL,                    -- collection, folder:ID, wantlist, inventory
            definition TEXT NOT NULL,              -- ListDefinition as JSON
            query TEXT,                            -- the one-line form it was written in
            origin TEXT NOT NULL DEFAULT 'cli' CHECK (origin IN ('config', 'cli', 'api', 'fan_out')),
            parent_id INTEGER REFERENCES smart_lists(id) ON DELETE CASCADE,
            fan_value TEXT,
            item_count INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            rebuilt_at TEXT,
            UNIQUE (account_id, name)
        );
        CREATE INDEX smart_lists_parent ON smart_lists(parent_id);

        -- item_id: an instance id (collection bases) or a release id (wantlist).
        CREATE TABLE smart_list_items (
            list_id INTEGER NOT NULL REFERENCES smart_lists(id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL,
            release_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (list_id, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX smart_list_items_release ON smart_list_items(release_id);

        CREATE TABLE list_sync_events (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            base TEXT NOT NULL,
            session_id INTEGER REFERENCES sync_sessions(id) ON DELETE SET NULL,
            lists_processed INTEGER NOT NULL DEFAULT 0,
            items_processed INTEGER NOT NULL DEFAULT 0,
            joined INTEGER NOT NULL DEFAULT 0,
            left_count INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
            started_at TEXT NOT NULL,
            completed_at TEXT,
            error TEXT
        );

        CREATE TABLE smart_list_events (
            id INTEGER PRIMARY KEY,
            list_id INTEGER NOT NULL REFERENCES smart_lists(id) ON DELETE CASCADE,
            rebuild_id INTEGER REFERENCES list_sync_events(id) ON DELETE SET NULL,
            item_id INTEGER NOT NULL,
            release_id INTEGER NOT NULL,
            event TEXT NOT NULL CHECK (event IN ('joined', 'left')),
            at TEXT NOT NULL
        );
        CREATE INDEX smart_list_events_list ON smart_list_events(list_id, at);
        """
}
