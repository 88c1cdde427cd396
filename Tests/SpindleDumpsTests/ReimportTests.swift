import Foundation
import GRDB
import Testing

@testable import SpindleDumps
@testable import SpindleStore

/// A later month's dump rewrites only what changed, never downgrades newer API data, and
/// completes summaries a sync stored.
@Suite struct ReimportTests {
    static let records = """
        <releases>
        <release id="10" status="Accepted"><title>Ten</title><artists><artist><id>1</id><name>A</name></artist></artists><genres><genre>Jazz</genre></genres></release>
        <release id="20" status="Accepted"><title>Twenty</title><genres><genre>Rock</genre></genres></release>
        <release id="30" status="Accepted"><title>Thirty</title><genres><genre>Funk</genre></genres></release>
        <release id="40" status="Accepted"><title>Forty</title><genres><genre>Soul</genre></genres></release>
        </releases>
        """

    func load(_ world: DumpWorld, _ xml: String, month: String, date: String) throws -> DumpImporter.FileReport {
        let path = try world.write("discogs_\(date)_releases.xml", xml)
        return try DumpImporter(store: world.store).run(
            month: DumpMonth(month)!, dumpDate: date, files: [.releases: path])[0]
    }

    @Test func sameDumpAgainWritesNothing() throws {
        let world = try DumpWorld()
        _ = try load(world, Self.records, month: "2020-08", date: "20200806")
        let again = try load(world, Self.records, month: "2020-09", date: "20200901")
        #expect(again.progress.recordsUnchanged == 4)
        #expect(again.progress.recordsWritten == 0)
        #expect(again.progress.rowsWritten == 0)
    }

    @Test func changedRecordsAreRewrittenWithTheirLists() throws {
        let world = try DumpWorld()
        _ = try load(world, Self.records, month: "2020-08", date: "20200806")
        let edited = Self.records.replacingOccurrences(
            of: "<genre>Jazz</genre>", with: "<genre>Jazz</genre><genre>Blues</genre>")
        let report = try load(world, edited, month: "2020-09", date: "20200901")
        #expect(report.progress.recordsWritten == 1)
        #expect(report.progress.recordsUnchanged == 3)
        #expect(
            try world.rows("SELECT genre FROM release_genres WHERE release_id = 10 ORDER BY seq").map {
                $0["genre"] as String
            } == ["Jazz", "Blues"])
        #expect(
            try world.rows("SELECT dump_month FROM releases WHERE id = 10").first?["dump_month"] as String? == "2020-09"
        )
        #expect(try world.count("SELECT count(*) FROM release_artists WHERE release_id = 10") == 1)
    }

    @Test func newerAPIRowsAreKeptAndSummariesCompleted() throws {
        let world = try DumpWorld()
        let queue = try DatabaseQueue(path: world.storePath)
        try queue.write { db in
            // 20: fetched from the API after the dump was made; 30: before; 40: only a summary.
            try db.execute(
                sql: """
                    INSERT INTO releases (id, title, source, fetched_at, content_hash, basic_hash) VALUES
                        (20, 'Twenty (API)', 'api', '2020-09-15 10:00:00.000', 'h20', 'b20'),
                        (30, 'Thirty (old API)', 'api', '2020-01-01 10:00:00.000', 'h30', 'b30'),
                        (40, 'Forty (summary)', 'basic_information', '2020-10-01 10:00:00.000', 'h40', 'b40');
                    INSERT INTO release_genres (release_id, seq, genre) VALUES (20, 0, 'Kept'), (30, 0, 'Old'), (40, 0, 'Summary');
                    """)
        }
        let report = try load(world, Self.records, month: "2020-08", date: "20200806")
        #expect(report.progress.recordsKeptNewer == 1)
        #expect(report.progress.recordsWritten == 3)
        let rows = try world.rows("SELECT id, title, source, basic_hash FROM releases ORDER BY id")
        #expect(rows.map { $0["title"] as String } == ["Ten", "Twenty (API)", "Thirty", "Forty"])
        #expect(rows.map { $0["source"] as String } == ["dump", "api", "dump", "dump"])
        #expect(rows.map { $0["basic_hash"] as String? } == [nil, "b20", "b30", "b40"])
        #expect(
            try world.rows("SELECT genre FROM release_genres ORDER BY release_id").map { $0["genre"] as String } == [
                "Jazz", "Kept", "Funk", "Soul",
            ])
    }
}
