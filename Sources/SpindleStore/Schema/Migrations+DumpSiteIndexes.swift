extension Migrations {
    /// What the site reads from the dump tables beyond primary keys: an artist's masters, for
    /// "you own N of M masters" on artist pages (`siteMasterTallies`). Covering, so counting an
    /// artist's masters reads one index range and never the table.
    ///
    /// The dump loader drops secondary indexes before a fresh load and creates them again after
    /// it: this one must be in its list.
    static let dumpSiteIndexes = """
        CREATE INDEX IF NOT EXISTS master_artists_artist ON master_artists(artist_id, master_id);
        """
}
