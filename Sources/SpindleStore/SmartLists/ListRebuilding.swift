import Foundation
import GRDB

extension StoreTransaction {
    /// What the rule compiler needs to know about the account: its notes fields and its lists.
    private func listContext(accountID: Int64, base: ListBase, now: Date) throws -> ListSQL {
        var notes: [String: Int] = [:]
        for row in try rows("SELECT field_id, name FROM custom_fields WHERE account_id = ?", [accountID]) {
            notes[(row["name"] as String).lowercased()] = row["field_id"]
        }
        var lists: [String: (id: Int64, base: ListBase)] = [:]
        for row in try rows("SELECT id, name, base FROM smart_lists WHERE account_id = ?", [accountID]) {
            lists[row["name"]] = (row["id"], ListBase(row["base"]) ?? .collection)
        }
        return ListSQL(accountID: accountID, base: base, now: now, noteFields: notes, lists: lists)
    }

    /// What `definition` selects right now, in order, without storing anything (`lists preview`).
    public func evaluateSmartList(_ definition: ListDefinition, accountID: Int64, now: Date) throws -> [SmartListItem] {
        var compiler = try listContext(accountID: accountID, base: definition.base, now: now)
        let (sql, arguments) = try compiler.select(definition)
        return try rows(sql, arguments).enumerated().map { index, row in
            SmartListItem(itemID: row["item_id"], releaseID: row["release_id"], position: index, pinned: row["pinned"])
        }
    }

    /// Checks that a definition compiles against this account and that its `list` conditions
    /// do not make a cycle (a list in a list that is in the first list).
    public func validateSmartList(_ definition: ListDefinition, name: String, accountID: Int64, now: Date) throws {
        var compiler = try listContext(accountID: accountID, base: definition.base, now: now)
        _ = try compiler.select(definition)
        if let field = definition.fanOut { _ = try compiler.fanValues(definition, field: field) }
        var graph: [String: [String]] = [:]
        for list in try smartLists(accountID: accountID) where list.origin != .fanOut {
            graph[list.name] = list.definition.referencedLists
        }
        graph[name] = definition.referencedLists
        if let cycle = Self.cycle(in: graph, from: name) {
            throw ListRuleError("lists cannot contain each other: " + cycle.joined(separator: " → "))
        }
    }

    /// Rebuilds every list of `base`, wipe and replace, in this transaction: each list's members
    /// become exactly what its rule selects now, with a `joined` or `left` event per change and
    /// one `list_sync_events` row for the whole base. A list with unchanged members is not rewritten.
    public func rebuildSmartLists(accountID: Int64, base: ListBase, sessionID: Int64?, now: Date) throws -> ListRebuild
    {
        try execute(
            """
            INSERT INTO list_sync_events (account_id, base, session_id, status, started_at)
            VALUES (?, ?, ?, 'running', ?)
            """, [accountID, base.description, sessionID, now])
        let rebuildID = db.lastInsertedRowID
        var tally = (lists: 0, items: 0, joined: 0, left: 0)
        let all = try smartLists(accountID: accountID)
        let ours = all.filter { $0.origin != .fanOut && $0.definition.base == base }
        func rebuild(_ list: SmartList) throws {
            var compiler = try listContext(accountID: accountID, base: base, now: now)
            let (sql, arguments) = try compiler.select(list.definition)
            let members = try rows(sql, arguments).map {
                ($0["item_id"] as Int, $0["release_id"] as Int, $0["pinned"] as Bool)
            }
            let change = try replaceMembers(of: list.id, with: members, rebuildID: rebuildID, now: now)
            tally.lists += 1
            tally.items += members.count
            tally.joined += change.joined
            tally.left += change.left
        }
        for list in Self.dependencyOrder(ours) {
            try rebuild(list)
            guard let field = list.definition.fanOut else { continue }
            var compiler = try listContext(accountID: accountID, base: base, now: now)
            let children = all.filter { $0.parentID == list.id }
            var kept: Set<Int64> = []
            let (valuesSQL, valuesArguments) = try compiler.fanValues(list.definition, field: field)
            for value in try rows(valuesSQL, valuesArguments).compactMap({
                ($0["value"] as DatabaseValue).description(forFanOut: ())
            }) {
                let child = try fanOutChild(of: list, field: field, value: value, existing: children, now: now)
                kept.insert(child.id)
                try rebuild(child)
            }
            for gone in children where !kept.contains(gone.id) {
                try execute("DELETE FROM smart_lists WHERE id = ?", [gone.id])
            }
        }
        try execute(
            """
            UPDATE list_sync_events SET lists_processed = ?, items_processed = ?, joined = ?, left_count = ?,
                status = 'completed', completed_at = ?
            WHERE id = ?
            """, [tally.lists, tally.items, tally.joined, tally.left, now, rebuildID])
        return ListRebuild(row: try row("SELECT * FROM list_sync_events WHERE id = ?", [rebuildID])!)
    }

    /// Records a rebuild that failed (its own transaction was rolled back).
    public func recordFailedListRebuild(
        accountID: Int64, base: ListBase, sessionID: Int64?, error: String, startedAt: Date, now: Date
    ) throws {
        try execute(
            """
            INSERT INTO list_sync_events (account_id, base, session_id, status, started_at, completed_at, error)
            VALUES (?, ?, ?, 'failed', ?, ?, ?)
            """, [accountID, base.description, sessionID, startedAt, now, error])
    }

    /// The bases the account has lists for.
    public func smartListBases(accountID: Int64) throws -> [ListBase] {
        try values(
            String.self,
            "SELECT DISTINCT base FROM smart_lists WHERE account_id = ? AND origin <> 'fan_out' ORDER BY base",
            [accountID]
        )
        .compactMap(ListBase.init)
    }

    // MARK: Members

    private func replaceMembers(
        of listID: Int64, with members: [(item: Int, release: Int, pinned: Bool)], rebuildID: Int64, now: Date
    ) throws -> (joined: Int, left: Int) {
        let old = try rows(
            "SELECT item_id, release_id, pinned FROM smart_list_items WHERE list_id = ? ORDER BY position", [listID]
        )
        .map { ($0["item_id"] as Int, $0["release_id"] as Int, $0["pinned"] as Bool) }
        try execute("UPDATE smart_lists SET rebuilt_at = ?, item_count = ? WHERE id = ?", [now, members.count, listID])
        if old.count == members.count, zip(old, members).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 }) {
            return (0, 0)
        }
        let before = Dictionary(old.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(members.map { ($0.item, $0.release) }, uniquingKeysWith: { first, _ in first })
        try execute("DELETE FROM smart_list_items WHERE list_id = ?", [listID])
        let insert = try db.cachedStatement(
            sql:
                "INSERT OR IGNORE INTO smart_list_items (list_id, item_id, release_id, position, pinned) VALUES (?, ?, ?, ?, ?)"
        )
        for (position, member) in members.enumerated() {
            try insert.execute(arguments: [listID, member.item, member.release, position, member.pinned])
        }
        let event = try db.cachedStatement(
            sql:
                "INSERT INTO smart_list_events (list_id, rebuild_id, item_id, release_id, event, at) VALUES (?, ?, ?, ?, ?, ?)"
        )
        var joined = 0
        var left = 0
        for member in members where before[member.item] == nil {
            try event.execute(arguments: [listID, rebuildID, member.item, member.release, "joined", now])
            joined += 1
        }
        for (item, release) in old.map({ ($0.0, $0.1) }) where after[item] == nil {
            try event.execute(arguments: [listID, rebuildID, item, release, "left", now])
            left += 1
        }
        return (joined, left)
    }

    /// The child of a fan-out list for one value: "Jazz by style / Hard Bop".
    private func fanOutChild(
        of parent: SmartList, field: String, value: String, existing: [SmartList], now: Date
    ) throws -> SmartList {
        var definition = parent.definition
        definition.fanOut = nil
        let kind = ListField.named(field)?.kind
        let condition =
            kind == .multi
            ? ListCondition(field: field, op: .hasAny, value: .list([.text(value)]))
            : kind == .number
                ? ListCondition(field: field, op: .equals, value: .number(Double(value) ?? 0))
                : ListCondition(field: field, op: .isEqual, value: .text(value))
        definition.rule = .group(.all, [parent.definition.rule, .condition(condition)])
        let json = String(decoding: try JSONEncoder.sortedKeys.encode(definition), as: UTF8.self)
        let name = "\(parent.name) / \(value)"
        if let child = existing.first(where: { $0.fanValue == value }) {
            try execute(
                "UPDATE smart_lists SET definition = ?, name = ?, updated_at = ? WHERE id = ?",
                [json, name, now, child.id])
            return try smartList(id: child.id)!
        }
        try execute(
            """
            INSERT INTO smart_lists (account_id, name, slug, base, definition, origin, parent_id, fan_value, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 'fan_out', ?, ?, ?, ?)
            """,
            [
                parent.accountID, name, parent.slug + "-" + ListSlug.make(value), parent.definition.base.description,
                json,
                parent.id, value, now, now,
            ])
        return try smartList(id: db.lastInsertedRowID)!
    }

    // MARK: Order and cycles

    /// Lists in an order where a list comes after the lists its rule refers to.
    static func dependencyOrder(_ lists: [SmartList]) -> [SmartList] {
        let byName = Dictionary(lists.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var done: Set<String> = []
        var visiting: Set<String> = []
        var ordered: [SmartList] = []
        func visit(_ list: SmartList) {
            guard !done.contains(list.name), !visiting.contains(list.name) else { return }
            visiting.insert(list.name)
            for name in list.definition.referencedLists { if let dependency = byName[name] { visit(dependency) } }
            visiting.remove(list.name)
            done.insert(list.name)
            ordered.append(list)
        }
        lists.sorted { $0.id < $1.id }.forEach(visit)
        return ordered
    }

    static func cycle(in graph: [String: [String]], from start: String) -> [String]? {
        var path: [String] = []
        func walk(_ name: String) -> [String]? {
            if let index = path.firstIndex(of: name) { return Array(path[index...]) + [name] }
            path.append(name)
            defer { path.removeLast() }
            for next in graph[name] ?? [] {
                if let cycle = walk(next) { return cycle }
            }
            return nil
        }
        return walk(start)
    }
}

extension ListDefinition {
    /// The lists its rule tests membership of.
    public var referencedLists: [String] {
        rule.conditions.filter { ListField.named($0.field)?.kind == .list }.compactMap { $0.value?.text }
    }
}

extension DatabaseValue {
    /// A fan-out value as the text that names its child list (`1980` for a decade).
    fileprivate func description(forFanOut: Void) -> String? {
        switch storage {
        case .string(let text): text.isEmpty ? nil : text
        case .int64(let number): String(number)
        case .double(let number): number == number.rounded() ? String(Int(number)) : String(number)
        default: nil
        }
    }
}

/// URL-safe names for lists: lower-case ASCII letters and digits between dashes.
public enum ListSlug {
    public static func make(_ text: String) -> String {
        let latin =
            text.applyingTransform(.toLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false)
            ?? text
        var slug = ""
        var dash = false
        for scalar in latin.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if dash, !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
        }
        return slug.isEmpty ? "list" : String(slug.prefix(80))
    }
}
