import FakeDiscogs
import Foundation
import SpindleStore
import SpindleSync
import Testing

@Suite("Importing the Discogs collection CSV")
struct CSVImportTests {
    static let header =
        "Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,CollectionFolder,Date Added,"
        + "Collection Media Condition,Collection Sleeve Condition,Collection Notes"

    /// Quoted commas, doubled quotes, a line break inside a note, CRLF endings, a BOM, accents.
    static let awkward =
        "\u{FEFF}" + header + "\r\n"
        + "ECM 1064/65,Keith Jarrett,The Köln Concert,ECM Records,\"2xLP, Album\",5,1975,1,Jazz,2021-01-31 14:22:03,"
        + "Near Mint (NM or M-),Very Good Plus (VG+),\"Bought in Köln, \"\"signed\"\" sleeve\"\r\n"
        + "SK032,The Persuader,Stockholm,Svek,\"2x12\"\", 33 ⅓ RPM\",,1999-03-00,2,Jazz,2021-02-01 10:00:00,,,\"Two\r\nlines\"\r\n"
        + "GUS 7,Gus Gus,Purple,4AD,\"12\"\", Promo\",3,1997,54524,Uncategorized,2021-02-02 10:00:00,Mint (M),Generic,\r\n"
        + "ECM 1064/65,Keith Jarrett,The Köln Concert,ECM Records,\"2xLP, Album\",4,1975,1,Shelf,2022-05-05 09:00:00,,,\r\n"

    func importer(_ text: String, skipInvalid: Bool = false, into store: Store) throws -> CollectionCSVImporter.Summary
    {
        let csv = try DiscogsCollectionCSV(data: Data(text.utf8))
        return try CollectionCSVImporter(store: store).importFile(
            csv, username: "local", skipInvalid: skipInvalid, now: Date())
    }

    func temporaryStore() throws -> Store {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "spindle-csv-\(UUID().uuidString)")
        return try Store(path: directory.appendingPathComponent("spindle.sqlite").path)
    }

    func export(_ store: Store) throws -> [ExportedItem] {
        let account = try store.read { try $0.accounts().first!.id }
        let data = try Exporter(store: store).collection(accountID: account, format: .json, includeRemoved: false)
        return try JSONDecoder().decode([ExportedItem].self, from: data).sorted { $0.instanceID > $1.instanceID }
    }

    @Test("reads quoting, doubled quotes, line breaks in fields, CRLF, a BOM and accents")
    func parsing() throws {
        let csv = try DiscogsCollectionCSV(data: Data(Self.awkward.utf8))
        #expect(csv.problems.isEmpty)
        #expect(csv.rows.count == 4)
        #expect(csv.rows[0].format == "2xLP, Album")
        #expect(csv.rows[0].notes.last?.value == "Bought in Köln, \"signed\" sleeve")
        #expect(csv.rows[1].format == "2x12\", 33 ⅓ RPM")
        #expect(csv.rows[1].notes.map(\.value) == ["Two\r\nlines"])
        #expect(csv.rows[2].line == 5, "line numbers count the line break inside row 2")
        #expect(csv.fieldNames == ["Media Condition", "Sleeve Condition", "Notes"])
    }

    @Test("imports items, two copies of one release, folders, notes, and release summaries")
    func importsRows() throws {
        let store = try temporaryStore()
        let summary = try importer(Self.awkward, into: store)
        #expect(summary.added == 4)
        let items = try export(store)
        #expect(items.count == 4)
        #expect(Set(items.filter { $0.releaseID == 1 }.map(\.instanceID)) == [-1001, -1002])
        let koln = try #require(items.first { $0.instanceID == -1001 })
        #expect(koln.folder == "Jazz")
        #expect(koln.rating == 5)
        #expect(koln.title == "The Köln Concert")
        #expect(koln.artists == ["Keith Jarrett"])
        #expect(koln.year == 1975)
        #expect(koln.notes["Notes"] == "Bought in Köln, \"signed\" sleeve")
        #expect(koln.notes["Media Condition"] == "Near Mint (NM or M-)")
        #expect(items.first { $0.releaseID == 54524 }?.folderID == 1)
        #expect(items.first { $0.instanceID == -1002 }?.folder == "Shelf")
        let release = try store.read { try $0.release(id: 1) }
        #expect(release?.formats.first == .init(name: "LP", qty: "2", descriptions: ["Album"]))
        #expect(release?.labels.first?.catno == "ECM 1064/65")
    }

    @Test("importing the same file again changes nothing; a newer file's missing rows are removed")
    func reimport() throws {
        let store = try temporaryStore()
        _ = try importer(Self.awkward, into: store)
        let again = try importer(Self.awkward, into: store)
        #expect(again.added == 0 && again.changed == 0 && again.removed == 0 && again.unchanged == 4)

        let withoutPersuader = Self.awkward.replacingOccurrences(
            of:
                #"SK032,The Persuader,Stockholm,Svek,"2x12"", 33 ⅓ RPM",,1999-03-00,2,Jazz,2021-02-01 10:00:00,,,"Two\#r\#nlines""#
                + "\r\n", with: "")
        let newer = try importer(withoutPersuader, into: store)
        #expect(newer.removed == 1)
        #expect(try export(store).count == 3)
    }

    @Test("unreadable rows are reported with their line numbers and nothing is imported")
    func invalidRows() throws {
        let store = try temporaryStore()
        let bad =
            Self.header
            + "\nX,A,T,L,LP,5,1999,abc,Jazz,2021-01-01 00:00:00,,,\nX,A,T,L,LP,9,1999,12,Jazz,,,,\nY,B,U,L,LP,,2000,13,Jazz,,,,\n"
        do {
            _ = try importer(bad, into: store)
            Issue.record("a file with bad rows must be refused")
        } catch let error as CSVImportError {
            #expect("\(error)".contains("line 2: release_id \"abc\" is not a release number"))
            #expect("\(error)".contains("line 3: Rating \"9\" is not a number from 0 to 5"))
            #expect("\(error)".contains("--skip-invalid"))
        }
        #expect(try store.read { try $0.accounts() }.isEmpty)

        let summary = try importer(bad, skipInvalid: true, into: store)
        #expect(summary.added == 1)
        #expect(summary.skipped.count == 2)
    }

    @Test(
        "a file that is not the collection export is refused with what was expected",
        arguments: [
            "", "name,price\nfoo,1\n", "release_id\n\"unterminated\n",
        ])
    func wrongFiles(text: String) {
        #expect(throws: DiscogsCollectionCSV.Problem.self) { try DiscogsCollectionCSV(data: Data(text.utf8)) }
    }

    @Test("extra notes fields in the file become notes fields of the account")
    func extraFields() throws {
        let store = try temporaryStore()
        let text = Self.header + ",Collection Purchase Price\n1,A,T,L,LP,0,1999,77,Jazz,,,,,€ 12\n"
        _ = try importer(text, into: store)
        #expect(try export(store).first?.notes == ["Purchase Price": "€ 12"])
    }
}
