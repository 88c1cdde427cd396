import Discogs
import Foundation
import GRDB

extension StoreTransaction {
    /// Stores the account's folders as listed now; folders no longer listed are kept but marked
    /// inactive, because items and history still point at them.
    public func replaceFolders(accountID: Int64, with folders: [Folder]) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO folders (account_id, folder_id, name, item_count, is_active) VALUES (?, ?, ?, ?, 1)
                ON CONFLICT (account_id, folder_id) DO UPDATE SET
                    name = excluded.name, item_count = excluded.item_count, is_active = 1
                WHERE name IS NOT excluded.name OR item_count IS NOT excluded.item_count OR is_active = 0
                """)
        for folder in folders {
            try upsert.execute(arguments: [accountID, folder.id, folder.name, folder.count])
        }
        let listed = folders.map(\.id)
        try execute(
            """
            UPDATE folders SET is_active = 0
            WHERE account_id = ? AND is_active = 1 AND folder_id NOT IN (SELECT value FROM json_each(?))
            """,
            [accountID, JSONColumn.text(listed)])
    }

    /// Adds one folder if the account does not have it yet (CSV imports name folders only).
    public func ensureFolder(accountID: Int64, folder: Folder) throws {
        try execute(
            """
            INSERT INTO folders (account_id, folder_id, name, item_count) VALUES (?, ?, ?, ?)
            ON CONFLICT (account_id, folder_id) DO NOTHING
            """,
            [accountID, folder.id, folder.name, folder.count])
    }

    /// Active folders, "All" (0) first.
    public func folders(accountID: Int64, includeInactive: Bool = false) throws -> [Folder] {
        try rows(
            """
            SELECT folder_id, name, item_count FROM folders
            WHERE account_id = ? AND (is_active = 1 OR ?) ORDER BY folder_id
            """,
            [accountID, includeInactive]
        ).map { Folder(id: $0["folder_id"], name: $0["name"], count: $0["item_count"]) }
    }

    public func replaceCustomFields(accountID: Int64, with fields: [CustomField]) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO custom_fields (account_id, field_id, name, type, position, is_public, options_json, lines)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (account_id, field_id) DO UPDATE SET
                    name = excluded.name, type = excluded.type, position = excluded.position,
                    is_public = excluded.is_public, options_json = excluded.options_json, lines = excluded.lines
                WHERE name IS NOT excluded.name OR type IS NOT excluded.type OR position IS NOT excluded.position
                   OR is_public IS NOT excluded.is_public OR options_json IS NOT excluded.options_json
                   OR lines IS NOT excluded.lines
                """)
        for field in fields {
            try upsert.execute(arguments: [
                accountID, field.id, field.name, field.type, field.position, field.isPublic,
                JSONColumn.text(field.options), field.lines,
            ])
        }
    }

    /// Adds the three default fields if the account has none (CSV imports carry their values only).
    public func ensureDefaultCustomFields(accountID: Int64) throws {
        let count =
            try value(Int.self, "SELECT count(*) FROM custom_fields WHERE account_id = ?", [accountID]) ?? 0
        if count == 0 { try replaceCustomFields(accountID: accountID, with: CustomField.defaults) }
    }

    public func customFields(accountID: Int64) throws -> [CustomField] {
        try rows(
            """
            SELECT field_id, name, type, position, is_public, options_json, lines
            FROM custom_fields WHERE account_id = ? ORDER BY position, field_id
            """,
            [accountID]
        ).map { row in
            CustomField(
                id: row["field_id"], name: row["name"], type: row["type"], position: row["position"],
                isPublic: row["is_public"], options: JSONColumn.decode([String].self, row["options_json"]) ?? [],
                lines: row["lines"])
        }
    }
}
