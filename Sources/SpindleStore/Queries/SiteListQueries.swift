import Foundation
import GRDB

// What the site shows of smart lists, read for the whole account at once: one query per kind
// (members, events), however many lists there are. The lists themselves come from
// `smartLists(accountID:)`.
extension StoreTransaction {
    /// The members of every list of the account, by list, each in its `position` order.
    ///
    /// ```swift
    /// let members = try store.read { try $0.siteListItems(accountID: account.id) }
    /// let first = members[list.id]?.first?.releaseID
    /// ```
    public func siteListItems(accountID: Int64) throws -> [Int64: [SmartListItem]] {
        var items: [Int64: [SmartListItem]] = [:]
        let cursor = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT i.list_id, i.item_id, i.release_id, i.position, i.pinned
                    FROM smart_list_items i JOIN smart_lists l ON l.id = i.list_id
                    WHERE l.account_id = ? ORDER BY i.list_id, i.position, i.item_id
                    """), arguments: [accountID])
        while let row = try cursor.next() {
            items[row["list_id"], default: []].append(
                SmartListItem(
                    itemID: row["item_id"], releaseID: row["release_id"], position: row["position"],
                    pinned: row["pinned"]))
        }
        return items
    }

    /// The newest events of every list of the account, by list, newest first: at most `perKind`
    /// joins and `perKind` departures per list (so the newest `perKind` events of a list, of
    /// either kind, are always among them).
    ///
    /// ```swift
    /// let events = try store.read { try $0.siteListEvents(accountID: account.id, perKind: 50) }
    /// let joined = events[list.id, default: []].filter(\.joined)
    /// ```
    public func siteListEvents(accountID: Int64, perKind: Int) throws -> [Int64: [SmartListEvent]] {
        var events: [Int64: [SmartListEvent]] = [:]
        let cursor = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT list_id, item_id, release_id, event, at, rebuild_id FROM (
                        SELECT e.*, row_number() OVER (PARTITION BY e.list_id, e.event ORDER BY e.at DESC, e.id DESC) AS n
                        FROM smart_list_events e JOIN smart_lists l ON l.id = e.list_id WHERE l.account_id = ?
                    )
                    WHERE n <= ? ORDER BY list_id, at DESC, id DESC
                    """), arguments: [accountID, perKind])
        while let row = try cursor.next() {
            events[row["list_id"], default: []].append(
                SmartListEvent(
                    listID: row["list_id"], itemID: row["item_id"], releaseID: row["release_id"],
                    joined: row["event"] == "joined", at: row["at"], rebuildID: row["rebuild_id"]))
        }
        return events
    }
}
