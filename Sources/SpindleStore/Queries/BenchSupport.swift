import Foundation

/// Reads and writes `spindle-bench` needs to set up its scenes (not used by spindle itself).
extension StoreTransaction {
    public func benchReleaseIDs() throws -> [Int] {
        try values(Int.self, "SELECT id FROM releases ORDER BY id")
    }

    /// Gives `count` copies a different rating (every 7th copy, rotating its stars).
    public func benchChangeRatings(accountID: Int64, count: Int) throws {
        try execute(
            """
            UPDATE collection_items SET rating = (rating + 2) % 6
            WHERE rowid IN (SELECT rowid FROM collection_items WHERE account_id = ? ORDER BY instance_id LIMIT ?)
            """, [accountID, count])
    }
}
