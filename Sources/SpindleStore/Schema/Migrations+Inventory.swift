extension Migrations {
    /// The seller's marketplace listings. Display fields are kept as Discogs gave them (a listing
    /// shows even before its release is known), links to the catalogue are filled when known.
    /// Listings gone from a complete snapshot are soft-deleted (`is_active = 0`, `removed_at`),
    /// so sales history survives; one that comes back is restored.
    static let inventory = """
        ALTER TABLE accounts ADD COLUMN currency TEXT;

        CREATE TABLE listings (
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            listing_id INTEGER NOT NULL,
            release_id INTEGER,
            status TEXT NOT NULL,
            price REAL,
            currency TEXT,
            condition TEXT,
            sleeve_condition TEXT,
            comments TEXT,
            location TEXT,
            quantity INTEGER,
            weight INTEGER,
            format_quantity INTEGER,
            external_id TEXT,
            accept_offer INTEGER,
            posted TEXT,                           -- as Discogs gave it
            posted_at TEXT,                        -- the same instant in UTC, for sorting
            artist TEXT,
            title TEXT,
            label TEXT,
            catno TEXT,
            format TEXT,
            artist_id INTEGER,                     -- filled by enrichment when the release is known
            label_id INTEGER,
            content_hash TEXT NOT NULL,
            is_active INTEGER NOT NULL DEFAULT 1,
            removed_at TEXT,
            first_seen_session INTEGER,
            changed_session INTEGER,
            PRIMARY KEY (account_id, listing_id)
        );
        CREATE INDEX listings_release ON listings(release_id);
        CREATE INDEX listings_active ON listings(account_id, is_active);
        """

    /// Pages of the inventory read one by one (the fallback when the export fails): kept until
    /// the last one is in, then applied as one complete snapshot, like the export's CSV.
    static let inventoryPages = """
        CREATE TABLE inventory_pages (
            session_id INTEGER NOT NULL REFERENCES sync_sessions(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            pages INTEGER NOT NULL,
            listings TEXT NOT NULL,                -- the page's listings, as JSON
            PRIMARY KEY (session_id, page)
        ) WITHOUT ROWID;
        """
}
