import Foundation
import SpindleStore

/// `spindle export collection|wantlist`: the stored rows as JSON (one array) or CSV.
public struct Exporter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case json, csv
    }

    let store: Store

    public init(store: Store) { self.store = store }

    public func collection(accountID: Int64, format: Format, includeRemoved: Bool) throws(StoreError) -> Data {
        let (rows, fields) = try store.read { tx in
            (
                try tx.collectionExport(accountID: accountID, includeRemoved: includeRemoved),
                try tx.customFields(accountID: accountID).map(\.name)
            )
        }
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

    public func wantlist(accountID: Int64, format: Format, includeRemoved: Bool) throws(StoreError) -> Data {
        let rows = try store.read { try $0.wantlistExport(accountID: accountID, includeRemoved: includeRemoved) }
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
