import Foundation
import GRDB

/// A collection item with what a person needs to recognise it, for `spindle export`.
public struct CollectionExportRow: Sendable, Equatable {
    public var instanceID: Int
    public var releaseID: Int
    public var folderID: Int
    public var folderName: String?
    public var rating: Int
    public var dateAdded: String?
    /// Field name → value, in the account's field order.
    public var notes: [(name: String, value: String)]
    public var title: String?
    public var artists: [String]
    public var year: Int?
    public var removedAt: Date?

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.instanceID == rhs.instanceID && lhs.releaseID == rhs.releaseID && lhs.folderID == rhs.folderID
            && lhs.folderName == rhs.folderName && lhs.rating == rhs.rating && lhs.dateAdded == rhs.dateAdded
            && lhs.notes.elementsEqual(rhs.notes) { $0 == $1 } && lhs.title == rhs.title
            && lhs.artists == rhs.artists && lhs.year == rhs.year && lhs.removedAt == rhs.removedAt
    }
}

public struct WantExportRow: Sendable, Equatable {
    public var releaseID: Int
    public var rating: Int
    public var notes: String
    public var dateAdded: String?
    public var title: String?
    public var artists: [String]
    public var year: Int?
    public var removedAt: Date?
}

extension StoreTransaction {
    /// Items ordered by date added, then instance id.
    public func collectionExport(accountID: Int64, includeRemoved: Bool) throws -> [CollectionExportRow] {
        let fields = try customFields(accountID: accountID)
        let rows = try rows(
            """
            SELECT i.instance_id, i.release_id, i.folder_id, f.name AS folder_name, i.rating, i.date_added,
                   i.notes_json, i.removed_at, r.title, r.year
            FROM collection_items i
            LEFT JOIN folders f ON f.account_id = i.account_id AND f.folder_id = i.folder_id
            LEFT JOIN releases r ON r.id = i.release_id
            WHERE i.account_id = ? AND (i.is_active = 1 OR ?)
            ORDER BY i.added_at, i.instance_id
            """,
            [accountID, includeRemoved])
        let artists = try mainArtistNames(
            sql: "SELECT DISTINCT release_id FROM collection_items WHERE account_id = ?", accountID: accountID)
        return rows.map { row in
            let notes = JSONColumn.decode([Int: String].self, row["notes_json"]) ?? [:]
            let named = fields.compactMap { field in notes[field.id].map { (name: field.name, value: $0) } }
            let unnamed = notes.keys.filter { id in !fields.contains { $0.id == id } }.sorted().map {
                (name: "field \($0)", value: notes[$0]!)
            }
            return CollectionExportRow(
                instanceID: row["instance_id"], releaseID: row["release_id"], folderID: row["folder_id"],
                folderName: row["folder_name"], rating: row["rating"], dateAdded: row["date_added"],
                notes: named + unnamed, title: row["title"], artists: artists[row["release_id"], default: []],
                year: row["year"], removedAt: row["removed_at"])
        }
    }

    /// Wants ordered by date added, then release id.
    public func wantlistExport(accountID: Int64, includeRemoved: Bool) throws -> [WantExportRow] {
        let rows = try rows(
            """
            SELECT w.release_id, w.rating, w.notes, w.date_added, w.removed_at, r.title, r.year
            FROM wants w LEFT JOIN releases r ON r.id = w.release_id
            WHERE w.account_id = ? AND (w.is_active = 1 OR ?)
            ORDER BY w.added_at, w.release_id
            """,
            [accountID, includeRemoved])
        let artists = try mainArtistNames(
            sql: "SELECT release_id FROM wants WHERE account_id = ?", accountID: accountID)
        return rows.map { row in
            WantExportRow(
                releaseID: row["release_id"], rating: row["rating"], notes: row["notes"], dateAdded: row["date_added"],
                title: row["title"], artists: artists[row["release_id"], default: []], year: row["year"],
                removedAt: row["removed_at"])
        }
    }

    /// Main artist names per release, in credit order, for the releases `sql` selects.
    private func mainArtistNames(sql releaseIDs: String, accountID: Int64) throws -> [Int: [String]] {
        var names: [Int: [String]] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT release_id, name FROM release_artists
                WHERE credit = 'main' AND release_id IN (\(releaseIDs))
                ORDER BY release_id, seq
                """,
            arguments: [accountID])
        while let row = try rows.next() {
            names[row["release_id"], default: []].append(row["name"])
        }
        return names
    }
}
