import Foundation
import GRDB

/// A smart list as stored: its definition, and what its last rebuild left in it.
public struct SmartList: Sendable, Equatable {
    public enum Origin: String, Sendable, Codable {
        /// `[[lists]]` in spindle.toml (re-read on every start).
        case config
        case cli
        case api
        /// A child of a fan-out list, made and removed by rebuilds.
        case fanOut = "fan_out"
    }

    public var id: Int64
    public var accountID: Int64
    public var name: String
    public var slug: String
    public var definition: ListDefinition
    public var query: String?
    public var origin: Origin
    public var parentID: Int64?
    public var fanValue: String?
    public var itemCount: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var rebuiltAt: Date?

    init(row: Row) throws {
        id = row["id"]
        accountID = row["account_id"]
        name = row["name"]
        slug = row["slug"]
        let text: String = row["definition"]
        do {
            definition = try JSONDecoder().decode(ListDefinition.self, from: Data(text.utf8))
        } catch {
            throw StoreError.invalidData("smart list \(name): \(error)")
        }
        query = row["query"]
        origin = Origin(rawValue: row["origin"]) ?? .cli
        parentID = row["parent_id"]
        fanValue = row["fan_value"]
        itemCount = row["item_count"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
        rebuiltAt = row["rebuilt_at"]
    }
}

/// A member of a list after its last rebuild.
public struct SmartListItem: Sendable, Equatable {
    /// The instance id (collection bases) or the release id (wantlist).
    public var itemID: Int
    public var releaseID: Int
    public var position: Int
    public var pinned: Bool

    public init(itemID: Int, releaseID: Int, position: Int, pinned: Bool) {
        self.itemID = itemID
        self.releaseID = releaseID
        self.position = position
        self.pinned = pinned
    }
}

/// Someone joining or leaving a list, at a rebuild.
public struct SmartListEvent: Sendable, Equatable {
    public var listID: Int64
    public var itemID: Int
    public var releaseID: Int
    public var joined: Bool
    public var at: Date
    public var rebuildID: Int64?
}

/// One rebuild of a base's lists (the audit row of `list_sync_events`).
public struct ListRebuild: Sendable, Equatable {
    public var id: Int64
    public var base: String
    public var sessionID: Int64?
    public var listsProcessed: Int
    public var itemsProcessed: Int
    public var joined: Int
    public var left: Int
    public var status: String
    public var startedAt: Date
    public var completedAt: Date?
    public var error: String?

    init(row: Row) {
        id = row["id"]
        base = row["base"]
        sessionID = row["session_id"]
        listsProcessed = row["lists_processed"]
        itemsProcessed = row["items_processed"]
        joined = row["joined"]
        left = row["left_count"]
        status = row["status"]
        startedAt = row["started_at"]
        completedAt = row["completed_at"]
        error = row["error"]
    }
}

/// Why a list cannot be changed right now.
public struct ListLocked: Error, Sendable, CustomStringConvertible {
    public var listName: String
    public var sessionID: Int64

    public var description: String {
        "the list \(listName) is being rebuilt by sync \(sessionID), which is running; try again when it ends"
    }
}

extension StoreTransaction {
    /// The account's lists (fan-out children after their parent), by name.
    public func smartLists(accountID: Int64) throws -> [SmartList] {
        try rows(
            "SELECT * FROM smart_lists WHERE account_id = ? ORDER BY coalesce(parent_id, id), parent_id IS NOT NULL, name",
            [accountID]
        )
        .map(SmartList.init(row:))
    }

    public func smartList(accountID: Int64, name: String) throws -> SmartList? {
        try row("SELECT * FROM smart_lists WHERE account_id = ? AND name = ?", [accountID, name]).map(
            SmartList.init(row:))
    }

    public func smartList(id: Int64) throws -> SmartList? {
        try row("SELECT * FROM smart_lists WHERE id = ?", [id]).map(SmartList.init(row:))
    }

    /// The running sync whose end will rebuild lists of `base`, if any: while it runs, those
    /// lists are not to be changed. The lock is the session itself, so it ends with it (done,
    /// failed, cancelled, or failed by the supervisor after a timeout or at start-up): no lock
    /// row can be left behind.
    public func syncLocking(accountID: Int64, base: ListBase) throws -> SyncSession? {
        let kind: SyncKind? =
            switch base {
            case .collection, .folder: .collection
            case .wantlist: .wantlist
            case .inventory: nil
            }
        guard let kind else { return nil }
        return try rows(
            "SELECT * FROM sync_sessions WHERE status IN ('initiated', 'in_progress') AND (account_id = ? OR account_id IS NULL) ORDER BY id",
            [accountID]
        ).map(SyncSession.init(row:)).first { $0.kinds.contains(kind) }
    }

    /// Creates or replaces the list called `name`. Refused while a sync of its base (old or
    /// new) is running.
    @discardableResult
    public func saveSmartList(
        accountID: Int64, name: String, slug: String, definition: ListDefinition, query: String?,
        origin: SmartList.Origin, now: Date
    ) throws -> SmartList {
        let existing = try smartList(accountID: accountID, name: name)
        for base in Set([definition.base] + (existing.map { [$0.definition.base] } ?? [])) {
            if let session = try syncLocking(accountID: accountID, base: base) {
                throw ListLocked(listName: name, sessionID: session.id)
            }
        }
        let json = String(decoding: try JSONEncoder.sortedKeys.encode(definition), as: UTF8.self)
        if let existing {
            try execute(
                """
                UPDATE smart_lists SET slug = ?, base = ?, definition = ?, query = ?, origin = ?, updated_at = ?
                WHERE id = ?
                """, [slug, definition.base.description, json, query, origin.rawValue, now, existing.id])
        } else {
            try execute(
                """
                INSERT INTO smart_lists (account_id, name, slug, base, definition, query, origin, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [accountID, name, slug, definition.base.description, json, query, origin.rawValue, now, now])
        }
        return try smartList(accountID: accountID, name: name)!
    }

    /// Deletes a list (and its fan-out children, members and history). Refused while a sync of its base runs.
    public func deleteSmartList(accountID: Int64, name: String) throws -> Bool {
        guard let list = try smartList(accountID: accountID, name: name) else { return false }
        if let session = try syncLocking(accountID: accountID, base: list.definition.base) {
            throw ListLocked(listName: name, sessionID: session.id)
        }
        try execute("DELETE FROM smart_lists WHERE id = ?", [list.id])
        return true
    }

    public func smartListItems(listID: Int64) throws -> [SmartListItem] {
        try rows("SELECT * FROM smart_list_items WHERE list_id = ? ORDER BY position", [listID]).map {
            SmartListItem(
                itemID: $0["item_id"], releaseID: $0["release_id"], position: $0["position"], pinned: $0["pinned"])
        }
    }

    /// The list's joined/left history, newest first.
    public func smartListEvents(listID: Int64, limit: Int = 500) throws -> [SmartListEvent] {
        try rows(
            "SELECT * FROM smart_list_events WHERE list_id = ? ORDER BY at DESC, id DESC LIMIT ?", [listID, limit]
        ).map {
            SmartListEvent(
                listID: $0["list_id"], itemID: $0["item_id"], releaseID: $0["release_id"],
                joined: $0["event"] == "joined",
                at: $0["at"], rebuildID: $0["rebuild_id"])
        }
    }

    /// The lists each release of the account belongs to (for "in these lists" on release pages).
    public func smartListMemberships(accountID: Int64) throws -> [Int: [Int64]] {
        var result: [Int: [Int64]] = [:]
        for row in try rows(
            """
            SELECT DISTINCT i.release_id, i.list_id FROM smart_list_items i JOIN smart_lists l ON l.id = i.list_id
            WHERE l.account_id = ? ORDER BY i.list_id
            """, [accountID])
        {
            result[row["release_id"], default: []].append(row["list_id"])
        }
        return result
    }

    public func listRebuilds(accountID: Int64, limit: Int = 50) throws -> [ListRebuild] {
        try rows("SELECT * FROM list_sync_events WHERE account_id = ? ORDER BY id DESC LIMIT ?", [accountID, limit])
            .map(ListRebuild.init(row:))
    }
}

extension JSONEncoder {
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
