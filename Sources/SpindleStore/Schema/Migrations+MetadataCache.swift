extension Migrations {
    /// Discogs answers kept for enrichment lookups the database has no table row for yet (a
    /// master's year for a rule on `master_year`): keyed by version, kind and id, each with the
    /// time it goes stale.
    static let metadataCache = """
        CREATE TABLE metadata_cache (
            key TEXT PRIMARY KEY,                  -- v1:master:90123
            kind TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            body TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX metadata_cache_kind ON metadata_cache(kind, entity_id);
        """
}
