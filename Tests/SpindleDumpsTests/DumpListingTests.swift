import Foundation
import SpindleStore
import Testing

@testable import SpindleDumps

@Suite("Reading dump listings")
struct DumpListingTests {
    /// The real S3 listing of the old bucket, 2008-03 to 2021-06.
    static let s3 = DumpListing(body: try! Repository.fixture("dumps/s3-listing-2008-2021.xml"))
    let location = DumpLocation.discogs

    func set(_ month: String, in listing: DumpListing = s3) throws -> DumpSet {
        let month = try #require(DumpMonth(month))
        return try #require(listing.dumpSet(for: month, at: location))
    }

    @Test("the real S3 listing names every dump file of 2008-03 to 2021-06 with its size")
    func realListing() throws {
        let listing = Self.s3
        #expect(listing.entries.count == 701)  // 710 keys less folders, the website's own files
        #expect(listing.entries.allSatisfy { $0.size != nil })
        #expect(listing.months.first == DumpMonth("2008-03"))
        #expect(listing.months.last == DumpMonth("2021-06"))
        #expect(listing.months.count == 145)
    }

    @Test("the latest complete month is 2021-06, with sizes and bucket URLs")
    func latest() throws {
        let latest = try #require(Self.s3.latestSet(at: location))
        #expect(latest.month == DumpMonth("2021-06"))
        #expect(latest.isComplete)
        #expect(latest.dumpDate == "20210601")
        let releases = try #require(latest.dataFiles[.releases])
        #expect(releases.fileName == "discogs_20210601_releases.xml.gz")
        #expect(releases.size == 9_855_117_456)
        #expect(
            releases.url.absoluteString
                == "https://discogs-data-dumps.s3.us-west-2.amazonaws.com/data/2021/discogs_20210601_releases.xml.gz")
        #expect(latest.checksum?.fileName == "discogs_20210601_CHECKSUM.txt")
        #expect(latest.checksum?.size == 388)
        #expect(latest.orderedDataFiles.map(\.name.kind) == [.labels, .artists, .masters, .releases])
    }

    @Test("2019-10 is split over 20191003 (masters, releases) and 20191010 (artists, labels, CHECKSUM)")
    func splitMonth() throws {
        let october = try set("2019-10")
        #expect(october.isComplete)
        #expect(october.dataFiles[.masters]?.name.date == "20191003")
        #expect(october.dataFiles[.releases]?.name.date == "20191003")
        #expect(october.dataFiles[.artists]?.name.date == "20191010")
        #expect(october.dataFiles[.labels]?.name.date == "20191010")
        #expect(october.checksum?.fileName == "discogs_20191010_CHECKSUM.txt")
        #expect(october.dumpDate == "20191010")
        #expect(october.dataFiles[.releases]?.url.lastPathComponent == "discogs_20191003_releases.xml.gz")
    }

    @Test("months before 2011-11 have no masters and are incomplete")
    func noMastersBefore2011() throws {
        let early = Self.s3.months.filter { $0 < DumpMonth("2011-11")! }
        #expect(early.count == 29)
        for month in early {
            let set = try #require(Self.s3.dumpSet(for: month, at: location))
            #expect(set.missingKinds == [.masters])
            #expect(!set.isComplete)
        }
        #expect(try set("2011-11").isComplete)
    }

    @Test("a 0-byte CHECKSUM loses to the month's real one; alone, it makes the month unverifiable")
    func emptyChecksum() throws {
        let october = try set("2013-10")
        #expect(october.checksum?.fileName == "discogs_20131002_CHECKSUM.txt")
        #expect(october.checksum?.size == 392)
        #expect(october.checksumState == .present)

        let onlyEmpty = DumpListing(
            body: s3Body([
                ("discogs_20210701_CHECKSUM.txt", 0), ("discogs_20210701_labels.xml.gz", 10),
                ("discogs_20210701_artists.xml.gz", 10), ("discogs_20210701_masters.xml.gz", 10),
                ("discogs_20210701_releases.xml.gz", 10),
            ]))
        let july = try set("2021-07", in: onlyEmpty)
        #expect(july.checksumState == .empty)
        #expect(july.hasAllData)
        #expect(!july.isComplete)
        #expect(onlyEmpty.latestSet(at: location) == nil)
        #expect(onlyEmpty.latestSet(at: location, requiringChecksum: false)?.month == DumpMonth("2021-07"))
    }

    @Test("partial months are reported with what they miss and skipped for the latest")
    func partialMonths() throws {
        let june2020 = try set("2020-06")
        #expect(june2020.missingKinds == [.labels, .artists])
        #expect(june2020.summary == "2020-06: 2 data files, missing labels, artists, CHECKSUM present")
        let upToJune = DumpListing(entries: Self.s3.entries.filter { $0.name.month <= DumpMonth("2020-06")! })
        #expect(upToJune.latestSet(at: location)?.month == DumpMonth("2020-05"))
    }

    @Test("a month published twice (2017-12) takes its later date")
    func republishedMonth() throws {
        let december = try set("2017-12")
        #expect(december.orderedDataFiles.allSatisfy { $0.name.date == "20171212" })
        #expect(december.checksum?.name.date == "20171212")
    }

    @Test("a month without CHECKSUM is found only when the checksum is not required, and says so")
    func missingChecksum() throws {
        let listing = DumpListing(
            body: s3Body(
                DumpKind.allCases.map { ("discogs_20210701_\($0.rawValue).xml.gz", 100) } + [
                    ("discogs_20210601_CHECKSUM.txt", 388)
                ] + DumpKind.allCases.map { ("discogs_20210601_\($0.rawValue).xml.gz", 90) }))
        #expect(listing.latestSet(at: location)?.month == DumpMonth("2021-06"))
        let july = try #require(listing.latestSet(at: location, requiringChecksum: false))
        #expect(july.month == DumpMonth("2021-07"))
        #expect(july.checksumState == .missing)
        #expect(july.checksum == nil)
    }

    @Test("names are found in an HTML page too, without sizes; longer names are not dump files")
    func htmlPage() throws {
        let page = """
            <html><body><h1>Discogs data</h1><ul>
            <li><a href="?download=data%2F2026%2Fdiscogs_20260101_artists.xml.gz">discogs_20260101_artists.xml.gz</a> 490 MB</li>
            <li><a href="?download=data%2F2026%2Fdiscogs_20260101_labels.xml.gz">labels</a></li>
            <li><a href="/data/2026/discogs_20260101_masters.xml.gz">masters</a></li>
            <li><a href='https://example.org/data/2026/discogs_20260101_releases.xml.gz'>releases</a></li>
            <li>Checksums: discogs_20260101_CHECKSUM.txt.</li>
            <li><a href="discogs_20260101_releases.xml.gz.md5">md5</a> discogs_20260101_notes.xml.gz</li>
            </ul></body></html>
            """
        let listing = DumpListing(body: page)
        #expect(listing.entries.count == 5)
        #expect(listing.entries.allSatisfy { $0.size == nil })
        let set = try #require(listing.latestSet(at: location))
        #expect(set.month == DumpMonth("2026-01"))
        #expect(set.dataFiles[.artists]?.size == nil)
        #expect(
            set.dataFiles[.labels]?.url.absoluteString.hasSuffix("/data/2026/discogs_20260101_labels.xml.gz") == true)
    }

    @Test("an S3 error document or an empty body lists nothing")
    func nothing() {
        #expect(
            DumpListing(body: "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>").entries
                .isEmpty)
        #expect(DumpListing(body: "").months.isEmpty)
        #expect(DumpListing(body: "").latestSet(at: location) == nil)
    }

    @Test("two years' listings merge, keeping sizes")
    func merging() {
        let a = DumpListing(body: s3Body([("discogs_20201201_labels.xml.gz", 5)]))
        let b = DumpListing(body: "discogs_20201201_labels.xml.gz discogs_20210101_labels.xml.gz")
        let merged = b.merging(a)
        #expect(merged.entries.count == 2)
        #expect(merged.entries.first?.size == 5)
    }

    func s3Body(_ files: [(String, Int)]) -> String {
        let contents = files.map { name, size in
            let year = name.dropFirst("discogs_".count).prefix(4)
            return "<Contents><Key>data/\(year)/\(name)</Key><Size>\(size)</Size></Contents>"
        }
        return "<ListBucketResult>\(contents.joined())</ListBucketResult>"
    }
}
