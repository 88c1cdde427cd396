import Discogs
import Foundation

/// The collection CSV that the Discogs website exports (there is no API for it):
/// `Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,CollectionFolder,Date Added,
/// Collection Media Condition,Collection Sleeve Condition,Collection Notes`, plus one
/// `Collection <name>` column per extra notes field.
public struct DiscogsCollectionCSV: Sendable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var releaseID: Int
        public var catalogNumber: String
        public var artist: String
        public var title: String
        public var label: String
        public var format: String
        public var rating: Int
        public var released: String
        public var folder: String
        public var dateAdded: String?
        /// Notes field name → value, in column order; empty values are left out.
        public var notes: [(field: String, value: String)]

        public static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.line == rhs.line && lhs.releaseID == rhs.releaseID && lhs.catalogNumber == rhs.catalogNumber
                && lhs.artist == rhs.artist && lhs.title == rhs.title && lhs.label == rhs.label
                && lhs.format == rhs.format && lhs.rating == rhs.rating && lhs.released == rhs.released
                && lhs.folder == rhs.folder && lhs.dateAdded == rhs.dateAdded
                && lhs.notes.elementsEqual(rhs.notes) { $0 == $1 }
        }
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int?
        public var message: String
        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    public var rows: [Row]
    /// Rows that could not be read; the import refuses the file when any exist unless told to skip them.
    public var problems: [Problem]
    /// The notes fields the file has, in column order ("Media Condition", "Sleeve Condition", "Notes", …).
    public var fieldNames: [String]

    static let notePrefix = "Collection "

    public init(data: Data) throws(Problem) {
        let table: [CSVReader.Row]
        do { table = try CSVReader.rows(data) } catch { throw Problem(line: nil, message: error.description) }
        guard let header = table.first else { throw Problem(line: nil, message: "the file is empty") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) -> Int? { columns.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame } }
        guard let releaseColumn = column("release_id") else {
            throw Problem(
                line: 1,
                message: "no release_id column; expected the Discogs collection export header "
                    + "(Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,CollectionFolder,Date Added,…)")
        }
        let noteColumns = columns.enumerated().filter {
            $0.element.hasPrefix(Self.notePrefix) && $0.element.count > Self.notePrefix.count
        }.map { (index: $0.offset, name: String($0.element.dropFirst(Self.notePrefix.count))) }
        fieldNames = noteColumns.map(\.name)
        // Where each named column is, looked up once for the file rather than once per row.
        let named = [
            "Catalog#", "Artist", "Title", "Label", "Format", "Rating", "Released", "CollectionFolder", "Date Added",
        ]
        let indexes = Dictionary(uniqueKeysWithValues: named.compactMap { name in column(name).map { (name, $0) } })

        var rows: [Row] = []
        var problems: [Problem] = []
        for record in table.dropFirst() {
            func value(_ name: String) -> String {
                guard let index = indexes[name], index < record.fields.count else { return "" }
                return record.fields[index].trimmingCharacters(in: .whitespaces)
            }
            let releaseText =
                releaseColumn < record.fields.count
                ? record.fields[releaseColumn].trimmingCharacters(in: .whitespaces) : ""
            guard let releaseID = Int(releaseText), releaseID > 0 else {
                problems.append(
                    Problem(line: record.line, message: "release_id \"\(releaseText)\" is not a release number"))
                continue
            }
            let ratingText = value("Rating")
            guard ratingText.isEmpty || (Int(ratingText).map { (0...5).contains($0) } ?? false) else {
                problems.append(
                    Problem(line: record.line, message: "Rating \"\(ratingText)\" is not a number from 0 to 5"))
                continue
            }
            let dateText = value("Date Added")
            if !dateText.isEmpty, DiscogsDate.parse(dateText) == nil {
                problems.append(Problem(line: record.line, message: "Date Added \"\(dateText)\" is not a date"))
                continue
            }
            let notes = noteColumns.compactMap { note -> (field: String, value: String)? in
                guard note.index < record.fields.count else { return nil }
                let text = record.fields[note.index]
                return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : (note.name, text)
            }
            rows.append(
                Row(
                    line: record.line, releaseID: releaseID, catalogNumber: value("Catalog#"), artist: value("Artist"),
                    title: value("Title"), label: value("Label"), format: value("Format"),
                    rating: Int(ratingText) ?? 0, released: value("Released"), folder: value("CollectionFolder"),
                    dateAdded: dateText.isEmpty ? nil : dateText, notes: notes))
        }
        self.rows = rows
        self.problems = problems
    }
}
