import Foundation
import GRDB
import SpindleStore

/// Smart lists written straight into the site's database, as a rebuild leaves them: the list row
/// (its definition as JSON), its members in order, and who joined and left when.
enum ListScenario {
    struct Member {
        var itemID: Int
        var releaseID: Int
        var pinned = false
    }

    /// `style is any of Hard Bop · rating is between 4 and 5 · format description is none of Reissue`.
    static let hardBop = ListRule.group(
        .all,
        [
            .condition(ListCondition(field: "style", op: .hasAny, value: .list([.text("Hard Bop")]))),
            .condition(ListCondition(field: "rating", op: .between, value: .list([.number(4), .number(5)]))),
            .group(
                .none,
                [.condition(ListCondition(field: "format_desc", op: .hasAny, value: .list([.text("Reissue")])))]),
        ])
    static let hardBopText =
        "style is any of Hard Bop · rating is between 4 and 5 · format description is none of Reissue"

    static let rebuilt = Date(timeIntervalSince1970: 1_780_000_000)

    /// Adds a list with its members (in the order given) and returns its id.
    @discardableResult
    static func add(
        in site: SiteHarness, name: String, slug: String, definition: ListDefinition, query: String? = nil,
        parent: Int64? = nil, fanValue: String? = nil, members: [Member]
    ) throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(definition), as: UTF8.self)
        let accountID = site.account.id
        let id = try write(in: site) { db -> Int64 in
            try db.execute(
                sql: """
                    INSERT INTO smart_lists (account_id, name, slug, base, definition, query, origin, parent_id,
                                             fan_value, item_count, created_at, updated_at, rebuilt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    accountID, name, slug, definition.base.description, json, query,
                    parent == nil ? "cli" : "fan_out", parent, fanValue, members.count, rebuilt, rebuilt, rebuilt,
                ])
            return db.lastInsertedRowID
        }
        try setMembers(in: site, list: id, members)
        return id
    }

    /// Replaces a list's members, as a rebuild does.
    static func setMembers(in site: SiteHarness, list: Int64, _ members: [Member]) throws {
        try write(in: site) { db in
            try db.execute(sql: "DELETE FROM smart_list_items WHERE list_id = ?", arguments: [list])
            for (position, member) in members.enumerated() {
                try db.execute(
                    sql:
                        "INSERT INTO smart_list_items (list_id, item_id, release_id, position, pinned) VALUES (?, ?, ?, ?, ?)",
                    arguments: [list, member.itemID, member.releaseID, position, member.pinned])
            }
            try db.execute(
                sql: "UPDATE smart_lists SET item_count = ? WHERE id = ?", arguments: [members.count, list])
        }
    }

    /// Records members joining (or leaving) a list at a moment.
    static func events(in site: SiteHarness, list: Int64, _ events: [(Member, joined: Bool, at: Date)]) throws {
        try write(in: site) { db in
            for (member, joined, at) in events {
                try db.execute(
                    sql:
                        "INSERT INTO smart_list_events (list_id, item_id, release_id, event, at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [list, member.itemID, member.releaseID, joined ? "joined" : "left", at])
            }
        }
    }

    static func delete(in site: SiteHarness, list: Int64) throws {
        try write(in: site) { try $0.execute(sql: "DELETE FROM smart_lists WHERE id = ?", arguments: [list]) }
    }

    /// Copies of releases the collection has one copy of, in the order they were added.
    static func singleCopies(_ site: SiteHarness) throws -> [Member] {
        let items = try site.store.read { try $0.siteItems(accountID: site.account.id) }
        let copies = Dictionary(grouping: items, by: \.releaseID)
        return items.filter { copies[$0.releaseID]!.count == 1 }.map {
            Member(itemID: $0.instanceID, releaseID: $0.releaseID)
        }
    }

    private static func write<T>(in site: SiteHarness, _ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: site.store.path)
        defer { try? queue.close() }
        return try queue.write(body)
    }
}
