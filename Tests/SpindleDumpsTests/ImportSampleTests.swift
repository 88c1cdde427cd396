import Foundation
import Testing

@testable import SpindleDumps
@testable import SpindleStore

/// Every real sample imports with the right record counts and keeps what is in it.
@Suite struct ImportSampleTests {
    @Test(arguments: [
        ("philipmat_discogs-xml2db_discogs_20200806_labels.xml.gz", DumpKind.labels, 1000),
        ("philipmat_discogs-xml2db_discogs_20200806_artists.xml.gz", .artists, 1000),
        ("philipmat_discogs-xml2db_discogs_20200806_masters.xml.gz", .masters, 1000),
        ("philipmat_discogs-xml2db_discogs_20200806_releases.xml.gz", .releases, 1000),
        ("crossjam_dd2db_discogs_20170401_labels.xml.gz", .labels, 5),
        ("crossjam_dd2db_discogs_20170401_artists.xml.gz", .artists, 27),
        ("crossjam_dd2db_discogs_20170401_masters.xml.gz", .masters, 47),
        ("crossjam_dd2db_discogs_20170401_releases.xml.gz", .releases, 10),
        ("lukasaron_data-discogs_labels.xml", .labels, 5),
        ("lukasaron_data-discogs_artists.xml", .artists, 27),
        ("lukasaron_data-discogs_masters.xml", .masters, 46),
        ("lukasaron_data-discogs_releases.xml", .releases, 8),
    ])
    func importsEverySample(file: String, kind: DumpKind, records: Int) throws {
        let world = try DumpWorld()
        let result = try world.importFile(DumpWorld.fixture(file), kind: kind)
        #expect(result.recordsDone == records)
        #expect(result.recordsWritten == records)
        let table = DumpTableSet.of(kind).record.name
        #expect(
            try world.count("SELECT count(*) FROM \(table) WHERE source = 'dump' AND dump_month = '2020-08'") == records
        )
        let file = try world.store.read { try $0.dumpFiles(runID: 1) }.first
        #expect(file?.unknownElements == [:], "unknown elements in \(file)")
    }
}

/// What the rows hold, checked against the samples' text.
@Suite struct ImportDetailTests {
    @Test func releasesKeepEveryList() throws {
        let world = try DumpWorld()
        try world.importFile(
            DumpWorld.fixture("philipmat_discogs-xml2db_discogs_20200806_releases.xml.gz"), kind: .releases)
        // Counted independently with Python's ElementTree (.//track, artists + extraartists).
        #expect(try world.count("SELECT count(*) FROM release_tracks") == 9430)
        #expect(try world.count("SELECT count(*) FROM release_artists") == 5053)
        #expect(try world.count("SELECT count(*) FROM release_tracks WHERE parent_seq IS NOT NULL") > 0)
        #expect(try world.count("SELECT count(*) FROM release_tracks WHERE type = 'index'") > 0)
        #expect(try world.count("SELECT count(*) FROM release_track_credits") > 0)
        #expect(try world.count("SELECT count(*) FROM release_format_descriptions") > 0)
        #expect(try world.count("SELECT count(*) FROM release_companies WHERE entity_type_name IS NOT NULL") > 0)
        #expect(try world.count("SELECT count(*) FROM release_identifiers") > 0)
        #expect(try world.count("SELECT count(*) FROM release_videos WHERE embed = 1") > 0)
        #expect(
            try world.count("SELECT count(*) FROM releases WHERE master_id IS NOT NULL AND is_main_release IS NOT NULL")
                > 0)
        #expect(
            try world.count("SELECT count(*) FROM releases WHERE year IS NULL AND released GLOB '[12][0-9][0-9][0-9]*'")
                == 0)
        // Character references (&#228;) come out as the characters.
        #expect(try world.count("SELECT count(*) FROM releases WHERE title LIKE '%&#%'") == 0)
    }

    @Test func releaseOneIsComplete() throws {
        let world = try DumpWorld()
        try world.importFile(DumpWorld.fixture("crossjam_dd2db_discogs_20170401_releases.xml.gz"), kind: .releases)
        let release = try #require(try world.rows("SELECT * FROM releases WHERE id = 1").first)
        #expect(release["title"] as String? == "Stockholm")
        #expect(release["country"] as String? == "Sweden")
        #expect(release["year"] as Int? == 1999)
        #expect(release["status"] as String? == "Accepted")
        #expect(release["artists_sort"] as String? == "The Persuader")
        #expect(release["source"] as String? == "dump")
        let tracks = try world.rows(
            "SELECT position, title, duration, type FROM release_tracks WHERE release_id = 1 ORDER BY seq")
        #expect(
            tracks.map { $0["title"] as String } == [
                "Östermalm", "Vasastaden", "Kungsholmen", "Södermalm", "Norrmalm", "Gamla Stan",
            ])
        #expect(tracks.first?["position"] as String? == "A")
        #expect(tracks.first?["duration"] as String? == "4:45")
        let labels = try world.rows("SELECT name, catno, label_id FROM release_labels WHERE release_id = 1")
        #expect(labels.map { $0["catno"] as String? } == ["SK032"])
        let formats = try world.rows(
            "SELECT d.description FROM release_format_descriptions d WHERE release_id = 1 ORDER BY format_seq, seq")
        #expect(formats.map { $0["description"] as String } == ["12\"", "33 ⅓ RPM"])
    }

    @Test func artistsOfBothMemberFormats() throws {
        let world = try DumpWorld()
        let old = try world.write(
            "artists-2023.xml",
            "<artists>"
                + (try String(
                    contentsOfFile: DumpWorld.fixture("sublipri_disco-quick_artist_2_20231001.xml"), encoding: .utf8))
                + "</artists>")
        try world.importFile(old, kind: .artists, month: "2023-10")
        let members2023 = try world.rows(
            "SELECT other_id, name FROM artist_relations WHERE relation = 'member' ORDER BY seq")
        let new = try world.write(
            "artists-2025.xml",
            "<artists>"
                + (try String(
                    contentsOfFile: DumpWorld.fixture("sublipri_disco-quick_artist_2_20250501.xml"), encoding: .utf8))
                + "</artists>")
        try world.importFile(new, kind: .artists, month: "2025-05")
        let members2025 = try world.rows(
            "SELECT other_id, name FROM artist_relations WHERE relation = 'member' ORDER BY seq")
        #expect(!members2023.isEmpty)
        #expect(members2023.allSatisfy { ($0["other_id"] as Int?) != nil })
        #expect(members2023.map { $0["other_id"] as Int? } == members2025.map { $0["other_id"] as Int? })
        #expect(try world.count("SELECT count(*) FROM artists") == 1)
    }
}

/// The same records in their 2023 and 2025 forms (disco-quick's tests): the drift is absorbed.
@Suite struct FormatDriftTests {
    /// Wraps a single-record sample in its root element, as the dumps have it.
    func wrapped(_ world: DumpWorld, _ sample: String, root: String) throws -> String {
        let record = try String(contentsOfFile: DumpWorld.fixture(sample), encoding: .utf8)
        return try world.write(sample, "<\(root)>\n\(record)\n</\(root)>\n")
    }

    @Test func release40299In2023And2025() throws {
        let world = try DumpWorld()
        try world.importFile(
            try wrapped(world, "sublipri_disco-quick_release_40299_20231001.xml", root: "releases"), kind: .releases,
            month: "2023-10")
        let images2023 = try world.count("SELECT count(*) FROM release_images WHERE release_id = 40299")
        let series2023 = try world.count("SELECT count(*) FROM release_series WHERE release_id = 40299")
        let tracks2023 = try world.rows("SELECT position, title, duration FROM release_tracks ORDER BY seq")
        let credits2023 = try world.rows(
            "SELECT credit, seq, artist_id, name, anv, role FROM release_artists ORDER BY credit, seq")

        try world.importFile(
            try wrapped(world, "sublipri_disco-quick_release_40299_20250501.xml", root: "releases"), kind: .releases,
            month: "2025-05")
        #expect(images2023 > 0)
        #expect(series2023 == 0)
        #expect(
            try world.count("SELECT count(*) FROM release_images WHERE release_id = 40299") == 0,
            "images are gone in 2025")
        #expect(
            try world.count("SELECT count(*) FROM release_series WHERE release_id = 40299 AND catno IS NOT NULL") > 0)
        // Empty anv/join/role elements (2023) and omitted ones (2025) both come out NULL.
        let credits2025 = try world.rows(
            "SELECT credit, seq, artist_id, name, anv, role FROM release_artists ORDER BY credit, seq")
        #expect(credits2023.map { $0["anv"] as String? } == credits2025.map { $0["anv"] as String? })
        #expect(credits2023.map { $0["name"] as String } == credits2025.map { $0["name"] as String })
        #expect(
            tracks2023.map { $0["title"] as String }
                == (try world.rows("SELECT title FROM release_tracks ORDER BY seq")).map { $0["title"] as String })
        #expect(try world.rows("SELECT dump_month FROM releases").first?["dump_month"] as String? == "2025-05")
        let files = try world.store.read { tx in try tx.dumpRuns().flatMap { try tx.dumpFiles(runID: $0.id) } }
        #expect(files.allSatisfy { $0.unknownElements.isEmpty }, "\(files.map(\.unknownElements))")
    }

    @Test func labelAndMasterOf2023() throws {
        let world = try DumpWorld()
        try world.importFile(
            try wrapped(world, "sublipri_disco-quick_label_1000_20231001.xml", root: "labels"), kind: .labels,
            month: "2023-10")
        try world.importFile(
            try wrapped(world, "sublipri_disco-quick_master_830352_20231001.xml", root: "masters"), kind: .masters,
            month: "2023-10")
        #expect(
            try world.count("SELECT count(*) FROM labels WHERE id = 1000 AND name IS NOT NULL AND profile IS NOT NULL")
                == 1)
        #expect(
            try world.count("SELECT count(*) FROM label_sublabels WHERE label_id = 1000 AND sublabel_id IS NOT NULL")
                > 0)
        #expect(try world.count("SELECT count(*) FROM label_urls WHERE label_id = 1000") == 2)
        #expect(try world.count("SELECT count(*) FROM masters WHERE id = 830352 AND main_release_id IS NOT NULL") == 1)
        #expect(try world.count("SELECT count(*) FROM master_videos WHERE master_id = 830352") > 0)
        #expect(
            try world.count("SELECT count(*) FROM entity_images WHERE entity = 'master' AND entity_id = 830352") > 0)
        let files = try world.store.read { tx in try tx.dumpRuns().flatMap { try tx.dumpFiles(runID: $0.id) } }
        #expect(files.allSatisfy { $0.unknownElements.isEmpty }, "\(files.map(\.unknownElements))")
    }
}
