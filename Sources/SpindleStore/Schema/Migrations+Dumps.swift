extension Migrations {
    /// The rest of the Discogs database, as the monthly dumps carry it: artists, labels and
    /// masters with their lists, plus the dump month on every row a dump wrote (`source = 'dump'`).
    /// Releases already have their tables (shared with the API sync).
    ///
    /// Foreign keys are declared for deletes and for documentation; the dump loader switches
    /// their enforcement off, because dumps have references to rows that do not exist.
    static let dumpCatalog = """
        ALTER TABLE releases ADD COLUMN dump_month TEXT;
        ALTER TABLE releases ADD COLUMN is_main_release INTEGER;

        ALTER TABLE masters ADD COLUMN data_quality TEXT;
        ALTER TABLE masters ADD COLUMN notes TEXT;
        ALTER TABLE masters ADD COLUMN dump_month TEXT;
        ALTER TABLE masters ADD COLUMN content_hash TEXT;

        CREATE TABLE master_artists (
            master_id INTEGER NOT NULL REFERENCES masters(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            artist_id INTEGER,
            name TEXT,
            anv TEXT,
            join_text TEXT,
            role TEXT,
            tracks TEXT,
            PRIMARY KEY (master_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE master_genres (
            master_id INTEGER NOT NULL REFERENCES masters(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            genre TEXT NOT NULL,
            PRIMARY KEY (master_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE master_styles (
            master_id INTEGER NOT NULL REFERENCES masters(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            style TEXT NOT NULL,
            PRIMARY KEY (master_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE master_videos (
            master_id INTEGER NOT NULL REFERENCES masters(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            uri TEXT,
            title TEXT,
            description TEXT,
            duration INTEGER,
            embed INTEGER,
            PRIMARY KEY (master_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE artists (
            id INTEGER PRIMARY KEY,
            name TEXT,
            realname TEXT,
            profile TEXT,
            data_quality TEXT,
            source TEXT NOT NULL CHECK (source IN ('api', 'dump')),
            dump_month TEXT,
            fetched_at TEXT NOT NULL,
            content_hash TEXT
        );
        CREATE TABLE artist_urls (
            artist_id INTEGER NOT NULL REFERENCES artists(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            url TEXT NOT NULL,
            PRIMARY KEY (artist_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE artist_name_variations (
            artist_id INTEGER NOT NULL REFERENCES artists(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (artist_id, seq)
        ) WITHOUT ROWID;
        -- Aliases, groups and members: another artist by id (absent in 2017 aliases) and name.
        CREATE TABLE artist_relations (
            artist_id INTEGER NOT NULL REFERENCES artists(id) ON DELETE CASCADE,
            relation TEXT NOT NULL CHECK (relation IN ('alias', 'group', 'member')),
            seq INTEGER NOT NULL,
            other_id INTEGER,
            name TEXT,
            PRIMARY KEY (artist_id, relation, seq)
        ) WITHOUT ROWID;

        CREATE TABLE labels (
            id INTEGER PRIMARY KEY,
            name TEXT,                             -- missing on some 2025 records
            contact_info TEXT,
            profile TEXT,
            data_quality TEXT,
            parent_id INTEGER,
            parent_name TEXT,
            source TEXT NOT NULL CHECK (source IN ('api', 'dump')),
            dump_month TEXT,
            fetched_at TEXT NOT NULL,
            content_hash TEXT
        );
        CREATE TABLE label_urls (
            label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            url TEXT NOT NULL,
            PRIMARY KEY (label_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE label_sublabels (
            label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            sublabel_id INTEGER,                   -- absent in 2017 dumps
            name TEXT,
            PRIMARY KEY (label_id, seq)
        ) WITHOUT ROWID;

        -- Images of artists, labels and masters (dumps up to 2024: type and size, empty URIs).
        CREATE TABLE entity_images (
            entity TEXT NOT NULL CHECK (entity IN ('artist', 'label', 'master')),
            entity_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT,
            uri TEXT,
            uri150 TEXT,
            width INTEGER,
            height INTEGER,
            PRIMARY KEY (entity, entity_id, seq)
        ) WITHOUT ROWID;
        """

    /// One row per dump month and one per file of it: the state machine of `spindle dumps`, and
    /// where an interrupted download or import resumes.
    static let dumpTracking = """
        CREATE TABLE dump_runs (
            id INTEGER PRIMARY KEY,
            year_month TEXT NOT NULL UNIQUE,       -- 2020-08
            dump_date TEXT,                        -- 20200806: not always the 1st
            status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN
                ('not_started', 'downloading', 'ready_for_processing', 'processing', 'completed', 'failed')),
            retry_count INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            checksum_override INTEGER NOT NULL DEFAULT 0,   -- imported without a CHECKSUM, on request
            created_at TEXT NOT NULL,
            download_started_at TEXT,
            downloaded_at TEXT,
            processing_started_at TEXT,
            completed_at TEXT,
            failed_at TEXT,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE dump_files (
            run_id INTEGER NOT NULL REFERENCES dump_runs(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('labels', 'artists', 'masters', 'releases')),
            file_name TEXT NOT NULL,
            url TEXT,
            path TEXT,
            size_bytes INTEGER,
            downloaded_bytes INTEGER NOT NULL DEFAULT 0,
            download_seconds REAL,
            sha256_expected TEXT,
            sha256_actual TEXT,
            verified_at TEXT,
            import_status TEXT NOT NULL DEFAULT 'pending'
                CHECK (import_status IN ('pending', 'importing', 'imported', 'failed')),
            records_done INTEGER NOT NULL DEFAULT 0,    -- records read and committed: the resume point
            last_record_id INTEGER,
            records_written INTEGER NOT NULL DEFAULT 0,
            records_unchanged INTEGER NOT NULL DEFAULT 0,
            records_kept_newer INTEGER NOT NULL DEFAULT 0,   -- API rows newer than the dump
            rows_written INTEGER NOT NULL DEFAULT 0,
            bytes_read INTEGER NOT NULL DEFAULT 0,
            import_seconds REAL NOT NULL DEFAULT 0,
            unknown_elements TEXT NOT NULL DEFAULT '{}',     -- {"path/of/element": count}
            error TEXT,
            import_started_at TEXT,
            imported_at TEXT,
            PRIMARY KEY (run_id, kind)
        ) WITHOUT ROWID;
        """
}
