import Foundation
import SpindleStore

/// `spindle export collection|wantlist`: the stored rows as JSON (one array) or CSV.
public struct Exporter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case json, csv
    }

    let store: Store

    public init(store: Store) { self.store = store }

    /// The members of a smart list, in list order, with the fields of its base's export.
    public func list(accountID: Int64, name: String, format: Format) throws(StoreError) -> Data {
        let list = try store.read { try $0.smartList(accountID: accountID, name: name) }
        guard let list else { throw .caller(ListRuleError("there is no list called \"\(name)\"")) }
        let items = try store.read { try $0.smartListItems(listID: list.id) }.map(\.itemID)
        return list.definition.base.isCollection
            ? try collection(accountID: accountID, format: format, includeRemoved: false, only: items)
            : try wantlist(accountID: accountID, format: format, includeRemoved: false, only: items)
    }

    /// `only`: these items (instance ids) in this order, instead of all of them.
    public func collection(
        accountID: Int64, format: Format, includeRemoved: Bool, only: [Int]? = nil
    ) throws(StoreError)
        -> Data
    {
        var (rows, fields) = try store.read { tx in
            (
                try tx.collectionExport(accountID: accountID, includeRemoved: includeRemoved),
                try tx.customFields(accountID: accountID).map(\.name)
            )
        }
        if let only { rows = Self.select(rows, only, by: \.instanceID) }
        switch format {
        case .json:
            return Self.json(rows.map { CollectionElement(row: $0, includeRemoved: includeRemoved) })
        case .csv:
            var csv = CSVWriter()
            let extraNames: [String] = Set(rows.flatMap { $0.notes.map(\.name) }).subtracting(fields).sorted()
            let noteColumns: [String] = fields + extraNames
            let removedColumn: [String] = includeRemoved ? ["removed_at"] : []
            let header: [String] = [
                "instance_id", "release_id", "folder_id", "folder", "rating", "date_added", "title", "artists", "year",
            ]
            csv.append(header + noteColumns + removedColumn)
            for row in rows {
                let notes = Dictionary(row.notes.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
                var fields: [String] = [
                    String(row.instanceID), String(row.releaseID), String(row.folderID), row.folderName ?? "",
                    String(row.rating), row.dateAdded ?? "", row.title ?? "", row.artists.joined(separator: ", "),
                    row.year.map(String.init) ?? "",
                ]
                fields += noteColumns.map { notes[$0] ?? "" }
                if includeRemoved { fields.append(Self.timestamp(row.removedAt)) }
                csv.append(fields)
            }
            return Data(csv.text.utf8)
        }
    }

    /// `only`: these wants (release ids) in this order, instead of all of them.
    public func wantlist(
        accountID: Int64, format: Format, includeRemoved: Bool, only: [Int]? = nil
    ) throws(StoreError)
        -> Data
    {
        var rows = try store.read { try $0.wantlistExport(accountID: accountID, includeRemoved: includeRemoved) }
        if let only { rows = Self.select(rows, only, by: \.releaseID) }
        switch format {
        case .json:
            return Self.json(rows.map { WantElement(row: $0, includeRemoved: includeRemoved) })
        case .csv:
            var csv = CSVWriter()
            csv.append(
                ["release_id", "rating", "notes", "date_added", "title", "artists", "year"]
                    + (includeRemoved ? ["removed_at"] : []))
            for row in rows {
                csv.append(
                    [
                        String(row.releaseID), String(row.rating), row.notes, row.dateAdded ?? "", row.title ?? "",
                        row.artists.joined(separator: ", "), row.year.map(String.init) ?? "",
                    ] + (includeRemoved ? [Self.timestamp(row.removedAt)] : []))
            }
            return Data(csv.text.utf8)
        }
    }

    /// The marketplace inventory: active listings, or all of them with `removed_at`.
    public func inventory(accountID: Int64, format: Format, includeRemoved: Bool) throws(StoreError) -> Data {
        let rows = try store.read { try $0.listings(accountID: accountID, includeRemoved: includeRemoved) }
        switch format {
        case .json:
            return Self.json(rows.map(ListingElement.init))
        case .csv:
            var csv = CSVWriter()
            csv.append([
                "listing_id", "release_id", "status", "price", "currency", "condition", "sleeve_condition", "posted",
                "comments", "removed_at",
            ])
            for row in rows {
                let l = row.listing
                csv.append([
                    String(l.listingID), l.releaseID.map(String.init) ?? "", l.status,
                    l.price.map { String(format: "%.2f", $0) } ?? "", l.currency ?? "", l.condition ?? "",
                    l.sleeveCondition ?? "", l.posted ?? "", l.comments ?? "", Self.timestamp(row.removedAt),
                ])
            }
            return Data(csv.text.utf8)
        }
    }

    /// The rows whose key is in `keys`, in the order of `keys`.
    static func select<Row>(_ rows: [Row], _ keys: [Int], by key: (Row) -> Int) -> [Row] {
        let byKey = Dictionary(rows.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        return keys.compactMap { byKey[$0] }
    }

    static func json<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)) ?? Data("[]".utf8)) + Data("\n".utf8)
    }

    static func timestamp(_ date: Date?) -> String {
        date.map { $0.formatted(.iso8601) } ?? ""
    }
}

/// One element of the collection export; `removed_at` is written (null for active items) only
/// with `--include-removed`.
private struct CollectionElement: Encodable {
    let row: CollectionExportRow
    let includeRemoved: Bool

    enum Keys: String, CodingKey {
        case instance_id, release_id, folder_id, folder, rating, date_added, notes, title, artists, year, removed_at
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(row.instanceID, forKey: .instance_id)
        try c.encode(row.releaseID, forKey: .release_id)
        try c.encode(row.folderID, forKey: .folder_id)
        try c.encode(row.folderName, forKey: .folder)
        try c.encode(row.rating, forKey: .rating)
        try c.encode(row.dateAdded, forKey: .date_added)
        try c.encode(
            Dictionary(row.notes.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }), forKey: .notes)
        try c.encode(row.title, forKey: .title)
        try c.encode(row.artists, forKey: .artists)
        try c.encode(row.year, forKey: .year)
        if includeRemoved { try c.encode(row.removedAt.map { Exporter.timestamp($0) }, forKey: .removed_at) }
    }
}

private struct WantElement: Encodable {
    let row: WantExportRow
    let includeRemoved: Bool

    enum Keys: String, CodingKey {
        case release_id, rating, notes, date_added, title, artists, year, removed_at
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(row.releaseID, forKey: .release_id)
        try c.encode(row.rating, forKey: .rating)
        try c.encode(row.notes, forKey: .notes)
        try c.encode(row.dateAdded, forKey: .date_added)
        try c.encode(row.title, forKey: .title)
        try c.encode(row.artists, forKey: .artists)
        try c.encode(row.year, forKey: .year)
        if includeRemoved { try c.encode(row.removedAt.map { Exporter.timestamp($0) }, forKey: .removed_at) }
    }
}

/// `{listing_id, release_id, status, price {value, currency}, condition, sleeve_condition, posted,
/// comments, removed_at}`: removed_at is null while the listing is for sale (or a draft …).
private struct ListingElement: Encodable {
    let row: StoredListing

    init(_ row: StoredListing) { self.row = row }

    enum Keys: String, CodingKey {
        case listingID = "listing_id", releaseID = "release_id", status, price, condition
        case sleeveCondition = "sleeve_condition", posted, comments, removedAt = "removed_at"
    }

    enum PriceKeys: String, CodingKey { case value, currency }

    func encode(to encoder: any Encoder) throws {
        let l = row.listing
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(l.listingID, forKey: .listingID)
        try container.encode(l.releaseID, forKey: .releaseID)
        try container.encode(l.status, forKey: .status)
        var price = container.nestedContainer(keyedBy: PriceKeys.self, forKey: .price)
        try price.encode(l.price, forKey: .value)
        try price.encode(l.currency, forKey: .currency)
        try container.encode(l.condition, forKey: .condition)
        try container.encode(l.sleeveCondition, forKey: .sleeveCondition)
        try container.encode(l.posted, forKey: .posted)
        try container.encode(l.comments, forKey: .comments)
        try container.encode(row.removedAt.map { Exporter.timestamp($0) }, forKey: .removedAt)
    }
}
